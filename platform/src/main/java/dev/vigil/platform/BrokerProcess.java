package dev.vigil.platform;

import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.SecretFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft broker (combined broker + controller) of an {@link EmbeddedCluster}, in a JVM of its
 * own so that it can be lost hard ({@link #kill()}: SIGKILL, no clean shutdown) and started again
 * on the same log dir and ports ({@link #restart()}). Its output goes to {@code <dir>/broker.log}.
 */
public final class BrokerProcess implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(BrokerProcess.class);

  private final int nodeId;
  private final String rack;
  private final String host;
  private final int port;
  private final Path dir;
  private final Path propertiesFile;
  private final int heapMb;
  private volatile Process process;
  private volatile boolean killed;

  private BrokerProcess(
      int nodeId, String rack, String host, int port, Path dir, Path propertiesFile, int heapMb) {
    this.nodeId = nodeId;
    this.rack = rack;
    this.host = host;
    this.port = port;
    this.dir = dir;
    this.propertiesFile = propertiesFile;
    this.heapMb = heapMb;
  }

  /**
   * Formats the broker's log dir on first start (node {@code nodeId} of {@code clusterId}; on a
   * secured cluster with the admin's SCRAM credential, as the single broker is formatted), writes
   * its properties (the embedded broker's settings, security included, then {@code overrides})
   * under {@code dir}, owner-only as they may hold the inter-broker password, and starts its JVM;
   * it is ready once the cluster answers (see {@link EmbeddedCluster}).
   */
  static BrokerProcess start(
      int nodeId,
      String rack,
      BrokerSettings settings,
      int heapMb,
      String clusterId,
      Map<String, String> overrides) {
    Path dir = settings.dataDir().toAbsolutePath();
    Path logDir = dir.resolve("log");
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create broker dir " + dir, e);
    }
    Properties props =
        EmbeddedKafkaBroker.brokerProperties(
            settings, logDir, settings.port(), settings.controllerPort());
    props.putAll(overrides);
    props.put("node.id", Integer.toString(nodeId));
    props.put("broker.rack", rack);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      EmbeddedKafkaBroker.format(
          logDir,
          nodeId,
          clusterId,
          settings.security().map(BrokerSecurity::scramArguments).orElse(List.of()));
    }
    Path file = dir.resolve("server.properties");
    StringWriter text = new StringWriter();
    try {
      props.store(text, "vigil cluster broker " + nodeId + " (rack " + rack + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    SecretFiles.write(file, text.toString());
    BrokerProcess broker =
        new BrokerProcess(nodeId, rack, settings.host(), settings.port(), dir, file, heapMb);
    broker.launch();
    return broker;
  }

  private void launch() {
    String javaBin =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin);
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BrokerMain.class.getName());
    cmd.add(propertiesFile.toString());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    try {
      process =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start broker " + nodeId, e);
    }
    LOGGER
        .atInfo()
        .addKeyValue("node", nodeId)
        .addKeyValue("rack", rack)
        .addKeyValue("bootstrap", bootstrapServer())
        .addKeyValue("pid", process.pid())
        .log("cluster broker started");
  }

  public int nodeId() {
    return nodeId;
  }

  /** The broker's {@code broker.rack}: the location it stands for. */
  public String rack() {
    return rack;
  }

  /** {@code host:port} of this broker's client listener. */
  public String bootstrapServer() {
    return host + ":" + port;
  }

  public Path logFile() {
    return dir.resolve("broker.log");
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Loses the broker hard: SIGKILL, no controlled shutdown; waits until the JVM is gone. */
  public void kill() {
    killed = true;
    process.destroyForcibly();
    await(30_000);
    LOGGER.atWarn().addKeyValue("node", nodeId).addKeyValue("rack", rack).log("broker killed");
  }

  /** Starts a stopped or killed broker again on the same log dir and ports. */
  public synchronized void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("broker " + nodeId + " (" + rack + ") is still running");
    }
    killed = false;
    launch();
  }

  /** True after {@link #kill()}, until {@link #restart()}. */
  public boolean killed() {
    return killed;
  }

  /** SIGTERM (controlled shutdown), then SIGKILL after 30 s. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /**
   * SIGTERM (controlled shutdown), then SIGKILL if the JVM is still there after {@code grace}; a
   * zero grace is SIGKILL at once. Returns when the JVM is gone; true if it ended on SIGTERM.
   */
  public boolean stop(Duration grace) {
    if (!process.isAlive()) {
      return true;
    }
    if (!grace.isZero()) {
      process.destroy();
      if (await(grace.toMillis())) {
        return true;
      }
    }
    process.destroyForcibly();
    await(10_000);
    return false;
  }

  private boolean await(long millis) {
    try {
      return process.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
