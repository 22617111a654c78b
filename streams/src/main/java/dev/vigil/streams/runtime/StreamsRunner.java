package dev.vigil.streams.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one {@link KafkaStreams} (topologies stay pure): exactly-once v2, explicit internal resource
 * names, state under the data dir, a bounded start and a clean close that leaves the group (so a
 * restart does not wait for a session timeout).
 */
public final class StreamsRunner implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsRunner.class);

  private final String applicationId;
  private final KafkaStreams streams;

  private StreamsRunner(String applicationId, KafkaStreams streams) {
    this.applicationId = applicationId;
    this.streams = streams;
  }

  /** The properties every Vigil Streams app runs with; {@code overrides} come last. */
  public static Properties properties(
      String applicationId,
      Map<String, Object> clientProperties,
      Path stateDir,
      Map<String, Object> overrides) {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  /** Starts the app and waits until it is RUNNING (or fails) within {@code timeout}. */
  public static StreamsRunner start(Topology topology, Properties props, Duration timeout) {
    String appId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    KafkaStreams streams = new KafkaStreams(topology, props);
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR) {
            running.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          LOGGER
              .atError()
              .addKeyValue("app", appId)
              .addKeyValue("error", e.getClass().getName())
              .log("stream thread failed; shutting the client down");
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.start();
    try {
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
          || streams.state() == KafkaStreams.State.ERROR) {
        streams.close(Duration.ofSeconds(10));
        throw new IllegalStateException(appId + " did not reach RUNNING within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      streams.close(Duration.ofSeconds(10));
      throw new IllegalStateException("interrupted while starting " + appId, e);
    }
    LOGGER.atInfo().addKeyValue("app", appId).log("streams app running");
    return new StreamsRunner(appId, streams);
  }

  public KafkaStreams streams() {
    return streams;
  }

  public boolean isRunning() {
    return streams.state().isRunningOrRebalancing();
  }

  @Override
  public void close() {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    LOGGER.atInfo().addKeyValue("app", applicationId).log("streams app stopped");
  }
}
