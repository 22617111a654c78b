package dev.vigil.streams.failover.topology;

import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditWriting;
import dev.vigil.streams.failover.FailoverEngine;
import dev.vigil.streams.failover.OtelFailoverMetrics;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.runtime.StreamsRunner;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/** The failover correlator: {@link FailoverTopology} on a {@link StreamsRunner} (EOS v2). */
public final class FailoverApp implements AutoCloseable {
  public static final String APPLICATION_ID = "vigil-failover";

  private final StreamsRunner runner;
  private final FailoverEngine engine;

  private FailoverApp(StreamsRunner runner, FailoverEngine engine) {
    this.runner = runner;
    this.engine = engine;
  }

  /**
   * Settings of the correlator.
   *
   * @param applicationId Kafka Streams application id (one per deployment)
   * @param tickInterval wall-clock punctuation interval (dwell, staleness, waiver expiry)
   * @param stateDir Kafka Streams state
   * @param overrides extra Streams properties (tests shorten timeouts)
   * @param liveCacheSize decoded service states kept in memory per task (LRU)
   * @param audit keys and checkpoint interval of the {@code failover} audit chain
   */
  public record Settings(
      String applicationId,
      Duration tickInterval,
      Path stateDir,
      Map<String, Object> overrides,
      int liveCacheSize,
      AuditWriting audit) {
    public Settings {
      Objects.requireNonNull(audit, "audit");
      Objects.requireNonNull(applicationId, "applicationId");
      Objects.requireNonNull(tickInterval, "tickInterval");
      Objects.requireNonNull(stateDir, "stateDir");
      overrides = Map.copyOf(overrides);
      if (liveCacheSize < 1) {
        throw new IllegalArgumentException("liveCacheSize must be positive");
      }
    }

    /** With {@link AuditWriting#ephemeral()} audit keys (tests and benchmarks). */
    public Settings(
        String applicationId,
        Duration tickInterval,
        Path stateDir,
        Map<String, Object> overrides,
        int liveCacheSize) {
      this(
          applicationId,
          tickInterval,
          stateDir,
          overrides,
          liveCacheSize,
          AuditWriting.ephemeral());
    }

    /** With the default live-cache size and ephemeral audit keys (tests and benchmarks). */
    public Settings(
        String applicationId, Duration tickInterval, Path stateDir, Map<String, Object> overrides) {
      this(
          applicationId,
          tickInterval,
          stateDir,
          overrides,
          FailoverTopology.DEFAULT_LIVE_CACHE_SIZE);
    }
  }

  public static FailoverApp start(
      FailoverConfig config,
      Settings settings,
      Map<String, Object> clientProperties,
      SchemaRegistryClient registry,
      OpenTelemetry otel) {
    // With task idling, Kafka Streams 4.4 formatted a log text per empty input partition for every
    // record: with four input topics of which three are mostly empty that was a quarter of the
    // stream thread's CPU. Disabling it gives up only the wait for records known to be on the
    // broker but not yet fetched; within a partition the order is kept, and the gates are evaluated
    // again before every stage (docs/failover.md "Input order").
    Properties props =
        StreamsRunner.propertiesWithoutTaskIdling(
            settings.applicationId(), clientProperties, settings.stateDir(), settings.overrides());
    FailoverEngine engine = new FailoverEngine(config);
    return new FailoverApp(
        StreamsRunner.start(
            FailoverTopology.build(
                engine,
                registry,
                settings.tickInterval(),
                new OtelFailoverMetrics(otel),
                settings.liveCacheSize(),
                settings.audit()),
            props,
            Duration.ofSeconds(120)),
        engine);
  }

  /** Interactive queries on this instance's stores, for the status API. */
  public FailoverStatusQuery statusQuery() {
    return new FailoverStatusQuery(engine, runner.streams());
  }

  public StreamsRunner runner() {
    return runner;
  }

  @Override
  public void close() {
    runner.close();
  }
}
