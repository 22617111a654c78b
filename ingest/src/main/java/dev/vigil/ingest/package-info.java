/** Vigil ingest module; see the module README. */
package dev.vigil.ingest;
