/** Vigil redaction-rules module; see the module README. */
package dev.vigil.redactionrules;
