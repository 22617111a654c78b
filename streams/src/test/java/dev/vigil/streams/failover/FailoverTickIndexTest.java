package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static dev.vigil.streams.failover.Harness.SVC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.topology.FailoverTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlator's tick visits only services with a deadline due (the deadline index), and the
 * bounded live-state cache never changes a decision: the topology, driven through its real stores
 * and punctuation.
 */
class FailoverTickIndexTest {
  private static final String QUIET = "quiet";

  @TempDir Path stateDir;

  @Test
  void shouldNotVisitAnIdleServiceOnceEveryDeadlineOfItsStateHasPassed() {
    // Given two stored services with default gates, one of which goes silent
    try (Run run = new Run(Harness.config(FailoverPolicy.defaults(), GatesConfig.defaults()), 10)) {
      run.probe(SVC, PRIMARY, "v1", CheckStatus.PASS);
      run.probe(QUIET, PRIMARY, "v1", CheckStatus.PASS);
      run.advance(Duration.ofSeconds(1));
      // the first tick after init visits every stored service (it rebuilds the index)
      assertThat(run.visits).containsExactly(2);
      // When the wall clock passes every deadline of the silent one (the largest offset is
      // backoff.resetAfter, 6 h), and then the busy one keeps receiving probes every second
      run.advance(Duration.ofHours(7));
      run.visits.clear();
      for (int i = 0; i < 30; i++) {
        run.probe(SVC, PRIMARY, "v1", CheckStatus.PASS);
        run.advance(Duration.ofSeconds(1));
      }
      // Then every tick visits the busy service only
      assertThat(run.visits).hasSize(30).containsOnly(1);
    }
  }

  @Test
  void shouldTickAnIdleServiceWhenItsProbesGoStale() {
    // Given a service UP by quorum that then falls silent while another one keeps reporting
    try (Run run = new Run(Harness.config(FailoverPolicy.defaults()), 10)) {
      for (int round = 0; round < 2; round++) {
        for (String site : List.of(PRIMARY, DR)) {
          for (String v : List.of("v1", "v2")) {
            run.probe(QUIET, site, v, CheckStatus.PASS);
          }
        }
        run.advance(Duration.ofSeconds(1));
      }
      Instant silentFrom = run.now;
      // When 90 s pass (staleTimeout 60 s) with only the other service reporting
      for (int i = 0; i < 90; i++) {
        run.probe(SVC, PRIMARY, "v1", CheckStatus.PASS);
        run.advance(Duration.ofSeconds(1));
      }
      // Then the silent service was ticked when its vantages went stale: UNKNOWN alerts for both
      // sites, raised within a tick of the grace and staleness ending
      List<Alert> unknown =
          run.alerts.stream()
              .filter(a -> a.getService().equals(QUIET))
              .filter(a -> a.getDedupKey().contains("unknown"))
              .toList();
      assertThat(unknown).hasSize(2).allMatch(a -> a.getAction() == AlertAction.TRIGGER);
      assertThat(unknown)
          .allSatisfy(
              a ->
                  assertThat(a.getCreatedAt())
                      .isBetween(
                          silentFrom.plusSeconds(58), silentFrom.plus(Duration.ofSeconds(62))));
    }
  }

  @Test
  void shouldDecideTheSameWithALiveCacheOfOneAsWithTheDefaultAndCountEvictions() {
    // Given the same failover of one service beside a second, silent one, under two cache sizes
    Run small = scenario(new Run(Harness.config(FailoverPolicy.defaults()), 1));
    Run large = scenario(new Run(Harness.config(FailoverPolicy.defaults()), 10_000));
    // Then the outputs are the same, and only the small cache evicted
    assertThat(small.triggers).isNotEmpty().isEqualTo(large.triggers);
    assertThat(small.triggers)
        .extracting(t -> t.getStage().name())
        .contains("PREPARE", "SHIFT", "COMPLETE");
    assertThat(small.alerts).isNotEmpty().isEqualTo(large.alerts);
    assertThat(small.snapshots).isNotEmpty().isEqualTo(large.snapshots);
    assertThat(small.evictions.get()).isPositive();
    assertThat(large.evictions.get()).isZero();
  }

