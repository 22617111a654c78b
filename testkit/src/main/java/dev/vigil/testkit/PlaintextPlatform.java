package dev.vigil.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opt-out: the tests of a class so annotated get a separate <em>plaintext</em> embedded platform
 * (no TLS, no authentication, no ACLs) instead of the secured one. Only for tests about plaintext
 * itself; testkit/README.md lists who uses it and why.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PlaintextPlatform {
  /** Why this test needs a plaintext broker (shown nowhere; it is for the reader). */
  String value();
}
