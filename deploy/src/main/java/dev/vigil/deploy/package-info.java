/** Vigil deploy module; see the module README. */
package dev.vigil.deploy;
