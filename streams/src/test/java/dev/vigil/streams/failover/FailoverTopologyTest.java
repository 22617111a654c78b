package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.DR;
import static dev.vigil.streams.failover.Harness.PRIMARY;
import static dev.vigil.streams.failover.Harness.SVC;
import static dev.vigil.streams.failover.Harness.key;
import static dev.vigil.testkit.assertions.VigilAssertions.assertThat;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.FailoverPhase;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.Verification;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.topology.FailoverStatusQuery;
import dev.vigil.streams.failover.topology.FailoverTopology;
import dev.vigil.streams.redaction.RedactionHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real {@link FailoverTopology} (serdes, stores, punctuation, audit sealing) through the
 * docs/design.md §6 scenarios; the engine's own rules are covered by the core tests.
 */
class FailoverTopologyTest {
  private final List<FailoverTrigger> triggers = new ArrayList<>();
  private final List<Alert> alerts = new ArrayList<>();
  private final List<FailoverState> snapshots = new ArrayList<>();
  private final List<TestRecord<String, AuditRecord>> audit = new ArrayList<>();
  private final AtomicInteger unhandled = new AtomicInteger();
  private final List<String> quarantined = new ArrayList<>();
  private final List<Long> latencies = new ArrayList<>();

  private SchemaRegistryClient registry;
  private TopologyTestDriver driver;
  private DriverInputs inputs;
  private Harness h;
  private TestOutputTopic<String, FailoverTrigger> triggerOut;
  private TestOutputTopic<String, Alert> alertOut;
  private TestOutputTopic<String, FailoverState> stateOut;
  private TestOutputTopic<String, AuditRecord> auditOut;
  private final Map<String, List<String>> triggerKeys = new java.util.TreeMap<>();

  @TempDir java.nio.file.Path stateDir;

  @BeforeEach
  void start() {
    registry = SchemaRegistryClients.create("mock://failover-topology-test", Map.of());
    open(Harness.standard());
  }

  /** (Re)starts the driver on {@code harness}'s engine. */
  private void open(Harness harness) {
    if (driver != null) {
      driver.close();
    }
    h = harness;
    FailoverMetrics metrics =
        new FailoverMetrics() {
          @Override
          public void unhandled() {
            unhandled.incrementAndGet();
          }

          @Override
          public void detected(TriggerStage stage, long latencyMs) {
            latencies.add(latencyMs);
          }

          @Override
          public void quarantined(String sourceTopic, String stage) {
            quarantined.add(sourceTopic + "/" + stage);
          }
        };
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "failover-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    driver =
        new TopologyTestDriver(
            FailoverTopology.build(h.engine, registry, Duration.ofSeconds(1), metrics),
            props,
            Harness.T0);
    inputs = new DriverInputs(driver, registry);
    triggerOut = output(Topics.FAILOVER_TRIGGERS);
    alertOut = output(Topics.ALERTS);
    stateOut = output(Topics.FAILOVER_STATE);
    auditOut = output(Topics.AUDIT);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  // ---- scenarios -----------------------------------------------------------------------------

  @Test
  void shouldNeverTriggerOnOneFlakyVantagePoint() {
    steady();
    h.script(PRIMARY, "v1", CheckStatus.FAIL);
    advance(Duration.ofMinutes(3));
    assertThat(triggers).isEmpty();
    assertThat(snapshots).isNotEmpty();
    assertThat(snapshots.get(snapshots.size() - 1).getPhase()).isEqualTo(FailoverPhase.STEADY);
  }

  @Test
  void shouldEmitPrepareWithEvidenceAndSnapshotWhenQuorumCrosses() {
    steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));

