package dev.vigil.platform.security;

/**
 * The key protection of the PKCS12 key stores that Kafka builds in memory from Vigil's PEM files.
 *
 * <p>Each Kafka listener or client with a PEM key store ({@code ssl.keystore.type=PEM}) puts the
 * key into a new in-memory PKCS12 store and reads it back for its key manager; the JDK protects
 * every such entry with PBKDF2-HMAC-SHA256 at 10,000 iterations, twice per store (about 80 ms of
 * CPU each in a cold JVM, and a broker opens several: its two listeners and its channels to the
 * controller). The protection buys nothing there: the store never leaves the process and its
 * password sits beside it. The keys on disk are PEM files of mode 600 (see {@link SecretFiles}),
 * untouched by this setting.
 */
public final class InMemoryKeyStores {
  /** The JDK's override of the PKCS12 key protection iteration count (system or security). */
  public static final String ITERATION_COUNT_PROPERTY = "keystore.pkcs12.keyPbeIterationCount";

  private InMemoryKeyStores() {}

  /**
   * Sets the PKCS12 key protection of new entries in this JVM to one iteration, unless the operator
   * set {@value #ITERATION_COUNT_PROPERTY} already. For JVMs that write no PKCS12 files (Vigil
   * writes PEM only); call it before the first TLS listener or client starts.
   */
  public static void skipKeyProtectionOfNewEntries() {
    if (System.getProperty(ITERATION_COUNT_PROPERTY) == null) {
      System.setProperty(ITERATION_COUNT_PROPERTY, "1");
    }
  }
}
