package dev.vigil.app.cli;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.runtime.ClientConnections;
import dev.vigil.app.runtime.Clients;
import dev.vigil.app.runtime.Endpoints;
import dev.vigil.schemas.registry.RegistryConfig;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine.Option;

/**
 * Where the short-lived client commands ({@code publish}, {@code tail}, {@code operator}, ...)
 * connect and as whom: explicit {@code --bootstrap}/{@code --registry} and a {@code
 * --client-config} properties file (TLS, SASL, registry basic auth), else the endpoints.json of a
 * running {@code vigil run} and — when that platform is secured — the command's own principal's
 * credentials from the same data dir.
 */
public final class ClientOptions {
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  Optional<String> bootstrap = Optional.empty();

  @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL.")
  Optional<String> registry = Optional.empty();

  @Option(
      names = "--client-config",
      paramLabel = "F",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*; registry: "
              + "basic.auth.user.info), as for the Kafka CLI tools; a file holding a secret must "
              + "be mode 600. Default: the credentials of --data-dir's platform.")
  Optional<Path> clientConfig = Optional.empty();

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      defaultValue = ".vigil",
      description =
          "Read endpoints.json (and the platform's credentials) from here when --bootstrap/"
              + "--registry/--client-config are not given (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--config",
      paramLabel = "F",
      description =
          "Vigil config (docs/config.md) of the platform; its audit.keysDir is where the audit"
              + " keys are. Default: the audit keys dir the data dir's running vigil run"
              + " announced in endpoints.json, else <data-dir>/keys/audit.")
  Optional<Path> config = Optional.empty();

  /**
   * The audit keys the commands that append to the audit trail key and checkpoint their records
   * with: those of {@code audit.keysDir} ({@code --config}, or as announced by the running {@code
   * vigil run} in endpoints.json), which must exist, else the data dir's {@code keys/audit}
   * (generated there on first use).
   */
  AuditKeys auditKeys() {
    Optional<Path> configured = configuredAuditKeysDir();
    return configured.isPresent()
        ? AuditKeys.read(configured.get())
        : AuditKeys.readOrCreate(auditKeysDir());
  }

  /**
   * Where the audit keys are: {@code audit.keysDir} of {@code --config}, else the one {@code vigil
   * run} of the data dir announced, else {@code <data-dir>/keys/audit}, its default.
   */
  Path auditKeysDir() {
    return configuredAuditKeysDir().orElse(dataDir.resolve("keys").resolve("audit"));
  }

  private Optional<Path> configuredAuditKeysDir() {
    if (config.isPresent()) {
      return ConfigLoader.load(config.get()).audit().keysDir();
    }
    return Endpoints.read(dataDir).map(e -> e.get(Endpoints.AUDIT_KEYS_DIR)).map(Path::of);
  }

  String bootstrap() {
    return bootstrap.orElseGet(() -> endpoint("bootstrap"));
  }

  String registry() {
    return registry.orElseGet(() -> endpoint("registry"));
  }

  /**
   * The Kafka connection of Kafka user {@code user}: the --client-config file when given (its
   * principal, whatever {@code user} says), else the data dir's platform.
   */
  Map<String, Object> connection(String user) {
    if (clientConfig.isPresent()) {
      Map<String, Object> props = new HashMap<>(ClientConnections.fromFile(clientConfig.get()));
      props.put("bootstrap.servers", bootstrap());
      return props;
    }
    if (bootstrap.isPresent()
        && Endpoints.read(dataDir)
            .map(e -> !bootstrap.get().equals(e.get("bootstrap")))
            .orElse(true)) {
      return Clients.plaintext(bootstrap.get());
    }
    return ClientConnections.local(dataDir, endpoints(), user);
  }

  /** The registry client: basic auth from --client-config ({@code basic.auth.user.info}). */
  SchemaRegistryClient registryClient() {
    Map<String, Object> config = new HashMap<>();
    clientConfig
        .map(ClientConnections::fromFile)
        .map(p -> p.get(RegistryConfig.BASIC_AUTH_USER_INFO))
        .ifPresent(info -> config.put(RegistryConfig.BASIC_AUTH_USER_INFO, info));
    return SchemaRegistryClients.create(registry(), config);
  }

  /** A producer that loses nothing it acknowledged ({@link Clients#producer}), as {@code user}. */
  <K, V> KafkaProducer<K, V> producer(
      String user, String clientId, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    return Clients.producer(connection(user), clientId, keySerializer, valueSerializer);
  }

  /** A consumer of committed records only, without a group ({@link Clients}), as {@code user}. */
  KafkaConsumer<byte[], byte[]> readCommittedConsumer(String user, String clientId) {
    return Clients.readCommittedConsumer(connection(user), clientId);
  }

  private Map<String, String> endpoints() {
    return Endpoints.read(dataDir)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no "
                        + dataDir.resolve(Endpoints.FILE)
                        + ": start `vigil run` first or pass --bootstrap and --registry"));
  }

  private String endpoint(String key) {
    String value = endpoints().get(key);
    if (value == null) {
      throw new IllegalStateException(dataDir.resolve(Endpoints.FILE) + " has no '" + key + "'");
    }
    return value;
  }

  /**
   * The partitions of {@code topic}, its metadata awaited up to 30 s.
   *
   * @throws IllegalStateException when the topic does not exist
   */
  static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    return partitions;
  }
}
