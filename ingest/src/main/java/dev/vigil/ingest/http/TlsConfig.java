package dev.vigil.ingest.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for the ingest API: a key store with the server's key and certificate chain.
 *
 * @param keyStore path of the key store file
 * @param password key store (and key) password; read it from a file or the environment, never from
 *     the YAML itself; hidden in {@link #toString()}
 * @param type key store type, {@code PKCS12} by default
 */
public record TlsConfig(Path keyStore, String password, String type) {
  public TlsConfig {
    Objects.requireNonNull(keyStore, "ingest.http.keyStore must be set");
    Objects.requireNonNull(password, "ingest.http.keyStorePasswordFile must be set");
    type = type == null || type.isBlank() ? "PKCS12" : type;
  }

  public static TlsConfig pkcs12(Path keyStore, String password) {
    return new TlsConfig(keyStore, password, "PKCS12");
  }

  @Override
  public String toString() {
    return "TlsConfig[keyStore=" + keyStore + ", password=***, type=" + type + "]";
  }
}
