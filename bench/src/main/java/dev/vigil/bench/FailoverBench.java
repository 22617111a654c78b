package dev.vigil.bench;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.PlatformRuntime;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.redactionrules.keys.EphemeralKeys;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.ServiceConfig;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.streams.redaction.RedactionApp;
import dev.vigil.streams.runtime.StreamsRunner;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * Detection latency of the failover correlator on the embedded platform: from the Kafka timestamp
 * of the health event that makes a service's active site DOWN (quorum of vantages at
 * failureThreshold) to the incident's first trigger (PREPARE, or BLOCKED) being visible to a
 * read_committed consumer of {@code vigil.failover.triggers.v1}. Measured without load, then under
 * a paced background of passing health events for many services; the baseline is the same kind of
 * event through the same broker (plain, and through an EOS pass-through topology) under the same
 * load.
 */
public final class FailoverBench {
  /** Bench parameters (see {@code vigil bench failover --help}). */
  public record Options(
      int rate,
      int services,
      int incidents,
      int idleIncidents,
      int markers,
      int warmupSeconds,
      boolean redactor,
      int threads,
      int fetchMaxWaitMs,
      int idleServices) {}

  private static final String PASS_THROUGH = "bench.failover.passthrough";
  private static final KeyProvider KEYS = new EphemeralKeys();
  private static final int ROUND_GAP_MS = 50;
  private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(15);

  /** Incidents stop after this long (a correlator that falls behind would take hours). */
  private static final Duration PHASE_BUDGET = Duration.ofMinutes(3);

  private final BenchReport report;
  private final Options o;
  private final Map<String, Long> firstTrigger = new ConcurrentHashMap<>();
  private final Map<String, FailoverTrigger> firstTriggerValue = new ConcurrentHashMap<>();
  private final Map<String, Long> markerSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> markerSeenDirect = new ConcurrentHashMap<>();
  private final String redactorAppId = "bench-redactor-" + System.nanoTime();

  public FailoverBench(BenchReport report, Options options) {
    this.report = report;
    this.o = options;
  }

