package dev.vigil.platform;

import dev.vigil.platform.security.InMemoryKeyStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * The main class of one {@link BrokerProcess}: runs a KRaft server on its log dir (formatted by the
 * launcher before the first start) until SIGTERM, and halts when the JVM that started it
 * disappears, so a crashed parent leaves no broker behind.
 *
 * <p>Arguments: {@code <server.properties> <parent pid>}. The properties file may hold the admin's
 * SCRAM password (the inter-broker login of a secured cluster): it is written mode 600.
 */
public final class BrokerMain {
  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: BrokerMain <server.properties> <parent pid>");
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      props.load(in);
    }
    long parent = Long.parseLong(args[1]);
    InMemoryKeyStores.skipKeyProtectionOfNewEntries();
    Optional<ProcessHandle> parentHandle = ProcessHandle.of(parent);
    if (parentHandle.isEmpty()) {
      return;
    }
    parentHandle.get().onExit().thenRun(() -> Runtime.getRuntime().halt(0));
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "vigil-broker-shutdown"));
    server.startup();
    server.awaitShutdown();
  }
}
