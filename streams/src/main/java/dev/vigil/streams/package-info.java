/** Vigil streams module; see the module README. */
package dev.vigil.streams;