  public void run(Path dir) throws Exception {
    try (PlatformRuntime platform = PlatformRuntime.start(VigilConfig.defaults(), dir);
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of());
        Admin admin = Admin.create(platform.clientProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      admin
          .createTopics(List.of(new NewTopic(PASS_THROUGH, 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      Map<String, Object> client = platform.clientProperties();
      String input = o.redactor() ? Topics.HEALTH_RAW.name() : Topics.HEALTH.name();
      List<String> background = names("svc-", o.services());
      report.printf(
          "failover detection bench: %s; %d background services x 2 sites x 3 vantages (quorum"
              + " 2, failureThreshold 3), all five gates on (IDS heartbeat, certificate and key"
              + " version per service and site; heartbeats every 60 s); %d stream thread(s) per app, EOS v2, commit.interval.ms"
              + " 100, tick 1s; measuring consumer read_committed, fetch.max.wait.ms %d%n",
          o.redactor()
              ? "redactor -> correlator (events produced to the raw topic, as collectors do)"
              : "correlator only (events produced straight to the redacted topic)",
          o.services(),
          o.threads(),
          o.fetchMaxWaitMs());
      report.put("options", o);
      report.put("load_average_before", loadAverage());
      report.printf("load average before: %s%n", loadAverage());
      Optional<RedactionApp> redactor =
          o.redactor()
              ? Optional.of(
                  RedactionApp.start(
                      new RedactionApp.Settings(
                          redactorAppId,
                          Optional.empty(),
                          KEYS,
                          dir.resolve("streams-redactor"),
                          Map.of("num.stream.threads", o.threads())),
                      client,
                      registry,
                      OpenTelemetry.noop()))
              : Optional.empty();
      try {
        correlatorPhases(dir, client, registry, admin, input, background);
        baselinePhase(dir, client, registry, input, background);
      } finally {
        redactor.ifPresent(RedactionApp::close);
      }
      report.put("load_average_after", loadAverage());
      report.printf("load average after: %s%n", loadAverage());
    }
  }

  private void correlatorPhases(
      Path dir,
      Map<String, Object> client,
      SchemaRegistryClient registry,
      Admin admin,
      String input,
      List<String> background)
      throws Exception {
    List<String> idleServices = names("idle-", o.idleIncidents());
    List<String> loadServices = names("inc-", o.incidents());
    List<String> all = new ArrayList<>(background);
    all.addAll(idleServices);
    all.addAll(loadServices);
    // configured services that report once and then stay silent (the correlator's idle cost)
    List<String> quiet = names("quiet-", o.idleServices());
    List<String> configured = new ArrayList<>(all);
    configured.addAll(quiet);
    long heapBefore = IdleCost.heapAfterGc();
    String appId = "bench-failover-" + System.nanoTime();
    Deserializer<FailoverTrigger> triggers =
        TopicSerdes.value(Topics.FAILOVER_TRIGGERS, registry).deserializer();
    try (FailoverApp app = startCorrelator(appId, configured, dir, client, registry);
        Watcher watcher =
            new Watcher(
                    client,
                    Topics.FAILOVER_TRIGGERS.name(),
                    o.fetchMaxWaitMs(),
                    (r, at) -> onTrigger(r, at, triggers))
                .start();
        KafkaProducer<String, byte[]> probes = probeProducer(client)) {
      AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(registry, false);
      String postureTopic = o.redactor() ? Topics.POSTURE_RAW.name() : Topics.POSTURE.name();
      ScheduledExecutorService posture = Executors.newSingleThreadScheduledExecutor();
      try {
        // every gate passes on evidence: posture for every service and site first, then a fresh
        // IDS heartbeat every 60 s (maxAge 5 min)
        seedPosture(probes, avro, postureTopic, all, admin, appId);
        posture.scheduleAtFixedRate(
            () -> sendPosture(probes, avro, postureTopic, all, false), 60, 60, TimeUnit.SECONDS);
        if (!quiet.isEmpty()) {
          seedQuiet(probes, avro, admin, input, appId, quiet, heapBefore);
        }
        measure(
            probes,
            avro,
            admin,
            client,
            registry,
            input,
            background,
            idleServices,
            loadServices,
            appId);
      } finally {
        posture.shutdownNow();
      }
    }
  }

  private FailoverApp startCorrelator(
      String appId,
      List<String> services,
      Path dir,
      Map<String, Object> client,
      SchemaRegistryClient registry) {
    return FailoverApp.start(
        config(services),
        new FailoverApp.Settings(
            appId,
            Duration.ofSeconds(1),
            dir.resolve("streams-failover"),
            Map.of("num.stream.threads", o.threads())),
        client,
        registry,
        OpenTelemetry.noop());
  }

  /** Posture for every service and site, awaited until the correlator has consumed it all. */
  private void seedPosture(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      String postureTopic,
      List<String> services,
      Admin admin,
      String appId)
      throws Exception {
    sendPosture(probes, avro, postureTopic, services, true);
    probes.flush();
    awaitPosture(
        admin,
        appId,
        (long) services.size()
            * Probes.SITES.size()
            * Probes.goodPosture("-", Probes.PRIMARY, Instant.now()).size());
  }

  /**
   * One passing probe per site for every quiet service (stored, then silent), then the idle cost
   * once the correlator has consumed them and the first deadlines after them (a tick at once, 30 s
   * and 60 s: dwell and staleness offsets) have passed: heap after GC beside the heap before the
   * correlator started, and the correlator's stream-thread CPU per second with no input other than
   * the busy services' posture (1 tick/s, so about the cost of one tick).
   */
  private void seedQuiet(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      Admin admin,
      String input,
      String appId,
      List<String> quiet,
      long heapBefore)
      throws Exception {
    long start = System.nanoTime();
    for (String service : quiet) {
      for (String site : Probes.SITES) {
        send(probes, avro, input, service, site, Probes.VANTAGES.get(0), CheckStatus.PASS, null);
      }
    }
    probes.flush();
    GroupLag health = new GroupLag(admin, appId, Topics.HEALTH.name());
    long lag = health.read().lag();
    while (lag > 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(300)) {
      TimeUnit.MILLISECONDS.sleep(500);
      lag = health.read().lag();
    }
    double seeded = (System.nanoTime() - start) / 1e9;
    report.printf(
        "[idle-services] %,d quiet services seeded (%,d probes) and consumed in %.1f s (lag %,d)%n",
        quiet.size(), quiet.size() * Probes.SITES.size(), seeded, lag);
    TimeUnit.SECONDS.sleep(75);
    IdleCost cost = IdleCost.measure(appId, Duration.ofSeconds(20));
    long heapAfter = IdleCost.heapAfterGc();
    Map<String, Object> idle = report.section("idle_services");
    idle.put("configured", quiet.size() + o.services() + o.incidents() + o.idleIncidents());
    idle.put("busy", o.services());
    idle.put("stream_thread_cpu_ms_per_s", BenchReport.round(cost.cpuMsPerSecond(), 1));
    idle.put("heap_after_gc_mb", heapAfter >> 20);
    idle.put("heap_before_correlator_mb", heapBefore >> 20);
    report.printf(
        "[idle-services] %,d configured, %,d busy: correlator stream threads %.1f ms CPU per"
            + " second with no health input (1 tick/s), over %d s; heap after GC %,d MB (%,d MB"
            + " before the correlator started, +%,d MB)%n",
        quiet.size() + o.services() + o.incidents() + o.idleIncidents(),
        o.services(),
        cost.cpuMsPerSecond(),
        cost.seconds(),
        heapAfter >> 20,
        heapBefore >> 20,
        (heapAfter - heapBefore) >> 20);
  }

  /** Waits (at most 120 s) until the correlator has consumed the first posture findings. */
  private void awaitPosture(Admin admin, String appId, long expected) throws Exception {
    GroupLag posture = new GroupLag(admin, appId, Topics.POSTURE.name());
    long start = System.nanoTime();
    long consumed = posture.read().committed();
    while (consumed < expected && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(120)) {
      TimeUnit.MILLISECONDS.sleep(200);
      consumed = posture.read().committed();
    }
    report.printf(
        "posture: %,d of %,d findings consumed by the correlator after %.1f s%n",
        consumed, expected, (System.nanoTime() - start) / 1e9);
  }

  /** Posture findings for every service and site: all of them, or heartbeats only. */
  private static void sendPosture(
      KafkaProducer<String, byte[]> producer,
      AvroSerializer<SpecificRecord> avro,
      String topic,
      List<String> services,
      boolean all) {
    Instant now = Instant.now();
    for (String service : services) {
      for (String site : Probes.SITES) {
        List<? extends SpecificRecord> findings =
            all
                ? Probes.goodPosture(service, site, now)
                : List.of(Probes.heartbeat(service, site, now));
        for (SpecificRecord f : findings) {
          producer.send(new ProducerRecord<>(topic, service, avro.serialize(topic, f)));
        }
      }
    }
  }

  private void measure(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      Admin admin,
      Map<String, Object> client,
      SchemaRegistryClient registry,
      String input,
      List<String> background,
      List<String> idleServices,
      List<String> loadServices,
      String appId)
      throws Exception {
    Result idle = incidents(probes, avro, input, idleServices);
    report.section("idle").putAll(idle.toMap());
    report.printf(
        "[idle] no background load: detection %s%s%n", idle.latency.summary(), idle.notes());

    GroupLag correlatorLag = new GroupLag(admin, appId, Topics.HEALTH.name());
    try (HealthLoad load = new HealthLoad(client, registry, input, background, o.rate()).start()) {
      TimeUnit.SECONDS.sleep(o.warmupSeconds());
      awaitCatchUp(correlatorLag);
      GroupLag.Position p0 = correlatorLag.read();
      long t0 = System.nanoTime();
      LagSampler sampler = new LagSampler(correlatorLag).start();
      Result loaded = incidents(probes, avro, input, loadServices);
      GroupLag.Position p1 = correlatorLag.read();
      long t1 = System.nanoTime();
      sampler.close();
      load.close();
      double consumed = (p1.committed() - p0.committed()) / ((t1 - t0) / 1e9);
      if (o.redactor()) {
        printRedactorLag(admin, input);
      }
      long drainStart = System.nanoTime();
      GroupLag.Position drained = correlatorLag.read();
      while (drained.lag() > 3 && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(60)) {
        TimeUnit.MILLISECONDS.sleep(100);
        drained = correlatorLag.read();
      }
      report.printf(
          "[load] background: %,.0f events/s produced (acks=all, %,d events, %d failed);"
              + " correlator consumed+committed %,.0f events/s over the %.1f s of incidents;"
              + " correlator lag at end %,d records (max %,d while measuring), %,d after %.1f s"
              + " of draining%n",
          load.achievedRate(),
          load.acked(),
          load.failed(),
          consumed,
          (t1 - t0) / 1e9,
          p1.lag(),
          sampler.max(),
          drained.lag(),
          (System.nanoTime() - drainStart) / 1e9);
      report.printf(
          "[load] %,d events/s background: detection %s%s%n",
          o.rate(), loaded.latency.summary(), loaded.notes());
      loadSection(load.achievedRate(), consumed, sampler.max(), loaded);
      verdict(loaded.latency);
    }
  }

  /**
   * Steady state: a correlator started cold (JIT, empty caches) builds a backlog in the first
   * seconds that it then drains at (capacity - rate); measuring during that drain measures the
   * backlog, not detection. Waits (at most 120 s) until the lag is under half a second of input,
   * and says how long that took and where it stood.
   */
  private void awaitCatchUp(GroupLag correlatorLag) throws Exception {
    long catchUpStart = System.nanoTime();
    long lagAtWarmup = correlatorLag.read().lag();
    long lagNow = lagAtWarmup;
    while (lagNow > o.rate() / 2
        && System.nanoTime() - catchUpStart < TimeUnit.SECONDS.toNanos(120)) {
      TimeUnit.MILLISECONDS.sleep(500);
      lagNow = correlatorLag.read().lag();
    }
    report.printf(
        "[load] after %d s warm-up the correlator lag was %,d records; %s after %.1f s more%n",
        o.warmupSeconds(),
        lagAtWarmup,
        lagNow <= o.rate() / 2
            ? String.format("%,d (caught up)", lagNow)
            : String.format("still %,d (NOT caught up; measuring anyway)", lagNow),
        (System.nanoTime() - catchUpStart) / 1e9);
  }

  private void loadSection(double background, double consumed, long lagMax, Result loaded) {
    Map<String, Object> l = report.section("load");
    l.put("background_events_per_s", BenchReport.round(background, 0));
    l.put("correlator_consumed_events_per_s", BenchReport.round(consumed, 0));
    l.put("correlator_lag_max", lagMax);
    l.putAll(loaded.toMap());
  }

  private void printRedactorLag(Admin admin, String input) throws Exception {
    GroupLag.Position r = new GroupLag(admin, redactorAppId, input).read();
    report.printf("[load] redactor lag on %s at end: %,d records%n", input, r.lag());
  }

  private void verdict(Percentiles p) {
    long p99 = p.percentile(0.99);
    report.printf(
        "[load] target p99 <= 500 ms beyond the threshold-crossing event: %s%n",
        p99 < 0
            ? "NOT MET (no trigger seen)"
            : (p99 <= 500 ? "MET" : "NOT MET") + " (p99 " + p99 + " ms)");
  }

  /** The same kind of event through the same broker, under the same background load. */
  private void baselinePhase(
      Path dir,
      Map<String, Object> client,
      SchemaRegistryClient registry,
      String input,
      List<String> background)
      throws Exception {
    try (StreamsRunner passThrough = startPassThrough(dir, client, input);
        Watcher outWatch =
            new Watcher(
                    client, PASS_THROUGH, o.fetchMaxWaitMs(), (r, at) -> marker(r, at, markerSeen))
                .start();
        Watcher inWatch =
            new Watcher(
                    client, input, o.fetchMaxWaitMs(), (r, at) -> marker(r, at, markerSeenDirect))
                .start();
        HealthLoad load = new HealthLoad(client, registry, input, background, o.rate()).start();
        KafkaProducer<String, byte[]> probes = probeProducer(client)) {
      TimeUnit.SECONDS.sleep(o.warmupSeconds());
      AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(registry, false);
      Percentiles direct = new Percentiles();
      Percentiles eos = new Percentiles();
      int missed = 0;
      for (int i = 0; i < o.markers(); i++) {
        String key = "marker-" + i;
        long ts = System.currentTimeMillis();
        HealthCheckResult e =
            Probes.result(key, Probes.PRIMARY, "vantage-1", CheckStatus.FAIL, Instant.now());
        probes.send(new ProducerRecord<>(input, null, ts, key, avro.serialize(input, e)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!markerSeen.containsKey(key) && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        Long seen = markerSeen.get(key);
        Long seenDirect = markerSeenDirect.get(key);
        if (seen == null) {
          missed++;
        } else {
          eos.add(seen - ts);
        }
        if (seenDirect != null) {
          direct.add(seenDirect - ts);
        }
        TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(50, 250));
      }
      load.close();
      reportBaseline(load.achievedRate(), input, direct, eos, missed);
    }
  }

  /** An EOS pass-through topology from {@code input} to {@link #PASS_THROUGH}, running. */
  private StreamsRunner startPassThrough(Path dir, Map<String, Object> client, String input) {
    Topology copy = new Topology();
    copy.addSource("bench-pt-source", new StringDeserializer(), new ByteArrayDeserializer(), input);
    copy.addSink(
        "bench-pt-sink",
        PASS_THROUGH,
        new StringSerializer(),
        new ByteArraySerializer(),
        "bench-pt-source");
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("num.stream.threads", o.threads());
    overrides.put("consumer.auto.offset.reset", "latest");
    return StreamsRunner.start(
        copy,
        StreamsRunner.properties(
            "bench-passthrough-" + System.nanoTime(), client, dir.resolve("streams-pt"), overrides),
        Duration.ofSeconds(120));
  }

  private void reportBaseline(
      double background, String input, Percentiles direct, Percentiles eos, int missed) {
    Map<String, Object> b = report.section("baseline");
    b.put("background_events_per_s", BenchReport.round(background, 0));
    b.put("broker_only", direct.toMap());
    b.put("eos_pass_through", eos.toMap());
    b.put("eos_pass_through_missed", missed);
    ratios(direct, eos);
    report.printf(
        "[baseline] %,.0f events/s background, same event kind on %s:%n"
            + "[baseline]   broker only (produce -> read_committed consumer): %s%n"
            + "[baseline]   EOS pass-through topology (%s -> %s, same Streams settings): %s%s%n",
        background,
        input,
        direct.summary(),
        input,
        PASS_THROUGH,
        eos.summary(),
        missed == 0 ? "" : ", " + missed + " not seen within 10 s");
  }

  /** Detection p99 under load over the baselines' p99 (same run). */
  private void ratios(Percentiles direct, Percentiles eos) {
    Map<String, Object> load = report.section("load");
    Object p99 = load.get("p99_ms");
    if (p99 instanceof Long loaded) {
      Map<String, Object> r = report.section("ratios");
      if (direct.count() > 0) {
        r.put(
            "load_p99_to_broker_p99",
            BenchReport.round(loaded / (double) Math.max(1, direct.percentile(0.99)), 2));
      }
      if (eos.count() > 0) {
        r.put(
            "load_p99_to_eos_pass_through_p99",
            BenchReport.round(loaded / (double) Math.max(1, eos.percentile(0.99)), 2));
      }
    }
  }

  private record Result(Percentiles latency, int missed, int attributed, int blocked) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new java.util.LinkedHashMap<>(latency.toMap());
      m.put("incidents_without_trigger", missed);
      m.put("crossing_event_in_evidence", attributed);
      m.put("blocked", blocked);
      return m;
    }

    String notes() {
      return (missed == 0 ? "" : "; " + missed + " incidents without a trigger within 15 s")
          + "; crossing event among the trigger's evidence in "
          + attributed
          + "/"
          + latency.count()
          + (blocked == 0 ? "" : "; " + blocked + " BLOCKED");
    }
  }

  /** One incident per service, one after the other, at random gaps. */
  private Result incidents(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      String input,
      List<String> services)
      throws Exception {
    Percentiles p = new Percentiles();
    int missed = 0;
    AtomicInteger attributed = new AtomicInteger();
    int blocked = 0;
    long budgetEnd = System.nanoTime() + PHASE_BUDGET.toNanos();
    for (String service : services) {
      if (System.nanoTime() > budgetEnd) {
        report.printf(
            "  (stopped after %d of %d incidents: %s budget spent)%n",
            p.count() + missed, services.size(), PHASE_BUDGET);
        break;
      }
      steady(probes, avro, input, service);
      Crossing crossing = failPrimary(probes, avro, input, service);
      long deadline = System.nanoTime() + TRIGGER_TIMEOUT.toNanos();
      while (!firstTrigger.containsKey(service) && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      Long at = firstTrigger.get(service);
      if (at == null) {
        missed++;
        continue;
      }
      p.add(at - crossing.ts());
      FailoverTrigger t = firstTriggerValue.get(service);
      if (t.getEvidenceEventIds().stream().anyMatch(id -> id.toString().equals(crossing.id()))) {
        attributed.incrementAndGet();
      }
      if (t.getStage() == TriggerStage.BLOCKED) {
        blocked++;
      }
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(0, 250));
    }
    return new Result(p, missed, attributed.get(), blocked);
  }

  /** Both sites UP from every vantage (successThreshold 2). */
  private static void steady(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      String input,
      String service)
      throws InterruptedException {
    for (int round = 0; round < 2; round++) {
      for (String site : Probes.SITES) {
        for (String v : Probes.VANTAGES) {
          send(probes, avro, input, service, site, v, CheckStatus.PASS, null);
        }
      }
      probes.flush();
      TimeUnit.MILLISECONDS.sleep(ROUND_GAP_MS);
    }
  }

  /** The health event that crossed the quorum: when it was produced, and its event id. */
  private record Crossing(long ts, String id) {}

  /**
   * The primary fails on every vantage while the DR site passes; the third FAIL of vantage-2
   * crosses the quorum.
   */
  private static Crossing failPrimary(
      KafkaProducer<String, byte[]> probes,
      AvroSerializer<SpecificRecord> avro,
      String input,
      String service)
      throws InterruptedException {
    long crossingTs = -1;
    String crossingId = null;
    for (int round = 0; round < 3; round++) {
      for (String v : Probes.VANTAGES) {
        boolean crossing = round == 2 && v.equals(Probes.VANTAGES.get(1));
        long ts = System.currentTimeMillis();
        String id = send(probes, avro, input, service, Probes.PRIMARY, v, CheckStatus.FAIL, ts);
        if (crossing) {
          crossingTs = ts;
          crossingId = id;
        }
      }
      for (String v : Probes.VANTAGES) {
        send(probes, avro, input, service, Probes.DR, v, CheckStatus.PASS, null);
      }
      probes.flush();
      if (round < 2) {
        TimeUnit.MILLISECONDS.sleep(ROUND_GAP_MS);
      }
    }
    return new Crossing(crossingTs, crossingId);
  }

  private static String send(
      KafkaProducer<String, byte[]> producer,
      AvroSerializer<SpecificRecord> avro,
      String topic,
      String service,
      String site,
      String vantage,
      CheckStatus status,
      Long timestamp) {
    HealthCheckResult e = Probes.result(service, site, vantage, status, Instant.now());
    long ts = timestamp == null ? System.currentTimeMillis() : timestamp;
    producer.send(new ProducerRecord<>(topic, null, ts, service, avro.serialize(topic, e)));
    return e.getEventId().toString();
  }

  private void onTrigger(
      ConsumerRecord<String, byte[]> r, long at, Deserializer<FailoverTrigger> triggers) {
    FailoverTrigger t = triggers.deserialize(r.topic(), r.value());
    if (t.getStep() == 0
        && (t.getStage() == TriggerStage.PREPARE || t.getStage() == TriggerStage.BLOCKED)
        && firstTrigger.putIfAbsent(r.key(), at) == null) {
      firstTriggerValue.put(r.key(), t);
    }
  }

  private static void marker(ConsumerRecord<String, byte[]> r, long at, Map<String, Long> seen) {
    if (r.key() != null && r.key().startsWith("marker-")) {
      seen.putIfAbsent(r.key(), at);
    }
  }

  /**
   * Every service primary -> dr, quorum 2 of 3 vantages, failureThreshold 3, one hour in PREPARE
   * (no stage changes during the bench). All five gates on, with their defaults: the bench feeds
   * the posture they need (see {@link Probes#goodPosture}), so PREPARE rests on evidence.
   */
  private static FailoverConfig config(List<String> services) {
    // built directly, not through YAML: 100,000 services exceed the YAML parser's document limit
    ServiceConfig service = ServiceConfig.of(Probes.PRIMARY, Probes.DR, 2, 3, null, null);
    Map<String, ServiceConfig> byName = new HashMap<>();
    services.forEach(s -> byName.put(s, service));
    // incidents stay in PREPARE: the bench measures detection, not the stages after it
    return FailoverConfig.of(
        Probes.SITES,
        byName,
        FailoverPolicy.of("1h", null, null, null, null, null, null, null, null, null, null),
        null);
  }

  private static List<String> names(String prefix, int n) {
    List<String> names = new ArrayList<>(n);
    String format = n > 10_000 ? "%s%06d" : "%s%04d";
    for (int i = 0; i < n; i++) {
      names.add(String.format(format, prefix, i));
    }
    return names;
  }

  private static KafkaProducer<String, byte[]> probeProducer(Map<String, Object> client) {
    Map<String, Object> p = new HashMap<>(client);
    p.put("acks", "all");
    p.put("linger.ms", 0);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1);
      return f[0]
          + " "
          + f[1]
          + " "
          + f[2]
          + " ("
          + Runtime.getRuntime().availableProcessors()
          + " cpus)";
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Samples the correlator's lag every 500 ms; keeps the maximum. */
  private static final class LagSampler implements AutoCloseable {
    private final GroupLag lag;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long max;

    LagSampler(GroupLag lag) {
      this.lag = lag;
      this.thread = new Thread(this::run, "bench-lag-sampler");
      this.thread.setDaemon(true);
    }

    LagSampler start() {
      thread.start();
      return this;
    }

    private void run() {
      while (running) {
        try {
          max = Math.max(max, lag.read().lag());
          TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // a missed sample only makes the maximum less precise
        }
      }
    }

    long max() {
      return max;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5000);
    }
  }
}
