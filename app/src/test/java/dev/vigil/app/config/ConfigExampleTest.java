package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.app.components.StatusServer;
import dev.vigil.ingest.probe.CertificateInfo;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.failover.FailoverEngine;
import dev.vigil.streams.failover.FailoverMetrics;
import dev.vigil.streams.failover.FailoverStatus;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.TrafficStep;
import dev.vigil.streams.failover.topology.FailoverStatusQuery;
import dev.vigil.streams.failover.topology.FailoverTopology;
import dev.vigil.testkit.SharedData;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover and ingest examples of docs/config.md are one deployment and work as written: loaded
 * through {@link ConfigLoader} once per site ({@code site: primary}, and {@code site: backup} with
 * its own {@code collectorId}, as the reference says), the documented collectors produce the
 * evidence through their real code, and the failover correlator built from the same config fails
 * {@code shop} over cleanly when primary fails — or blocks it when backup's site-wide IDS sensor
 * reports an intrusion.
 */
class ConfigExampleTest {
  private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  private static final Duration ROUND = Duration.ofSeconds(10); // the probes' documented interval
  private static final Path STATS =
      Path.of("..", "ingest", "src", "test", "resources", "fixtures", "suricata-stats-pretty.json");

  @TempDir static Path certificates;
  private static String shopPem;
  private static String caPem;
  private static String shopFingerprint;

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);
  private final Map<String, AtomicInteger> shopStatus = new LinkedHashMap<>();
  private final Map<String, URI> shopBySite = new HashMap<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<OutgoingEvent> delivered = new ArrayList<>();
  private final Map<String, TestInputTopic<String, SpecificRecord>> inputs = new HashMap<>();
  private VigilConfig config;
  private ExampleSite primary;
  private ExampleSite backup;
  private SchemaRegistryClient registry;
  private TopologyTestDriver driver;
  private FailoverEngine engine;
  private TestOutputTopic<String, FailoverTrigger> triggers;
  private TestOutputTopic<String, byte[]> quarantine;

  @BeforeAll
  static void certificates() throws Exception {
    // the pinned shop-tls certificate (same at both sites) and the internal CA, valid for a year
    shopPem = keytoolPem("shop", "CN=shop.example,O=Vigil Test");
    caPem = keytoolPem("ca", "CN=Vigil Test Internal CA,O=Vigil Test");
    shopFingerprint = CertificateInfo.fingerprint(parse(shopPem));
  }

  @BeforeEach
  void deployTheExample() throws Exception {
    // Given the example loaded as each site's collector would load it
    config = load("primary", "edge-1");
    VigilConfig atBackup = load("backup", "edge-2");
    assertThat(atBackup.failoverConfig().orElseThrow().configVersion())
        .isEqualTo(config.failoverConfig().orElseThrow().configVersion());
    primary = new ExampleSite(config.ingest(), dir.resolve("primary"), clock);
    backup = new ExampleSite(atBackup.ingest(), dir.resolve("backup"), clock);
    // And shop answering at both sites (the documented probe targets cannot be reached here)
    for (String site : config.failoverConfig().orElseThrow().sites()) {
      serveShop(site);
    }
    // And the correlator built from the same config
    FailoverConfig failover = config.failoverConfig().orElseThrow();
    registry = SchemaRegistryClients.create("mock://config-example-test", Map.of());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.failoverSection().applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    engine = new FailoverEngine(failover);
    driver =
        new TopologyTestDriver(
            FailoverTopology.build(
                engine, registry, config.failoverSection().tickInterval(), FailoverMetrics.NONE),
            props,
            T0);
    triggers =
        driver.createOutputTopic(
            Topics.FAILOVER_TRIGGERS.name(),
            new StringDeserializer(),
            TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer());
    quarantine =
        driver.createOutputTopic(
            Topics.QUARANTINE.name(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void shouldFailShopOverCleanlyOnTheEvidenceOfTheDocumentedCollectors() throws Exception {
    // Given each site's posture checks and sensors reporting, and shop UP at both sites
    collectEvidence(List.of());
    rounds(2);
    // When shop stops answering at primary, while wall-clock time passes
    shopStatus.get("primary").set(503);
    List<FailoverTrigger> issued = roundsUntil(t -> t.getStage() == TriggerStage.COMPLETE, 30);

    // Then one staged failover primary → backup: PREPARE, every documented step, COMPLETE
    List<Tuple> expected = new ArrayList<>(List.of(tuple(TriggerStage.PREPARE, 0)));
    for (TrafficStep step : config.failoverConfig().orElseThrow().failover().steps()) {
      expected.add(tuple(TriggerStage.SHIFT, step.percent()));
    }
    expected.add(tuple(TriggerStage.COMPLETE, 100));
    assertThat(issued)
        .extracting(FailoverTrigger::getStage, FailoverTrigger::getTrafficPercent)
        .containsExactlyElementsOf(expected);
    assertThat(issued)
        .extracting(t -> t.getService(), t -> t.getFromSite(), t -> t.getToSite())
        .containsOnly(tuple("shop", "primary", "backup"));
    assertThat(issued)
        .extracting(FailoverTrigger::getIncidentId)
        .containsOnly(issued.get(0).getIncidentId());
    // And it opened on primary's failing probe results, from both collectors' vantage points
    List<String> failing = health("primary", CheckStatus.FAIL);
    assertThat(issued.get(0).getEvidenceEventIds()).isNotEmpty().isSubsetOf(failing);
    assertThat(
            issued.get(0).getEvidenceEventIds().stream()
                .map(id -> healthById(id).getCheck().getVantage())
                .distinct())
        .containsExactlyInAnyOrder("edge-1", "edge-2");
    // And every stage passed all five gates on backup's evidence from the collectors
    String heartbeat = single(posture("backup", PostureCheck.IDS_HEARTBEAT));
    List<String> certificates = posture("backup", PostureCheck.CERTIFICATE);
    List<String> keys = new ArrayList<>(posture("backup", PostureCheck.KEY_VERSION));
    keys.addAll(posture("primary", PostureCheck.KEY_VERSION));
    assertThat(certificates).hasSize(2);
    assertThat(keys).hasSize(2);
    for (FailoverTrigger t : issued) {
      Map<GateName, GateResult> gates = gates(t);
      assertThat(gates.values())
          .as("gates of %s %s", t.getStage(), t.getTrafficPercent())
          .allMatch(g -> g.getPassed() && !g.getWaived());
      assertThat(gates.get(GateName.IDS_HEARTBEAT).getEvidenceEventIds())
          .containsExactly(heartbeat);
      assertThat(gates.get(GateName.CERTIFICATE).getEvidenceEventIds())
          .containsExactlyInAnyOrderElementsOf(certificates);
      assertThat(gates.get(GateName.KEY_SYNC).getEvidenceEventIds())
          .containsExactlyInAnyOrderElementsOf(keys);
      // a passing drift gate names the fresh checks it rests on (one per baseline control)
      assertThat(gates.get(GateName.DRIFT).getEvidenceEventIds())
          .containsExactlyInAnyOrderElementsOf(posture("backup", PostureCheck.DRIFT));
      assertThat(gates.get(GateName.DRIFT).getReason())
          .contains(posture("backup", PostureCheck.DRIFT).size() + " control(s) checked");
      assertThat(gates.get(GateName.INTRUSION).getReason()).startsWith("no signal at or above");
    }
    // And the evidence came site-wide, as the example's sensors and posture checks declare it
    assertThat(postureEvent(heartbeat))
        .extracting(PostureFinding::getScope, f -> f.getService(), f -> f.getSource())
        .containsExactly(EvidenceScope.SITE, "", "suricata-1");
    assertThat(postureEvent(certificates.get(0)))
        .extracting(PostureFinding::getScope, f -> f.getService(), f -> f.getSource())
        .containsExactly(EvidenceScope.SITE, "", "edge-2");
    assertThat(quarantine.readValuesToList()).as("nothing quarantined").isEmpty();
  }

  @Test
  void shouldBlockTheFailoverWhenBackupsSiteWideSensorReportsAnIntrusion() throws Exception {
    // Given the same deployment, but backup's site-wide Suricata writes a severity-1 alert
    String alert =
        ExampleSite.eveLine(
            SharedData.root().resolve("suricata-eve/telegraf-v2/alert.json"),
            clock.instant(),
            Map.of("alert.severity", 1));
    collectEvidence(List.of(alert));
    rounds(2);
    // When shop stops answering at primary
    shopStatus.get("primary").set(503);
    List<FailoverTrigger> issued = roundsUntil(t -> false, 12);

    // Then the failover into backup is BLOCKED by the INTRUSION gate alone, on that alert
    SecuritySignal signal = single(securitySignals("backup"));
    assertThat(signal.getSignal().getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(signal)
        .extracting(SecuritySignal::getScope, s -> s.getService(), s -> s.getSource())
        .containsExactly(EvidenceScope.SITE, "", "suricata-1");
    assertThat(issued)
        .isNotEmpty()
        .extracting(FailoverTrigger::getStage)
        .containsOnly(TriggerStage.BLOCKED);
    Map<GateName, GateResult> gates = gates(issued.get(0));
    assertThat(gates.values().stream().filter(g -> !g.getPassed()).map(GateResult::getGate))
        .containsExactly(GateName.INTRUSION);
    assertThat(gates.get(GateName.INTRUSION).getEvidenceEventIds())
        .containsExactly(signal.getEventId().toString());
  }

  @Test
  void shouldShowTheBlockedFailoverOnTheStatusPageInHeadlessChromium() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    Assumptions.assumeTrue(
        Files.isExecutable(chromium) || System.getenv("CI") != null,
        chromium + " is missing (apt-get install -y chromium); skipped outside CI");
    // Given the scripted incident: backup's sensor reports an intrusion, then shop fails at primary
    String alert =
        ExampleSite.eveLine(
            SharedData.root().resolve("suricata-eve/telegraf-v2/alert.json"),
            clock.instant(),
            Map.of("alert.severity", 1));
    collectEvidence(List.of(alert));
    rounds(2);
    shopStatus.get("primary").set(503);
    List<FailoverTrigger> blocked = roundsUntil(t -> t.getStage() == TriggerStage.BLOCKED, 12);
    String evidence = single(securitySignals("backup")).getEventId().toString();
    String incident = blocked.get(blocked.size() - 1).getIncidentId();

    // When the status page is served from the correlator's stores and loaded in Chromium
    FailoverStatusQuery query =
        new FailoverStatusQuery(
            engine,
            () -> driver.getKeyValueStore(FailoverTopology.STATE_STORE),
            () -> driver.getKeyValueStore(FailoverTopology.SCOPE_STORE),
            () -> driver.getKeyValueStore(FailoverTopology.TRANSITIONS_STORE));
    try (StatusServer server =
        StatusServer.start(
            "127.0.0.1",
            0,
            new StatusServer.Source() {
              @Override
              public List<FailoverStatus> all(Instant now) {
                return query.all(clock.instant());
              }

              @Override
              public java.util.Optional<FailoverStatus> one(String service, Instant now) {
                return query.one(service, clock.instant());
              }
            })) {
      Path artifacts = Files.createDirectories(Path.of("target", "status-page"));
      Path screenshot = artifacts.resolve("blocked-failover.png");
      String dom = chromium(chromium, "--dump-dom", server.url().toString());
      chromium(
          chromium,
          "--screenshot=" + screenshot.toAbsolutePath(),
          server.url().toString(),
          "--window-size=1200,1000");

      // Then the page shows the service, its phase, and the failing gate with its evidence
      assertThat(dom).contains("id=\"service-shop\"", ">BLOCKED<", "INTRUSION", ">FAIL<", evidence);
      // And the recent transitions table with the BLOCKED transition of this incident
      assertThat(dom).contains("Recent transitions", "class=\"transitions\"");
      String transitions = dom.substring(dom.indexOf("class=\"transitions\""));
      assertThat(transitions.substring(0, transitions.indexOf("</table>")))
          .contains(">BLOCKED<", incident, "primary → backup", "INTRUSION (1 signal(s)");
      assertThat(screenshot).isNotEmptyFile();
      Files.writeString(artifacts.resolve("blocked-failover.html"), dom);
    }
  }

  /** Runs headless Chromium on {@code args}; its stdout. */
  private static String chromium(Path binary, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("vigil-chromium"),
                "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return new String(out, java.nio.charset.StandardCharsets.UTF_8);
  }

  // ---- the example ---------------------------------------------------------------------------

  /**
   * The failover block and the ingest block of docs/config.md as one config file. Substituted: the
   * abbreviated pin ({@code "AB:CD:..."}) by the real fingerprint of the test certificate, and for
   * the backup site {@code site} and {@code collectorId}, as the reference tells that site to do.
   * Paths, the certificate endpoint, the key report command and probe targets are replaced later by
   * {@link ExampleSite}.
   */
  private static VigilConfig load(String site, String collectorId) throws Exception {
    String reference = Files.readString(Path.of("..", "docs", "config.md"));
    String failover = yamlBlock(reference, "### Failover (");
    String ingest =
        yamlBlock(reference, "## `ingest`")
            .replace("\"AB:CD:...\"", "\"" + shopFingerprint + "\"")
            .replaceFirst("(?m)^  site: primary\\b", "  site: " + site)
            .replaceFirst("(?m)^  collectorId: edge-1\\b", "  collectorId: " + collectorId);
    VigilConfig loaded = ConfigLoader.parse("docs/config.md", failover + ingest);
    assertThat(loaded.ingest().site()).isEqualTo(site);
    assertThat(loaded.ingest().collectorId()).isEqualTo(collectorId);
    return loaded;
  }

  /** The first {@code yaml} block after {@code heading} (as {@code IngestSectionTest} reads it). */
  private static String yamlBlock(String reference, String heading) {
    int section = reference.indexOf(heading);
    assertThat(section).as("docs/config.md has %s", heading).isNotNegative();
    int start = reference.indexOf("```yaml\n", section) + "```yaml\n".length();
    return reference.substring(start, reference.indexOf("```", start));
  }

  // ---- driving the collectors and the correlator ----------------------------------------------

  /**
   * Posture checks at both sites, then each site's sensors tailed (a stats record each). Collected
   * once, at T0: the failover must end within the heartbeat's 5m maxAge (here it takes under 4m of
   * wall-clock time); a slower example would need the sensors to keep reporting.
   */
  private void collectEvidence(List<String> moreAtBackup) throws Exception {
    for (ExampleSite site : List.of(primary, backup)) {
      site.runPosture(shopPem, caPem);
      List<String> eve = new ArrayList<>();
      eve.add(ExampleSite.eveLine(STATS, clock.instant(), Map.of("host", "ids-" + site.site())));
      if (site == backup) {
        eve.addAll(moreAtBackup);
      }
      long expected = eve.size(); // one heartbeat for the stats record, a signal for each alert
      site.tailSensors(
          eve, events -> events.stream().filter(ConfigExampleTest::fromSensor).count() >= expected);
      deliver(site.drain());
    }
  }

  private static boolean fromSensor(OutgoingEvent e) {
    return e.value() instanceof SecuritySignal
        || e.value() instanceof PostureFinding f
            && f.getFinding().getCheck() == PostureCheck.IDS_HEARTBEAT;
  }

  private void rounds(int n) {
    for (int i = 0; i < n; i++) {
      round();
    }
  }

  /** Probe rounds until a trigger matches {@code last} or {@code max} rounds; all triggers. */
  private List<FailoverTrigger> roundsUntil(Predicate<FailoverTrigger> last, int max) {
    List<FailoverTrigger> issued = new ArrayList<>();
    for (int i = 0; i < max && issued.stream().noneMatch(last); i++) {
      round();
      issued.addAll(triggers.readValuesToList());
    }
    return issued;
  }

  /** One probe interval of wall-clock time, then every probe of both collectors runs once. */
  private void round() {
    clock.advance(ROUND);
    driver.advanceWallClockTime(ROUND);
    for (ExampleSite site : List.of(primary, backup)) {
      site.probeOnce(shopBySite);
      deliver(site.drain());
    }
  }

  /** Collector output goes to the raw topics; the correlator reads their redacted twins. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void deliver(List<OutgoingEvent> events) {
    for (OutgoingEvent e : events) {
      Topic<?> redacted = Topics.redactedOf(Topics.byName(e.topic()).orElseThrow());
      inputs
          .computeIfAbsent(
              redacted.name(),
              n ->
                  driver.createInputTopic(
                      n,
                      new StringSerializer(),
                      (Serializer) TopicSerdes.value(redacted, registry).serializer(),
                      Instant.EPOCH,
                      Duration.ZERO))
          .pipeInput(e.key(), e.value(), clock.instant());
      delivered.add(e);
    }
  }

  private void serveShop(String site) throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    servers.add(server);
    shopStatus.put(site, status);
    shopBySite.put(
        site, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health"));
  }

  // ---- what was delivered --------------------------------------------------------------------

  /** The delivered events of {@code type}, in delivery order. */
  private <T> Stream<T> deliveredOf(Class<T> type) {
    return delivered.stream().map(OutgoingEvent::value).filter(type::isInstance).map(type::cast);
  }

  private List<String> posture(String site, PostureCheck check) {
    return deliveredOf(PostureFinding.class)
        .filter(f -> f.getSite().equals(site) && f.getFinding().getCheck() == check)
        .map(f -> f.getEventId().toString())
        .toList();
  }

  private PostureFinding postureEvent(String eventId) {
    return deliveredOf(PostureFinding.class)
        .filter(f -> f.getEventId().toString().equals(eventId))
        .findFirst()
        .orElseThrow();
  }

  private List<SecuritySignal> securitySignals(String site) {
    return deliveredOf(SecuritySignal.class).filter(s -> s.getSite().equals(site)).toList();
  }

  private List<String> health(String site, CheckStatus status) {
    return deliveredOf(HealthCheckResult.class)
        .filter(h -> h.getSite().equals(site) && h.getCheck().getStatus() == status)
        .map(h -> h.getEventId().toString())
        .toList();
  }

  private HealthCheckResult healthById(String eventId) {
    return deliveredOf(HealthCheckResult.class)
        .filter(h -> h.getEventId().toString().equals(eventId))
        .findFirst()
        .orElseThrow();
  }

  private static Map<GateName, GateResult> gates(FailoverTrigger t) {
    Map<GateName, GateResult> byName = new LinkedHashMap<>();
    t.getGates().forEach(g -> byName.put(g.getGate(), g));
    assertThat(byName.keySet()).containsExactlyInAnyOrder(GateName.values());
    return byName;
  }

  private static <T> T single(List<T> values) {
    assertThat(values).hasSize(1);
    return values.get(0);
  }

  // ---- test data -----------------------------------------------------------------------------

  /** A self-signed certificate made by the JDK's keytool, valid from T0 - 1 day for a year. */
  private static String keytoolPem(String name, String dname) throws Exception {
    Path store = certificates.resolve(name + ".p12");
    Path pem = certificates.resolve(name + ".pem");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-startdate",
        "2026/03/01 08:00:00",
        "-validity",
        "365",
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        name,
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-file",
        pem.toString());
    return Files.readString(pem);
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  private static X509Certificate parse(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The collectors' clock, moved with the driver's wall clock. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
