/** Scheduling shared by the periodic collectors. */
package dev.vigil.ingest.schedule;
