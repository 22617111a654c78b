package dev.vigil.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The main class of one {@link BrokerProcess}: formats its log dir on first start (static
 * controller quorum, the cluster id given), runs a KRaft server until SIGTERM, and halts when the
 * JVM that started it disappears, so a crashed parent leaves no broker behind.
 *
 * <p>Arguments: {@code <server.properties> <cluster id> <parent pid>}.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: BrokerMain <server.properties> <cluster id> <parent pid>");
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      props.load(in);
    }
    long parent = Long.parseLong(args[2]);
    Optional<ProcessHandle> parentHandle = ProcessHandle.of(parent);
    if (parentHandle.isEmpty()) {
      return;
    }
    parentHandle.get().onExit().thenRun(() -> Runtime.getRuntime().halt(0));
    Path dir = Path.of(props.getProperty("log.dirs"));
    if (!Files.exists(dir.resolve("meta.properties"))) {
      format(dir, Integer.parseInt(props.getProperty("node.id")), args[1]);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "vigil-broker-shutdown"));
    server.startup();
    server.awaitShutdown();
  }

  private static void format(Path dir, int nodeId, String clusterId) {
    try {
      Files.createDirectories(dir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(dir.toString()))
          .setMetadataLogDirectory(dir.toString())
          .setControllerListenerName(EmbeddedKafkaBroker.CONTROLLER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka data dir " + dir, e);
    }
  }
}
