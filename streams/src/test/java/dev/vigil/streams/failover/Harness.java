package dev.vigil.streams.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.GatesConfig;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.testkit.EventFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Drives a {@link FailoverEngine} for service {@code payments} (primary → dr) the way the topology
 * will: events through onEvent, wall-clock ticks through onTick, the state round-tripped through
 * the codec every time. {@link #advance} walks time in 10 s steps; at each step every scripted
 * vantage point sends its scripted status and every site with heartbeats on reports one.
 */
final class Harness {
  static final String SVC = "payments";
  static final String PRIMARY = "primary";
  static final String DR = "dr";
  static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

  final FailoverEngine engine;
  ServiceState state;
  Instant now = T0;
  private long ids;
  final List<FailoverTrigger> triggers = new ArrayList<>();
  final List<Alert> alerts = new ArrayList<>();
  final List<AuditEntry> audit = new ArrayList<>();
  final List<FailoverState> snapshots = new ArrayList<>();
  final Map<String, Map<String, CheckStatus>> script = new TreeMap<>();
  final Map<String, Boolean> heartbeats = new TreeMap<>();

  /** Site- and segment-wide evidence, as the topology's scope table holds it. */
  final Map<String, SiteState> scopes = new TreeMap<>();

  final ScopeEvidence scopeView = ScopeEvidence.of(scopes);
  Decision last;

  Harness(FailoverConfig config) {
    this.engine = new FailoverEngine(config);
  }

  Harness() {
    this(config(FailoverPolicy.defaults()));
  }

  static FailoverConfig config(FailoverPolicy policy) {
    return config(policy, longLivedPosture());
  }

  /**
   * Default gates, except that drift, certificate and key evidence stay fresh for 30 days: the
   * scenarios send posture once and run for hours. Freshness has its own tests with the defaults.
   */
  static GatesConfig longLivedPosture() {
    GatesConfig d = GatesConfig.defaults();
    return new GatesConfig(
        GatesConfig.Drift.of(null, null, "30d"),
        d.idsHeartbeat(),
        GatesConfig.Certificate.of(null, null, null, "30d"),
        GatesConfig.KeySync.of(null, "30d"),
        d.intrusion());
  }

  static FailoverConfig config(FailoverPolicy policy, GatesConfig gates) {
    return FailoverConfig.of(
        List.of(PRIMARY, DR),
        Map.of(SVC, ServiceConfig.of(PRIMARY, DR, 2, 3, 2, "60s")),
        policy,
        gates);
  }

  /** Default policy: prepare 30 s, steps 10/50/100 at 30/30/60 s, cooldown 10 m. */
  static Harness standard() {
    return new Harness();
  }

  // ---- driving -------------------------------------------------------------------------------

  /**
   * Decides as {@code FailoverProcessor} does (the live state object, in-memory caches and all) and
   * checks the decision against one taken on a freshly decoded copy (no caches), so every scenario
   * also proves that the caches never change a decision and that the stored bytes hold everything.
   */
  Decision send(SpecificRecord input) {
    if (ScopeEvidence.keyOf(input) != null) {
      return sendScoped(input);
    }
    Decision reference = engine.onEvent(decoded(), input, now, false, decodedScopes());
    Decision live = engine.onEvent(state, input, now, false, scopeView);
    return record(same(live, reference));
  }

  /**
   * A site- or segment-wide finding or signal, handled as {@code FailoverProcessor} does: recorded
   * in the scope table (round-tripped through its codec), then the service decided again at once
   * when it has an open incident. Returns that decision, or null when none was taken.
   */
  Decision sendScoped(SpecificRecord input) {
    String key = ScopeEvidence.keyOf(input);
    SiteState stored = scopes.get(key);
    SiteState updated = engine.recordScoped(stored, input, now);
    scopes.put(key, StateBinary.readScope(StateBinary.writeScope(updated)));
    if (state != null && state.incident != null && engine.affects(key, SVC)) {
      return tick();
    }
    return null;
  }

  Decision tick() {
    Decision reference = engine.onTick(decoded(), now, false, decodedScopes());
    Decision live = engine.onTick(state, now, false, scopeView);
    return record(same(live, reference));
  }

  private ScopeEvidence decodedScopes() {
    Map<String, SiteState> copy = new TreeMap<>();
    scopes.forEach((k, v) -> copy.put(k, StateBinary.readScope(StateBinary.writeScope(v))));
    return ScopeEvidence.of(copy);
  }

  private ServiceState decoded() {
    return state == null ? null : ServiceStateCodec.fromBytes(ServiceStateCodec.toBytes(state));
  }

  private static Decision same(Decision live, Decision reference) {
    assertThat(live.triggers()).isEqualTo(reference.triggers());
    assertThat(live.alerts()).isEqualTo(reference.alerts());
    assertThat(live.audit()).isEqualTo(reference.audit());
    assertThat(live.snapshot()).isEqualTo(reference.snapshot());
    assertThat(ServiceStateCodec.toJson(live.state()))
        .isEqualTo(ServiceStateCodec.toJson(reference.state()));
    return live;
  }

  private Decision record(Decision d) {
    last = d;
    state = d.state();
    triggers.addAll(d.triggers());
    alerts.addAll(d.alerts());
    audit.addAll(d.audit());
    d.snapshot().ifPresent(snapshots::add);
    return d;
  }

  /** Both sites healthy by two vantage points, good posture on both, heartbeats on. */
  Harness steady() {
    posture(PRIMARY);
    posture(DR);
    script(PRIMARY, CheckStatus.PASS);
    script(DR, CheckStatus.PASS);
    heartbeats.put(PRIMARY, true);
    heartbeats.put(DR, true);
    advance(Duration.ofSeconds(20));
    return this;
  }

  /** Every scripted vantage of {@code site} (v1, v2) reports {@code status} from now on. */
  void script(String site, CheckStatus status) {
    script.put(site, new LinkedHashMap<>(Map.of("v1", status, "v2", status)));
  }

  void script(String site, String vantage, CheckStatus status) {
    script.computeIfAbsent(site, k -> new LinkedHashMap<>()).put(vantage, status);
  }

  void silence(String site) {
    script.remove(site);
  }

  /** Walks time forward in 10 s steps: one round of probes and heartbeats, then a tick. */
  void advance(Duration d) {
    Instant end = now.plus(d);
    while (now.isBefore(end)) {
      now = now.plusSeconds(10);
      round();
      tick();
    }
  }

  void round() {
    roundEvents().forEach(this::send);
  }

  /** One round: a probe per scripted site and vantage, an IDS heartbeat per site that has them. */
  List<SpecificRecord> roundEvents() {
    List<SpecificRecord> events = new ArrayList<>();
    script.forEach(
        (site, byVantage) -> byVantage.forEach((v, st) -> events.add(probe(site, v, st))));
    heartbeats.forEach(
        (site, on) -> {
          if (on) {
            events.add(heartbeat(site));
          }
        });
    return events;
  }

  /** Good posture on {@code site} and its IDS heartbeat. */
  void posture(String site) {
    goodPosture(site).forEach(this::send);
    send(heartbeat(site));
  }

  /** Good posture on {@code site}: baseline checked, a valid certificate, key k1 at version 7. */
  List<PostureFinding> goodPosture(String site) {
    return List.of(
        finding(site, PostureCheck.DRIFT, FindingStatus.OK, Severity.MEDIUM, "baseline"),
        cert(site, "tls-main", now.plus(Duration.ofDays(90)), "AA:BB"),
        key(site, "k1", "7"));
  }

  /** An OK IDS heartbeat from {@code site}. */
  PostureFinding heartbeat(String site) {
    return finding(site, PostureCheck.IDS_HEARTBEAT, FindingStatus.OK, Severity.INFO, "ids");
  }

  // ---- events --------------------------------------------------------------------------------

  UUID nextId() {
    return UUID.nameUUIDFromBytes(("evt-" + ++ids).getBytes(StandardCharsets.UTF_8));
  }

  HealthCheckResult probe(String site, String vantage, CheckStatus status) {
    // the shared fixture, with this harness's deterministic event ids
    return HealthCheckResult.newBuilder(EventFixtures.probe(SVC, site, vantage, status, now))
        .setEventId(nextId())
        .build();
  }

  PostureFinding finding(
      String site, PostureCheck check, FindingStatus status, Severity severity, String control) {
    return findingBuilder(site, check, status, severity, control).build();
  }

  PostureFinding cert(String site, String control, Instant notAfter, String fingerprint) {
    PostureFinding f =
        finding(site, PostureCheck.CERTIFICATE, FindingStatus.OK, Severity.INFO, control);
    f.getFinding().setNotAfter(notAfter);
    f.getFinding().setCertFingerprint(fingerprint);
    return f;
  }

  PostureFinding key(String site, String keyId, String version) {
    PostureFinding f =
        finding(site, PostureCheck.KEY_VERSION, FindingStatus.OK, Severity.INFO, "keys");
    f.getFinding().setKeyId(keyId);
    f.getFinding().setKeyVersion(version);
    return f;
  }

  /** A key report line with a keyset fingerprint, as `vigil keys report` prints it. */
  PostureFinding keyset(String site, String keyId, String version, String fingerprint) {
    PostureFinding f = key(site, keyId, version);
    f.getFinding().setDetails(Map.of("keyset_fingerprint", fingerprint));
    return f;
  }

  private PostureFinding.Builder findingBuilder(
      String site, PostureCheck check, FindingStatus status, Severity severity, String control) {
    PostureFinding.Builder f = EventFixtures.finding(SVC, site, check, control, now);
    f.getFinding().setStatus(status);
    f.getFinding().setSeverity(severity);
    return f.setEventId(nextId());
  }

  SecuritySignal signal(String site, Severity severity) {
    return SampleEvents.intrusion(SVC, site, severity, now).setEventId(nextId()).build();
  }

  OperatorCommand command(OperatorAction action, GateName gate, Instant expiresAt) {
    return OperatorCommand.newBuilder()
        .setCommandId("cmd-" + ++ids)
        .setService(SVC)
        .setAction(action)
        .setGate(gate)
        .setReason("test reason")
        .setOperator("alice")
        .setIssuedAt(now)
        .setExpiresAt(expiresAt)
        .build();
  }

  OperatorCommand command(OperatorAction action) {
    return command(action, null, null);
  }

  // ---- reading -------------------------------------------------------------------------------

  List<String> stages() {
    return triggers.stream().map(t -> t.getStage() + ":" + t.getTrafficPercent()).toList();
  }

  List<TriggerStage> stageList() {
    return triggers.stream().map(FailoverTrigger::getStage).toList();
  }

  FailoverTrigger lastTrigger() {
    return triggers.get(triggers.size() - 1);
  }

  List<Alert> alerts(String dedupKey) {
    return alerts.stream().filter(a -> a.getDedupKey().equals(dedupKey)).toList();
  }

  List<AlertAction> actions(String dedupKey) {
    return alerts(dedupKey).stream().map(Alert::getAction).toList();
  }

  static String key(String... parts) {
    return "vigil/" + SVC + "/" + String.join("/", parts);
  }
}
