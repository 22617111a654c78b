package dev.vigil.streams.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Site- and segment-wide evidence through the topology, for several services: an IDS alert on a
 * site blocks every service that would fail over into it, and none that would not; a segment's
 * alert only the services in that segment.
 */
class ScopedEvidenceTopologyTest {
  private static final List<String> SITES = List.of("primary", "dr", "third");

  /** a and b fail over primary → dr (a in segment pci); c fails over primary → third. */
  private static final Map<String, ServiceConfig> SERVICES =
      Map.of(
          "a", ServiceConfig.of("primary", "dr", 2, 3, 2, "60s", List.of("pci")),
          "b", ServiceConfig.of("primary", "dr", 2, 3, 2, "60s"),
          "c", ServiceConfig.of("primary", "third", 2, 3, 2, "60s"));

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private SchemaRegistryClient registry;
  private final Harness h = Harness.standard(); // event builders and the clock only
  private TestOutputTopic<String, FailoverTrigger> triggers;
  private final Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();

  @BeforeEach
  void start() {
    registry = SchemaRegistryClients.create("mock://scoped-evidence-test", Map.of());
    FailoverEngine engine =
        new FailoverEngine(
            FailoverConfig.of(SITES, SERVICES, FailoverPolicy.defaults(), GatesConfig.defaults()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoped-evidence-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    driver =
        new TopologyTestDriver(
            FailoverTopology.build(engine, registry, Duration.ofSeconds(1), FailoverMetrics.NONE),
            props,
            Harness.T0);
    triggers =
        driver.createOutputTopic(
            Topics.FAILOVER_TRIGGERS.name(),
            new StringDeserializer(),
            TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldBlockEveryServiceFailingOverIntoASiteWithASiteWideIntrusionAndNoOther() {
    // Given good site-wide posture everywhere and every site UP for every service
    steady();
    // When dr's IDS reports an intrusion for the whole site, then primary fails for everyone
    SecuritySignal intrusion = wide(h.signal("dr", Severity.HIGH), null);
    send(intrusion);
    failPrimary();
    // Then a and b (into dr) are BLOCKED by it, c (into third) prepares: one decision each
    Map<String, FailoverTrigger> first = firstTriggers();
    assertThat(first).containsOnlyKeys("a", "b", "c");
    for (String blocked : List.of("a", "b")) {
      assertThat(first.get(blocked).getStage().name()).isEqualTo("BLOCKED");
      assertThat(failing(first.get(blocked))).containsExactly(GateName.INTRUSION);
      assertThat(first.get(blocked).getGates().get(4).getEvidenceEventIds())
          .containsExactly(intrusion.getEventId().toString());
    }
    assertThat(first.get("c").getStage().name()).isEqualTo("PREPARE");
  }

  @Test
  void shouldBlockOnlyTheServicesOfASegmentOnASegmentWideIntrusion() {
    steady();
    send(wide(h.signal("dr", Severity.CRITICAL), "pci"));
    failPrimary();
    Map<String, FailoverTrigger> first = firstTriggers();
    assertThat(first.get("a").getStage().name()).isEqualTo("BLOCKED");
    assertThat(first.get("b").getStage().name()).isEqualTo("PREPARE");
    assertThat(first.get("c").getStage().name()).isEqualTo("PREPARE");
  }

  // ---- driving -------------------------------------------------------------------------------

  private void steady() {
    for (String site : SITES) {
      send(
          wide(h.finding(site, PostureCheck.DRIFT, FindingStatus.OK, Severity.INFO, "base"), null));
      send(wide(h.cert(site, "ca", h.now.plus(Duration.ofDays(90)), "AA"), null));
      send(wide(h.key(site, "k1", "7"), null));
    }
    rounds(2, CheckStatus.PASS);
    for (String site : SITES) {
      send(
          wide(
              h.finding(site, PostureCheck.IDS_HEARTBEAT, FindingStatus.OK, Severity.INFO, "ids"),
              null));
    }
  }

  private void failPrimary() {
    for (int i = 0; i < 3; i++) {
      advance();
      for (String svc : SERVICES.keySet()) {
        for (String v : List.of("v1", "v2")) {
          send(probe(svc, "primary", v, CheckStatus.FAIL));
        }
      }
    }
  }

  private void rounds(int n, CheckStatus status) {
    for (int i = 0; i < n; i++) {
      advance();
      SERVICES.forEach(
          (svc, sc) -> {
            for (String site : List.of(sc.active(), sc.standby())) {
              for (String v : List.of("v1", "v2")) {
                send(probe(svc, site, v, status));
              }
            }
          });
    }
  }

  private void advance() {
    h.now = h.now.plusSeconds(10);
    driver.advanceWallClockTime(Duration.ofSeconds(10));
  }

  private HealthCheckResult probe(String svc, String site, String vantage, CheckStatus status) {
    HealthCheckResult r = h.probe(site, vantage, status);
    r.setService(svc);
    return r;
  }

  private static <T extends SpecificRecord> T wide(T event, String segment) {
    EvidenceScope scope = segment == null ? EvidenceScope.SITE : EvidenceScope.SEGMENT;
    if (event instanceof PostureFinding f) {
      f.setService("");
      f.setScope(scope);
      f.setSegment(segment);
    } else if (event instanceof SecuritySignal s) {
      s.setService("");
      s.setScope(scope);
      s.setSegment(segment);
    }
    return event;
  }

  private Map<String, FailoverTrigger> firstTriggers() {
    Map<String, FailoverTrigger> first = new TreeMap<>();
    Map<String, Integer> count = new TreeMap<>();
    triggers
        .readRecordsToList()
        .forEach(
            r -> {
              first.putIfAbsent(r.key(), r.value());
              count.merge(r.key(), 1, Integer::sum);
            });
    assertThat(count.values()).as("one decision per service").containsOnly(1);
    return first;
  }

  private static List<GateName> failing(FailoverTrigger t) {
    return t.getGates().stream().filter(g -> !g.getPassed()).map(GateResult::getGate).toList();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void send(SpecificRecord event) {
    Topic<?> topic =
        event instanceof HealthCheckResult
            ? Topics.HEALTH
            : event instanceof SecuritySignal ? Topics.SECURITY : Topics.POSTURE;
    inputs
        .computeIfAbsent(
            topic.name(),
            n ->
                driver.createInputTopic(
                    n,
                    new StringSerializer(),
                    (Serializer) TopicSerdes.value(topic, registry).serializer(),
                    Instant.EPOCH,
                    Duration.ZERO))
        .pipeInput(FailoverEngine.serviceOf(event), event, h.now);
  }
}
