package dev.vigil.app.runtime;

import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.platform.security.SecretFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How a client command connects: with a client-properties file ({@code --client-config}), or to the
 * platform of a data dir — its {@code endpoints.json} and, when that platform is secured, the
 * credentials under {@code <data-dir>/security}.
 */
public final class ClientConnections {
  /** The endpoints.json key saying the broker wants SASL_SSL (absent: plaintext). */
  public static final String SECURITY_KEY = "security";

  /**
   * The endpoints.json key naming the data dir whose {@code security/} holds the credentials, when
   * that is not the data dir of the endpoints.json itself ({@code kafka.platformDataDir}).
   */
  public static final String CREDENTIALS_KEY = "credentials";

  private ClientConnections() {}

  /**
   * Client properties for {@code user} on the platform of {@code dataDir}: bootstrap plus, when
   * {@code endpoints} says it is secured, that user's SASL_SSL settings from the data dir (or the
   * one {@code endpoints} names under {@link #CREDENTIALS_KEY}).
   */
  public static Map<String, Object> local(
      Path dataDir, Map<String, String> endpoints, String user) {
    Map<String, Object> props = new HashMap<>();
    if ("SASL_SSL".equals(endpoints.get(SECURITY_KEY))) {
      Path from =
          endpoints.containsKey(CREDENTIALS_KEY)
              ? Path.of(endpoints.get(CREDENTIALS_KEY))
              : dataDir;
      props.putAll(PlatformCredentials.load(from).clientProperties(user));
    }
    props.put("bootstrap.servers", endpoints.get("bootstrap"));
    return props;
  }

  /**
   * A Kafka client-properties file (as for the Kafka CLI tools). A file holding a secret (a JAAS
   * config, a password, basic-auth user info) must be readable by its owner only.
   */
  public static Map<String, Object> fromFile(Path file) {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read client config " + file, e);
    }
    Map<String, Object> props = new HashMap<>();
    boolean secret = false;
    for (String key : p.stringPropertyNames()) {
      props.put(key, p.getProperty(key));
      String k = key.toLowerCase(Locale.ROOT);
      secret |= k.contains("jaas") || k.contains("password") || k.contains("user.info");
    }
    if (secret) {
      SecretFiles.checkPrivate(file);
    }
    return props;
  }

  /** Whether a client-properties key configures the schema registry client, not Kafka. */
  public static boolean registryKey(String key) {
    return key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
  }
}