    assertThat(stages()).containsExactly("PREPARE:0");
    FailoverTrigger prepare = triggers.get(0);
    assertThat(triggerKeys.get(prepare.getTriggerId())).containsExactly(SVC);
    assertThat(prepare).forService(SVC).movesTraffic(PRIMARY, DR).passesAllGates();
    assertThat(prepare.getEvidenceEventIds()).isNotEmpty();
    assertThat(prepare.getValidUntil()).isAfter(prepare.getIssuedAt());
    FailoverState last = snapshots.get(snapshots.size() - 1);
    assertThat(last.getPhase()).isEqualTo(FailoverPhase.FAILING_OVER);
    assertThat(last.getIncidentId()).isEqualTo(prepare.getIncidentId());
    assertThat(latencies).hasSize(1).allMatch(ms -> ms >= 0 && ms < 10_000);
  }

  @Test
  void shouldProgressThroughTheStagesByDwellOnWallClockPunctuation() {
    steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    assertThat(stages()).containsExactly("PREPARE:0");
    // No events at all from here: only the punctuation moves the stages.
    h.script.clear();
    h.heartbeats.clear();
    tickOnly(Duration.ofSeconds(20));
    assertThat(stages()).containsExactly("PREPARE:0");
    tickOnly(Duration.ofSeconds(15));
    assertThat(stages()).containsExactly("PREPARE:0", "SHIFT:10");
    h.script(PRIMARY, CheckStatus.FAIL);
    h.script(DR, CheckStatus.PASS);
    h.heartbeats.put(DR, true);
    advance(Duration.ofMinutes(3));
    assertThat(stages())
        .containsExactly("PREPARE:0", "SHIFT:10", "SHIFT:50", "SHIFT:100", "COMPLETE:100");
    assertThat(triggers.stream().map(FailoverTrigger::getTriggerId).distinct()).hasSize(5);
    FailoverState last = snapshots.get(snapshots.size() - 1);
    assertThat(last.getPhase()).isEqualTo(FailoverPhase.FAILED_OVER);
    assertThat(last.getActiveSite()).isEqualTo(DR);
  }

  @Test
  void shouldAbortWhenSourceRecoversBeforeComplete() {
    steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(60));
    assertThat(stages()).containsExactly("PREPARE:0", "SHIFT:10");
    h.script(PRIMARY, CheckStatus.PASS);
    advance(Duration.ofSeconds(30));
    assertThat(stages()).containsExactly("PREPARE:0", "SHIFT:10", "ABORT:0");
  }

  @Test
  void shouldHoldWithAlertWhenTargetDegradesThenRollBackWhenSourceIsUp() {
    steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(50));
    h.script(DR, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    assertThat(stages()).containsExactly("PREPARE:0", "SHIFT:10", "HOLD:10");
    Alert hold = alerts(key("hold")).get(0);
    assertThat(hold.getAction()).isEqualTo(AlertAction.TRIGGER);
    assertThat(hold.getSeverity()).isEqualTo(AlertSeverity.SEV1);

    h.script(PRIMARY, CheckStatus.PASS);
    advance(Duration.ofSeconds(30));
    assertThat(stages()).containsExactly("PREPARE:0", "SHIFT:10", "HOLD:10", "ROLLBACK:0");
    assertThat(alerts(key("rollback"))).extracting(Alert::getAction).contains(AlertAction.TRIGGER);
  }

  @Test
  void shouldBlockOnDriftViolationOnTheTarget() {
    steady();
    PostureFinding drift =
        h.finding(DR, PostureCheck.DRIFT, FindingStatus.VIOLATION, Severity.HIGH, "ssh-root");
    send(drift);
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    assertBlockedBy(GateName.DRIFT, drift.getEventId().toString());
  }

  @Test
  void shouldBlockOnIntrusionOnTheTargetAndProceedUnderWaiverThenReblockWhenItExpires() {
    steady();
    SecuritySignal intrusion = h.signal(DR, Severity.CRITICAL);
    send(intrusion);
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    assertBlockedBy(GateName.INTRUSION, intrusion.getEventId().toString());

    // The operator waives the gate for one minute through vigil.control.v1.
    send(h.command(OperatorAction.WAIVE, GateName.INTRUSION, h.now.plus(Duration.ofMinutes(1))));
    advance(Duration.ofSeconds(10));
    assertThat(stages()).containsExactly("BLOCKED:0", "PREPARE:0");
    assertThat(alerts(key("blocked")))
        .extracting(Alert::getAction)
        .containsExactly(AlertAction.TRIGGER, AlertAction.RESOLVE);

    // The waiver expires by itself (wall clock): the intrusion blocks the next stage again.
    advance(Duration.ofSeconds(70));
    assertThat(stages()).containsExactly("BLOCKED:0", "PREPARE:0", "SHIFT:10", "HOLD:10");
    assertThat(triggers.get(3)).hasStage(TriggerStage.HOLD).isBlockedOnlyBy(GateName.INTRUSION);
    assertThat(audit).extracting(r -> r.value().getAction()).contains("command", "waiver.expired");
  }

  @Test
  void shouldAnswerTheStatusQueryFromTheStoresWithTheFailingGateAndItsEvidence() {
    // Given a failover blocked by an intrusion on the target, then waived for a minute
    steady();
    SecuritySignal intrusion = h.signal(DR, Severity.CRITICAL);
    send(intrusion);
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    FailoverStatusQuery query =
        new FailoverStatusQuery(
            h.engine,
            () -> driver.getKeyValueStore(FailoverTopology.STATE_STORE),
            () -> driver.getKeyValueStore(FailoverTopology.SCOPE_STORE),
            () -> driver.getKeyValueStore(FailoverTopology.TRANSITIONS_STORE));

    // When the status API asks the stores
    FailoverStatus status = query.one(Harness.SVC, h.now).orElseThrow();

    // Then it shows the phase, the sites and the failing gate with the intrusion's event id
    assertThat(query.all(h.now))
        .extracting(x -> x.state().getService())
        .containsExactly(Harness.SVC);
    assertThat(status.state().getPhase()).isEqualTo(FailoverPhase.BLOCKED);
    assertThat(status.state().getActiveSite()).isEqualTo(PRIMARY);
    assertThat(status.incidentTo()).isEqualTo(DR);
    GateResult gate =
        status.state().getGates().stream()
            .filter(g -> g.getGate() == GateName.INTRUSION)
            .findFirst()
            .orElseThrow();
    assertThat(gate.getPassed()).isFalse();
    assertThat(gate.getEvidenceEventIds()).contains(intrusion.getEventId().toString());
    // And when that evidence was observed, for its age
    assertThat(status.evidenceObservedAt())
        .containsEntry(intrusion.getEventId().toString(), intrusion.getObservedAt());
    assertThat(status.openAlerts()).contains(key("blocked"));
    assertThat(query.one("unknown", h.now)).isEmpty();
    // And the BLOCKED transition, also in the list
    assertThat(status.recentTransitions())
        .extracting(TransitionLogEntry::transition)
        .containsExactly(Transition.BLOCKED);
    assertThat(query.all(h.now).get(0).recentTransitions()).isEqualTo(status.recentTransitions());

    // And a waiver shows with its expiry
    send(h.command(OperatorAction.WAIVE, GateName.INTRUSION, h.now.plus(Duration.ofMinutes(1))));
    advance(Duration.ofSeconds(10));
    FailoverStatus waived = query.one(Harness.SVC, h.now).orElseThrow();
    assertThat(waived.waivers())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.gate()).isEqualTo(GateName.INTRUSION);
              assertThat(w.site()).isEqualTo(DR);
              assertThat(w.expiresAt()).isAfter(h.now);
            });
  }

  @Test
  void shouldKeepTheScriptedIncidentsTransitionsNewestFirstInTheTransitionsStore() {
    // Given a failover that shifts, holds when the target degrades, and rolls back
    steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(50));
    h.script(DR, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    h.script(PRIMARY, CheckStatus.PASS);
    advance(Duration.ofSeconds(30));
    assertThat(stages()).containsExactly("PREPARE:0", "SHIFT:10", "HOLD:10", "ROLLBACK:0");

    // When the service's transition log is read from its store
    byte[] stored =
        driver
            .<String, byte[]>getKeyValueStore(FailoverTopology.TRANSITIONS_STORE)
            .get(Harness.SVC);
    List<TransitionLogEntry> log = TransitionLog.fromBytes(stored).newestFirst();

    // Then it holds the incident's transitions, newest first, with traffic, sites and reasons
    String incident = triggers.get(0).getIncidentId();
    assertThat(log)
        .extracting(TransitionLogEntry::label, TransitionLogEntry::trafficPercent)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ROLLBACK", 0),
            org.assertj.core.groups.Tuple.tuple("HOLD", 10),
            org.assertj.core.groups.Tuple.tuple("SHIFT 1", 10),
            org.assertj.core.groups.Tuple.tuple("PREPARE", 0));
    assertThat(log)
        .allSatisfy(
            e -> {
              assertThat(e.incidentId()).isEqualTo(incident);
              assertThat(e.fromSite()).isEqualTo(PRIMARY);
              assertThat(e.toSite()).isEqualTo(DR);
              assertThat(e.reason()).isNotBlank();
            });
    assertThat(log)
        .extracting(TransitionLogEntry::at)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    // And it says what the audit chain says, in the reverse order
    List<String> audited =
        audit.stream()
            .map(TestRecord::value)
            .filter(r -> r.getAction().equals("transition"))
            .map(r -> r.getDetails().get(Transition.AUDIT_KEY))
            .toList();
    assertThat(audited).containsExactly("PREPARE", "SHIFT 1", "HOLD", "ROLLBACK");
    assertThat(log.get(1).at()).isEqualTo(triggers.get(2).getIssuedAt());
  }

  @Test
  void shouldKeepEachServicesTransitionsUnderItsOwnKey() {
    // Given two services on the same sites, only payments' primary failing
    String other = "ledger";
    open(
        new Harness(
            FailoverConfig.of(
                List.of(PRIMARY, DR),
                Map.of(
                    SVC, ServiceConfig.of(PRIMARY, DR, 2, 3, 2, "60s"),
                    other, ServiceConfig.of(PRIMARY, DR, 2, 3, 2, "60s")),
                FailoverPolicy.defaults(),
                Harness.longLivedPosture())));
    // (ledger gets the same probes but none of payments' posture evidence: its gates fail)
    steady();
    probedAlso.add(other);
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    assertThat(triggers)
        .extracting(t -> t.getService() + ":" + t.getStage())
        .containsExactlyInAnyOrder(SVC + ":PREPARE", other + ":BLOCKED");

    // When both services' logs are read
    var store = driver.<String, byte[]>getKeyValueStore(FailoverTopology.TRANSITIONS_STORE);
    List<TransitionLogEntry> payments = TransitionLog.fromBytes(store.get(SVC)).newestFirst();
    List<TransitionLogEntry> ledger = TransitionLog.fromBytes(store.get(other)).newestFirst();

    // Then each holds its own incident's transition only
    assertThat(payments).extracting(TransitionLogEntry::label).containsExactly("PREPARE");
    assertThat(ledger).extracting(TransitionLogEntry::label).containsExactly("BLOCKED");
    assertThat(payments.get(0).incidentId())
        .isEqualTo(triggerOf(SVC).getIncidentId())
        .isNotEqualTo(ledger.get(0).incidentId());
    assertThat(ledger.get(0).incidentId()).isEqualTo(triggerOf(other).getIncidentId());
  }

  private FailoverTrigger triggerOf(String service) {
    return triggers.stream().filter(t -> t.getService().equals(service)).findFirst().orElseThrow();
  }

  @Test
  void shouldChainEveryAuditEntryOnOneVerifiableChain() {
    steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    send(h.command(OperatorAction.WAIVE, GateName.DRIFT, h.now.plus(Duration.ofMinutes(2))));
    advance(Duration.ofMinutes(4));
    assertThat(stages()).endsWith("COMPLETE:100");

    List<AuditRecord> records = audit.stream().map(TestRecord::value).toList();
    Map<String, Verification> verified = AuditChain.verifyAll(records);
    assertThat(verified).containsOnlyKeys(FailoverTopology.AUDIT_CHAIN);
    assertThat(verified.get("failover").ok()).isTrue();
    assertThat(verified.get("failover").checked()).isEqualTo(records.size());
    assertThat(audit).allMatch(r -> r.key().equals("failover"));
    assertThat(records).extracting(AuditRecord::getSeq).startsWith(0L, 1L, 2L);
    // Every trigger is in the trail, by id.
    assertThat(
            records.stream()
                .filter(r -> r.getAction().equals("trigger"))
                .map(r -> r.getDetails().get("trigger_id")))
        .containsExactlyElementsOf(triggers.stream().map(FailoverTrigger::getTriggerId).toList());

    // Tampering with one sealed record is detected at its index.
    List<AuditRecord> edited = new ArrayList<>(records);
    AuditRecord copy = AuditRecord.newBuilder(records.get(3)).setActor("mallory").build();
    edited.set(3, copy);
    Verification bad = AuditChain.verifyAll(edited).get("failover");
    assertThat(bad.ok()).isFalse();
    assertThat(bad.badIndex()).isEqualTo(3);
  }

  @Test
  void shouldNotRewriteAnIdleServicesStateOnEveryTick() {
    // Given a steady service whose state is on the changelog
    steady();
    String changelog = "failover-test-" + FailoverTopology.STATE_STORE + "-changelog";
    TestOutputTopic<String, byte[]> written =
        driver.createOutputTopic(changelog, new StringDeserializer(), new ByteArrayDeserializer());
    assertThat(written.readRecordsToList()).isNotEmpty();
    // When nothing arrives for a few ticks (the state is re-evaluated on each, nothing changes)
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    // Then the changelog gets nothing: an idle service costs no writes
    assertThat(written.readRecordsToList()).isEmpty();
    // And a real change is still written
    h.now = h.now.plusSeconds(5);
    inputs.of(Topics.HEALTH).pipeInput(SVC, h.probe(PRIMARY, "v1", CheckStatus.PASS), h.now);
    assertThat(written.readRecordsToList()).hasSize(1);
  }

  @Test
  void shouldSkipAndCountServicesTheConfigDoesNotName() {
    steady();
    HealthCheckResult other = h.probe(PRIMARY, "v1", CheckStatus.FAIL);
    other.setService("not-configured");
    inputs.of(Topics.HEALTH).pipeInput("not-configured", other, h.now);
    assertThat(unhandled.get()).isEqualTo(1);
    drain();
    assertThat(alerts).noneMatch(a -> a.getService().equals("not-configured"));
  }

  @Test
  void shouldRekeyRecordsWhoseKeyIsNotTheirService() {
    steady();
    h.script.clear();
    h.heartbeats.clear();
    int before = triggers.size();
    // Three rounds of failing probes for primary, keyed by the vantage instead of the service.
    for (int i = 0; i < 3; i++) {
      h.now = h.now.plusSeconds(10);
      driver.advanceWallClockTime(Duration.ofSeconds(10));
      for (String v : List.of("v1", "v2")) {
        inputs.of(Topics.HEALTH).pipeInput(v, h.probe(PRIMARY, v, CheckStatus.FAIL), h.now);
      }
      inputs.of(Topics.HEALTH).pipeInput("x", h.probe(DR, "v1", CheckStatus.PASS), h.now);
      inputs.of(Topics.HEALTH).pipeInput("y", h.probe(DR, "v2", CheckStatus.PASS), h.now);
    }
    drain();
    assertThat(stages().subList(before, triggers.size())).containsExactly("PREPARE:0");
  }

  @Test
  void shouldQuarantineUndecodableInputsWithHeadersAndKeepDeciding() {
    // Given a steady service
    steady();
    int before = triggers.size();
    TestInputTopic<String, byte[]> rawHealth =
        driver.createInputTopic(
            Topics.HEALTH.name(), new StringSerializer(), new ByteArraySerializer());
    TestInputTopic<String, byte[]> rawControl =
        driver.createInputTopic(
            Topics.CONTROL.name(), new StringSerializer(), new ByteArraySerializer());
    TestOutputTopic<String, byte[]> quarantine =
        driver.createOutputTopic(
            Topics.QUARANTINE.name(), new StringDeserializer(), new ByteArrayDeserializer());
    byte[] garbage = "not avro at all user=alice@example.com".getBytes(StandardCharsets.UTF_8);
    byte[] unknownSchema = {0, 0, 0, 0x7f, 0x42, 1, 2, 3};

    // When garbage, a record of an unknown schema id and a garbage command arrive between probes
    rawHealth.pipeInput(SVC, garbage, h.now);
    rawHealth.pipeInput(SVC, unknownSchema, h.now);
    rawControl.pipeInput(SVC, garbage, h.now);
    // and the primary then fails on both vantage points
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));

    // Then each bad record is in the quarantine as it arrived, with the error headers
    List<TestRecord<String, byte[]>> bad = quarantine.readRecordsToList();
    assertThat(bad).hasSize(3);
    assertThat(bad).extracting(TestRecord::key).containsOnly(SVC);
    assertThat(bad.get(0).value()).isEqualTo(garbage);
    assertThat(bad.get(1).value()).isEqualTo(unknownSchema);
    assertThat(bad)
        .extracting(r -> RedactionHeaders.get(r.headers(), RedactionHeaders.SOURCE_TOPIC))
        .containsExactly(Topics.HEALTH.name(), Topics.HEALTH.name(), Topics.CONTROL.name());
    assertThat(bad)
        .extracting(r -> RedactionHeaders.get(r.headers(), RedactionHeaders.SOURCE_OFFSET))
        .allMatch(o -> Long.parseLong(o) >= 0);
    for (TestRecord<String, byte[]> r : bad) {
      Headers headers = r.headers();
      assertThat(RedactionHeaders.get(headers, RedactionHeaders.ERROR_STAGE)).isEqualTo("decode");
      assertThat(RedactionHeaders.get(headers, RedactionHeaders.ERROR_CLASS))
          .isEqualTo(SerializationException.class.getName());
      assertThat(RedactionHeaders.get(headers, RedactionHeaders.ERROR_REASON))
          .isNotBlank()
          .doesNotContain("alice");
      assertThat(RedactionHeaders.get(headers, RedactionHeaders.SOURCE_PARTITION)).isEqualTo("0");
    }
    assertThat(quarantined)
        .containsExactly(
            Topics.HEALTH.name() + "/decode",
            Topics.HEALTH.name() + "/decode",
            Topics.CONTROL.name() + "/decode");
    // and the valid events after them were still decided: the failover was prepared
    assertThat(stages().subList(before, triggers.size())).containsExactly("PREPARE:0");
  }

  @Test
  void shouldBlockEveryServiceOnASiteWideIntrusionThroughTheBroadcastScopeTopic() {
    // Given a steady service and an IDS alert for the whole standby site (no service named)
    steady();
    SecuritySignal intrusion = h.signal(DR, Severity.HIGH);
    intrusion.setService("");
    intrusion.setScope(EvidenceScope.SITE);
    send(intrusion);
    // When the active site fails
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    // Then the failover is blocked by the intrusion, with the signal as evidence
    assertBlockedBy(GateName.INTRUSION, intrusion.getEventId().toString());
    assertThat(unhandled.get()).isZero();
  }

  @Test
  void shouldQuarantineFutureDatedInputsAndNotLetThemPinAGate() {
    // Given a steady service
    steady();
    TestOutputTopic<String, byte[]> quarantine =
        driver.createOutputTopic(
            Topics.QUARANTINE.name(), new StringDeserializer(), new ByteArrayDeserializer());
    // When a heartbeat for the standby dated an hour ahead arrives, and real heartbeats stop
    PostureFinding future =
        h.finding(DR, PostureCheck.IDS_HEARTBEAT, FindingStatus.OK, Severity.INFO, "ids");
    future.setObservedAt(h.now.plus(Duration.ofHours(1)));
    send(future);
    h.heartbeats.put(DR, false);
    // Then it is quarantined with stage clock and a reason that names the rule
    List<TestRecord<String, byte[]>> bad = quarantine.readRecordsToList();
    assertThat(bad).hasSize(1);
    assertThat(RedactionHeaders.get(bad.get(0).headers(), RedactionHeaders.ERROR_STAGE))
        .isEqualTo("clock");
    assertThat(RedactionHeaders.get(bad.get(0).headers(), RedactionHeaders.ERROR_REASON))
        .contains("failover.maxClockSkew");
    assertThat(quarantined).containsExactly(Topics.POSTURE.name() + "/clock");
    // And the standby's heartbeat gate ages out as if it had never come
    advance(Duration.ofMinutes(6));
    h.script(PRIMARY, CheckStatus.FAIL);
    advance(Duration.ofSeconds(30));
    assertThat(stages()).containsExactly("BLOCKED:0");
    assertThat(triggers.get(0)).isBlockedOnlyBy(GateName.IDS_HEARTBEAT);
  }

  // ---- driving -------------------------------------------------------------------------------

  private void steady() {
    h.script(PRIMARY, CheckStatus.PASS);
    h.script(DR, CheckStatus.PASS);
    h.heartbeats.put(PRIMARY, true);
    h.heartbeats.put(DR, true);
    for (String site : List.of(PRIMARY, DR)) {
      h.goodPosture(site).forEach(this::send);
    }
    advance(Duration.ofSeconds(20));
  }

  /** Services other than the harness's that get a copy of every scripted probe. */
  private final List<String> probedAlso = new ArrayList<>();

  /** 10 s steps: the wall clock moves (punctuation runs), then one round of probes/heartbeats. */
  private void advance(Duration d) {
    java.time.Instant end = h.now.plus(d);
    while (h.now.isBefore(end)) {
      h.now = h.now.plusSeconds(10);
      driver.advanceWallClockTime(Duration.ofSeconds(10));
      for (SpecificRecord event : h.roundEvents()) {
        send(event);
        if (event instanceof HealthCheckResult probe) {
          for (String service : probedAlso) {
            send(HealthCheckResult.newBuilder(probe).setService(service).build());
          }
        }
      }
      drain();
    }
  }

  /** Only the wall clock moves, in 1 s steps. */
  private void tickOnly(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) {
      h.now = h.now.plusSeconds(1);
      driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    drain();
  }

  private void send(SpecificRecord event) {
    inputs.pipe(event, h.now);
    drain();
  }

  private <V> TestOutputTopic<String, V> output(Topic<V> topic) {
    return driver.createOutputTopic(
        topic.name(), new StringDeserializer(), TopicSerdes.value(topic, registry).deserializer());
  }

  private void drain() {
    triggerOut
        .readRecordsToList()
        .forEach(
            r -> {
              triggers.add(r.value());
              triggerKeys
                  .computeIfAbsent(r.value().getTriggerId(), k -> new ArrayList<>())
                  .add(r.key());
            });
    alertOut
        .readRecordsToList()
        .forEach(
            r -> {
              assertThat(r.key()).isEqualTo(r.value().getDedupKey());
              alerts.add(r.value());
            });
    stateOut
        .readRecordsToList()
        .forEach(
            r -> {
              assertThat(r.key()).isEqualTo(r.value().getService());
              snapshots.add(r.value());
            });
    audit.addAll(auditOut.readRecordsToList());
  }

  // ---- reading -------------------------------------------------------------------------------

  private List<String> stages() {
    return triggers.stream().map(t -> t.getStage() + ":" + t.getTrafficPercent()).toList();
  }

  private List<Alert> alerts(String dedupKey) {
    return alerts.stream().filter(a -> a.getDedupKey().equals(dedupKey)).toList();
  }

  private void assertBlockedBy(GateName gate, String evidenceId) {
    assertThat(stages()).containsExactly("BLOCKED:0");
    assertThat(triggers.get(0)).hasStage(TriggerStage.BLOCKED).isBlockedOnlyBy(gate);
    Alert blocked = alerts(key("blocked")).get(0);
    assertThat(blocked).isTrigger().hasSeverity(AlertSeverity.SEV1);
    assertThat(blocked.getEvidence()).contains(evidenceId);
    assertThat(snapshots.get(snapshots.size() - 1).getPhase()).isEqualTo(FailoverPhase.BLOCKED);
  }
}
