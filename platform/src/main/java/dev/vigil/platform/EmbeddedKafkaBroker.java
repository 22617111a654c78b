package dev.vigil.platform;

import dev.vigil.platform.security.BrokerSecurity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.x broker (combined broker + controller, KRaft) in this JVM.
 *
 * <p>The data directory is formatted once ({@code meta.properties} absent) and reused on later
 * starts, so records survive a restart. Single-node replication settings are set so that consumer
 * groups and exactly-once transactions work (see reference/kafka-broker-recipe.md §3).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  static final String CONTROLLER = "CONTROLLER";

  /** The log cleaner's dedupe buffer: see {@link #brokerProperties}. */
  static final int DEDUPE_BUFFER_BYTES = 16 << 20;

  private final BrokerSettings settings;
  private final int port;
  private final KafkaRaftServer server;
  private volatile boolean closed;

  private EmbeddedKafkaBroker(BrokerSettings settings, int port, KafkaRaftServer server) {
    this.settings = settings;
    this.port = port;
    this.server = server;
  }

  /** Formats the data directory if needed, starts the broker and waits until it is ready. */
  public static EmbeddedKafkaBroker start(BrokerSettings settings) {
    String host = settings.host();
    int port = Ports.resolve(host, settings.port());
    int controllerPort = Ports.resolve(host, settings.controllerPort());
    Path dir = settings.dataDir().toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create broker data dir " + dir, e);
    }
    Properties props = brokerProperties(settings, dir, port, controllerPort);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    boolean fresh = !Files.exists(dir.resolve("meta.properties"));
    if (fresh) {
      format(
          dir,
          1,
          Uuid.randomUuid().toString(),
          settings.security().map(BrokerSecurity::scramArguments).orElse(List.of()));
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOGGER
        .atInfo()
        .addKeyValue("bootstrap", host + ":" + port)
        .addKeyValue("formatted", fresh)
        .addKeyValue("secured", settings.security().isPresent())
        .log("embedded Kafka broker started");
    return new EmbeddedKafkaBroker(settings, port, server);
  }

  static Properties brokerProperties(
      BrokerSettings settings, Path dir, int port, int controllerPort) {
    String host = settings.host();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    String client = settings.security().map(BrokerSecurity::clientProtocol).orElse("PLAINTEXT");
    String controller =
        settings.security().map(BrokerSecurity::controllerProtocol).orElse("PLAINTEXT");
    p.put(
        "listeners",
        client
            + "://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER
            + "://"
            + host
            + ":"
            + controllerPort);
    p.put("advertised.listeners", client + "://" + host + ":" + port);
    p.put(
        "listener.security.protocol.map",
        client + ":" + client + "," + CONTROLLER + ":" + controller);
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", client);
    settings.security().ifPresent(s -> p.putAll(s.brokerProperties(client, CONTROLLER)));
    p.put("log.dirs", dir.toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The log cleaner allocates its whole dedupe buffer (default 128 MiB) on the heap at start-up:
    // ~0.7 s of zeroing on the start path and 128 MiB of RSS. 16 MiB still maps ~600,000 keys per
    // cleaning pass (24 bytes a key at 90 % load); Vigil's compacted topics (failover state, rules,
    // changelogs) hold one key per service or rule. More keys only take more passes.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(DEDUPE_BUFFER_BYTES));
    p.putAll(settings.overrides());
    return p;
  }

  /**
   * Formats a KRaft log dir (static controller quorum) as node {@code nodeId} of cluster {@code
   * clusterId}; {@code scramArguments} ({@link BrokerSecurity#scramArguments()}) bootstrap SCRAM
   * users, so a secured broker has its admin before any client could create one. Shared by the
   * single broker and every broker of an {@link EmbeddedCluster}.
   */
  static void format(Path dir, int nodeId, String clusterId, List<String> scramArguments) {
    try {
      Files.createDirectories(dir);
      new Formatter()
          .setScramArguments(scramArguments)
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(dir.toString()))
          .setMetadataLogDirectory(dir.toString())
          .setControllerListenerName(CONTROLLER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka data dir " + dir, e);
    }
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return settings.host() + ":" + port;
  }

  /**
   * Properties a client needs besides {@code bootstrap.servers}: empty for a plaintext broker, the
   * admin's SASL_SSL settings for a secured one.
   */
  public java.util.Map<String, Object> adminClientProperties() {
    java.util.Map<String, Object> p = new java.util.HashMap<>();
    settings.security().ifPresent(s -> p.putAll(s.adminClientProperties()));
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /** Stops the broker and waits for it; the data directory is kept. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    LOGGER
        .atInfo()
        .addKeyValue("bootstrap", bootstrapServers())
        .log("embedded Kafka broker stopped");
  }
}
