package dev.vigil.platform.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The secrets of one embedded platform, kept under {@code <data-dir>/security}: a private CA
 * ({@code ca.crt}, {@code ca.key}), the broker's PEM key store ({@code broker.pem}, kept while it
 * is valid for 30 more days and names the host names of that start, else reissued) and one SCRAM
 * password per Kafka user ({@code users/<user>.password}); with mTLS also one client key store per
 * user ({@code users/<user>.pem}). Every key and password file is mode 600 and refused when it is
 * not.
 *
 * <p>Short-lived commands find these files in the data dir as they find {@code endpoints.json}.
 */
public final class PlatformCredentials {
  /** The directory under a data dir that holds the platform's secrets. */
  public static final String DIR = "security";

  /** The super user: formats the broker, creates the other users and their ACLs. */
  public static final String ADMIN = "vigil-admin";

  /** Subject of the broker certificate; also its principal on the controller listener. */
  public static final String BROKER_CN = "vigil-broker";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(397);

  /** A broker certificate valid for less than this is reissued on start. */
  static final Duration LEAF_RENEWAL = Duration.ofDays(30);

  private final Path dir;

  private PlatformCredentials(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  /** Whether {@code dataDir} holds platform credentials (a secured platform ran there). */
  public static boolean exist(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve(DIR).resolve("ca.crt"));
  }

  /** The credentials in {@code dataDir}; they must exist. */
  public static PlatformCredentials load(Path dataDir) {
    if (!exist(dataDir)) {
      throw new IllegalStateException(
          "no platform credentials in " + dataDir.resolve(DIR) + " (was the platform insecure?)");
    }
    return new PlatformCredentials(dataDir.resolve(DIR));
  }

  /**
   * The credentials in {@code dataDir}, creating the CA and the admin password on first use, and
   * issuing a broker certificate for {@code hostNames} unless the current one is still good ({@link
   * #brokerCertificateCurrent}).
   */
  public static PlatformCredentials prepare(Path dataDir, List<String> hostNames) {
    PlatformCredentials credentials = new PlatformCredentials(dataDir.resolve(DIR));
    LinkedHashSet<String> names = new LinkedHashSet<>(hostNames);
    names.add("localhost");
    names.add("127.0.0.1");
    // Reusing a current certificate keeps BouncyCastle (a signed jar: slow to load, not in the
    // class-data archive) off a restart's critical path.
    if (!credentials.brokerCertificateCurrent(names)) {
      CertificateAuthority ca = credentials.loadOrCreateCa();
      SecretFiles.write(
          credentials.brokerKeyStore(),
          ca.issueServer(BROKER_CN, List.copyOf(names), LEAF_VALIDITY).keyStorePem());
    }
    credentials.ensureUser(ADMIN);
    return credentials;
  }

  /**
   * Whether {@code broker.pem} holds a certificate of this CA ({@code ca.key} present) that is
   * valid now and for at least {@link #LEAF_RENEWAL} more and names every one of {@code names};
   * read with the JDK only. Anything unreadable counts as not current (it is reissued).
   */
  boolean brokerCertificateCurrent(Set<String> names) {
    Path keyStore = brokerKeyStore();
    if (!Files.isRegularFile(caCertificate())
        || !Files.isRegularFile(dir.resolve("ca.key"))
        || !Files.isRegularFile(keyStore)) {
      return false;
    }
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      X509Certificate ca;
      try (InputStream in = Files.newInputStream(caCertificate())) {
        ca = (X509Certificate) x509.generateCertificate(in);
      }
      String pem = SecretFiles.read(keyStore);
      int begin = pem.indexOf("-----BEGIN CERTIFICATE-----");
      if (begin < 0) {
        return false;
      }
      X509Certificate leaf =
          (X509Certificate)
              x509.generateCertificate(
                  new ByteArrayInputStream(
                      pem.substring(begin).getBytes(StandardCharsets.US_ASCII)));
      leaf.verify(ca.getPublicKey());
      leaf.checkValidity(new Date());
      leaf.checkValidity(Date.from(Instant.now().plus(LEAF_RENEWAL)));
      Set<String> sans = new HashSet<>();
      Collection<List<?>> altNames = leaf.getSubjectAlternativeNames();
      if (altNames != null) {
        altNames.forEach(n -> sans.add(String.valueOf(n.get(1))));
      }
      return sans.containsAll(names);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private CertificateAuthority loadOrCreateCa() {
    Path cert = caCertificate();
    Path key = dir.resolve("ca.key");
    try {
      if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
        return CertificateAuthority.fromPem(Files.readString(cert), SecretFiles.read(key));
      }
      Files.createDirectories(dir);
      CertificateAuthority ca = CertificateAuthority.create("Vigil platform CA", CA_VALIDITY);
      SecretFiles.write(key, ca.keyPem());
      Files.writeString(cert, ca.certificatePem());
      return ca;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the platform CA in " + dir, e);
    }
  }

  /** The user's password, generated (256 random bits) and stored mode 600 on first use. */
  public String ensureUser(String user) {
    checkUserName(user);
    Path file = passwordFile(user);
    if (!Files.exists(file)) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      SecretFiles.write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    return SecretFiles.read(file);
  }

  /** The stored password of {@code user}; throws (naming the file) when there is none. */
  public String password(String user) {
    checkUserName(user);
    return SecretFiles.read(passwordFile(user));
  }

  /** Users with a stored password. */
  public Set<String> users() {
    Path users = dir.resolve("users");
    if (!Files.isDirectory(users)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(users)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".password"))
          .map(n -> n.substring(0, n.length() - ".password".length()))
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + users, e);
    }
  }

  /** Issues (or reissues) a client certificate {@code CN=<user>} for mTLS; returns its file. */
  public Path issueClientCertificate(String user) {
    checkUserName(user);
    try {
      CertificateAuthority ca =
          CertificateAuthority.fromPem(
              Files.readString(caCertificate()), SecretFiles.read(dir.resolve("ca.key")));
      Path file = clientKeyStore(user);
      SecretFiles.write(file, ca.issueClient(user, LEAF_VALIDITY).keyStorePem());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the platform CA in " + dir, e);
    }
  }

  /**
   * Client properties for {@code user}: SASL_SSL, SCRAM-SHA-512, the platform CA as trust store,
   * and the client key store when one was issued (mTLS). Bootstrap servers are not included.
   */
  public Map<String, Object> clientProperties(String user) {
    Map<String, Object> p = new HashMap<>();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", BrokerSecurity.MECHANISM);
    p.put("sasl.jaas.config", jaas(user, password(user)));
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", caCertificate().toString());
    Path keyStore = clientKeyStore(user);
    if (Files.isRegularFile(keyStore)) {
      SecretFiles.checkPrivate(keyStore);
      p.put("ssl.keystore.type", "PEM");
      p.put("ssl.keystore.location", keyStore.toString());
    }
    return p;
  }

  static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  public Path directory() {
    return dir;
  }

  public Path caCertificate() {
    return dir.resolve("ca.crt");
  }

  public Path brokerKeyStore() {
    return dir.resolve("broker.pem");
  }

  Path passwordFile(String user) {
    return dir.resolve("users").resolve(user + ".password");
  }

  Path clientKeyStore(String user) {
    return dir.resolve("users").resolve(user + ".pem");
  }

  /** User names become file names and JAAS values: a strict alphabet keeps both safe. */
  static void checkUserName(String user) {
    if (user == null || !user.matches("[a-z0-9][a-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException("Kafka user name must match [a-z0-9][a-z0-9._-]{0,99}");
    }
  }
}