  /** Both services healthy and gated; then the primary of {@link Harness#SVC} fails over. */
  private Run scenario(Run run) {
    try (run) {
      for (String service : List.of(SVC, QUIET)) {
        for (String site : List.of(PRIMARY, DR)) {
          run.posture(service, site);
        }
      }
      for (int round = 0; round < 2; round++) {
        for (String service : List.of(SVC, QUIET)) {
          for (String site : List.of(PRIMARY, DR)) {
            run.probe(service, site, "v1", CheckStatus.PASS);
            run.probe(service, site, "v2", CheckStatus.PASS);
          }
        }
        run.advance(Duration.ofSeconds(10));
      }
      // 4 minutes: the primary fails, the standby stays UP and heartbeats keep coming
      for (int step = 0; step < 24; step++) {
        run.probe(SVC, PRIMARY, "v1", CheckStatus.FAIL);
        run.probe(SVC, PRIMARY, "v2", CheckStatus.FAIL);
        run.probe(SVC, DR, "v1", CheckStatus.PASS);
        run.probe(SVC, DR, "v2", CheckStatus.PASS);
        run.heartbeat(SVC, DR);
        run.advance(Duration.ofSeconds(10));
      }
      return run;
    }
  }

  /** A topology test driver over two services, and what it emitted. */
  private final class Run implements AutoCloseable {
    final Harness h;
    final TopologyTestDriver driver;
    final SchemaRegistryClient registry;
    final List<Integer> visits = new ArrayList<>();
    final AtomicInteger evictions = new AtomicInteger();
    final List<FailoverTrigger> triggers = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<FailoverState> snapshots = new ArrayList<>();
    final DriverInputs inputs;
    Instant now = Harness.T0;

    Run(FailoverConfig base, int liveCacheSize) {
      FailoverConfig config =
          new FailoverConfig(
              base.sites(),
              new java.util.TreeMap<>(
                  Map.of(
                      SVC, ServiceConfig.of(PRIMARY, DR, 2, 3, 2, "60s"),
                      QUIET, ServiceConfig.of(PRIMARY, DR, 2, 3, 2, "60s"))),
              base.failover(),
              base.gates());
      h = new Harness(config);
      registry = SchemaRegistryClients.create("mock://tick-index-" + System.nanoTime(), Map.of());
      FailoverMetrics metrics =
          new FailoverMetrics() {
            @Override
            public void ticked(int services, long nanos) {
              visits.add(services);
            }

            @Override
            public void liveCacheEvicted() {
              evictions.incrementAndGet();
            }
          };
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tick-index-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("s" + liveCacheSize).toString());
      props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
      driver =
          new TopologyTestDriver(
              FailoverTopology.build(
                  h.engine, registry, Duration.ofSeconds(1), metrics, liveCacheSize),
              props,
              Harness.T0);
      inputs = new DriverInputs(driver, registry);
    }

    void probe(String service, String site, String vantage, CheckStatus status) {
      h.now = now;
      HealthCheckResult p =
          HealthCheckResult.newBuilder(h.probe(site, vantage, status)).setService(service).build();
      pipe(Topics.HEALTH, service, p);
    }

    void heartbeat(String service, String site) {
      h.now = now;
      pipe(Topics.POSTURE, service, forService(h.heartbeat(site), service));
    }

    void posture(String service, String site) {
      h.now = now;
      h.goodPosture(site).forEach(f -> pipe(Topics.POSTURE, service, forService(f, service)));
      heartbeat(service, site);
    }

    private PostureFinding forService(PostureFinding f, String service) {
      return PostureFinding.newBuilder(f).setService(service).build();
    }

    void advance(Duration d) {
      now = now.plus(d);
      driver.advanceWallClockTime(d);
      drain();
    }

    private void pipe(Topic<?> topic, String key, SpecificRecord value) {
      inputs.of(topic).pipeInput(key, value, now);
      drain();
    }

    private void drain() {
      driver
          .createOutputTopic(
              Topics.FAILOVER_TRIGGERS.name(),
              new StringDeserializer(),
              TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer())
          .readValuesToList()
          .forEach(triggers::add);
      driver
          .createOutputTopic(
              Topics.ALERTS.name(),
              new StringDeserializer(),
              TopicSerdes.value(Topics.ALERTS, registry).deserializer())
          .readValuesToList()
          .forEach(alerts::add);
      driver
          .createOutputTopic(
              Topics.FAILOVER_STATE.name(),
              new StringDeserializer(),
              TopicSerdes.value(Topics.FAILOVER_STATE, registry).deserializer())
          .readValuesToList()
          .forEach(snapshots::add);
    }

    @Override
    public void close() {
      driver.close();
    }
  }
}
