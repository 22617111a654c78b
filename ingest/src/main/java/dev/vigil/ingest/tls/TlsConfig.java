package dev.vigil.ingest.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for a collector listener (the HTTP ingest API, syslog over TLS): a key store with the
 * server's key and certificate chain and, for mutual TLS, the CA certificates whose client
 * certificates are required.
 *
 * @param keyStore path of the key store file
 * @param password key store (and key) password; read it from a file or the environment, never from
 *     the YAML itself; hidden in {@link #toString()}
 * @param type key store type, {@code PKCS12} by default
 * @param clientCa PEM file of the CA certificates that sign client certificates; present = every
 *     client must present a certificate that chains to one of them (mutual TLS)
 */
public record TlsConfig(Path keyStore, String password, String type, Optional<Path> clientCa) {
  public TlsConfig {
    Objects.requireNonNull(keyStore, "keyStore must be set");
    Objects.requireNonNull(password, "keyStorePasswordFile must be set");
    type = type == null || type.isBlank() ? "PKCS12" : type;
    Objects.requireNonNull(clientCa, "clientCa must be Optional.empty() when not configured");
  }

  public TlsConfig(Path keyStore, String password, String type) {
    this(keyStore, password, type, Optional.empty());
  }

  public static TlsConfig pkcs12(Path keyStore, String password) {
    return new TlsConfig(keyStore, password, "PKCS12");
  }

  /** The same with mutual TLS: clients must present a certificate signed by a CA in the file. */
  public TlsConfig withClientCa(Path pemFile) {
    return new TlsConfig(keyStore, password, type, Optional.of(pemFile));
  }

  /**
   * Reads a key store password from a file that only its owner may read (no group or world
   * permission on POSIX file systems); the error names the key and the file, never the content.
   */
  public static String readPassword(String key, Path file) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
          throw new IllegalArgumentException(
              key + " " + file + " must be readable by its owner only (chmod 600)");
        }
      }
    } catch (UnsupportedOperationException notPosix) {
      // no POSIX permissions to check on this file system
    }
    String password = Files.readString(file).strip();
    if (password.isEmpty()) {
      throw new IllegalArgumentException(key + " " + file + " is empty");
    }
    return password;
  }

  /** True when clients must present a certificate. */
  public boolean mutual() {
    return clientCa.isPresent();
  }

  /**
   * The server's {@link SSLContext}.
   *
   * @param key the config key prefix named in errors (e.g. {@code ingest.http})
   * @throws IllegalArgumentException naming the key and the file when either cannot be loaded
   */
  public SSLContext serverContext(String key) {
    KeyManagerFactory kmf;
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(in, password.toCharArray());
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          key
              + ".keyStore "
              + keyStore
              + " cannot be loaded ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          kmf.getKeyManagers(),
          clientCa.isPresent() ? trustManagers(key, clientCa.get()).getTrustManagers() : null,
          null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS unavailable (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static TrustManagerFactory trustManagers(String key, Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(key + ".clientCaFile " + pem + " holds no certificate");
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        trust.setCertificateEntry("client-ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          key + ".clientCaFile " + pem + " cannot be loaded (" + e.getClass().getSimpleName() + ")",
          e);
    }
  }

  @Override
  public String toString() {
    return "TlsConfig[keyStore="
        + keyStore
        + ", password=***, type="
        + type
        + ", clientCa="
        + clientCa
        + "]";
  }
}
