package dev.vigil.bench;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.drill.VigilInstance;
import dev.vigil.app.runtime.ClientConnections;
import dev.vigil.app.runtime.Clients;
import dev.vigil.app.runtime.Launcher;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code vigil bench scale-out}: the redactor and the correlator with 1, 2, 3 ... instances, each
 * in its own JVM ({@code vigil streams --only ...}), on a three-broker racked cluster started as
 * {@code vigil drill site-loss} starts it (RF 3, min ISR 2). N health events are produced before
 * the instances start; each instance count drains that same backlog under a fresh application id.
 * The consumer group is sampled through the admin API: partitions and lag per instance, and the
 * group's total lag (input and repartition topics) until it is 0 with all N input records
 * committed.
 */
final class ScaleOutBench {
  /** The cluster's data dir under the bench's: its {@code security/} has every credential. */
  private static final String PLATFORM_DIR = "platform";

  static final String REDACTOR = "redactor";
  static final String CORRELATOR = "correlator";
  private static final Duration SAMPLE = Duration.ofMillis(500);
  private static final Duration READY = Duration.ofSeconds(300);
  private static final Duration DRAIN_BUDGET = Duration.ofMinutes(15);

  /** Where the redactor writes; the correlator reads it. */
  private static final String OUTPUT = Topics.HEALTH.name();

  /**
   * @param components redactor and/or correlator, run in this order
   * @param instances the instance counts, each a fresh application id
   * @param events the backlog N
   * @param partitions partitions of the health topics (raw and redacted)
   * @param services services the events are spread over (x 2 sites x 3 vantages)
   * @param threads stream threads per instance
   * @param heapMb -Xmx of each instance's JVM
   */
  record Options(
      List<String> components,
      List<Integer> instances,
      int events,
      int partitions,
      int services,
      int threads,
      int heapMb) {
    Options {
      components = List.copyOf(components);
      instances = List.copyOf(instances);
      for (String c : components) {
        if (!c.equals(REDACTOR) && !c.equals(CORRELATOR)) {
          throw new IllegalArgumentException(
              "component must be redactor or correlator but was '" + c + "'");
        }
      }
      if (instances.isEmpty() || instances.stream().anyMatch(k -> k < 1 || k > 6)) {
        throw new IllegalArgumentException("instances must be 1..6 each but were " + instances);
      }
      if (events < 1 || partitions < 1 || services < 1 || threads < 1 || heapMb < 256) {
        throw new IllegalArgumentException(
            "events, partitions, services, threads must be >= 1 and heap >= 256 MB");
      }
    }
  }

  /** One instance count's result, for the report and the IT. */
  record Result(
      String component,
      int instances,
      double seconds,
      double eventsPerSecond,
      double readySeconds,
      Map<String, Integer> partitionsPerInstance,
      long outputRecords,
      long distinctOutputEvents) {}

  private final BenchReport report;
  private final Options o;
  private final ScaleOutConfig config;
  private final List<Result> results = new ArrayList<>();

  ScaleOutBench(BenchReport report, Options options) {
    this.report = report;
    this.o = options;
    this.config = new ScaleOutConfig(options);
  }

  List<Result> results() {
    return List.copyOf(results);
  }

  void run(Path dir) throws Exception {
    Files.createDirectories(dir);
    report.printf(
        "scale-out bench: %s with %s instance(s); %,d health events (%d services x 2 sites x 3"
            + " vantages) on %d partitions; %d stream thread(s) and -Xmx%dm per instance; %d"
            + " processors%n",
        String.join(", ", o.components()),
        o.instances(),
        o.events(),
        o.services(),
        o.partitions(),
        o.threads(),
        o.heapMb(),
        Runtime.getRuntime().availableProcessors());
    report.printf("  data dir %s%n", dir);
    Map<String, Object> settings = report.section("settings");
    settings.put("components", o.components());
    settings.put("instances", o.instances());
    settings.put("events", o.events());
    settings.put("partitions", o.partitions());
    settings.put("services", o.services());
    settings.put("threads_per_instance", o.threads());
    settings.put("heap_mb_per_instance", o.heapMb());
    var platform = ConfigLoader.load(config.platformYaml(dir));
    new Launcher(platform, dir.resolve(PLATFORM_DIR), List.of())
        .runWith(
            endpoints -> {
              scenario(dir, endpoints);
              return null;
            });
  }

  private void scenario(Path dir, Map<String, String> endpoints) throws Exception {
    String bootstrap = endpoints.get("bootstrap");
    String registryUrl = endpoints.get("registry");
    report.printf(
        "cluster: Kafka %s (3 brokers, racks primary/backup/witness, %s)%n",
        bootstrap, endpoints.getOrDefault(ClientConnections.SECURITY_KEY, "PLAINTEXT"));
    // the bench feeds and counts as the admin; each instance's components are their own principals
    Path platformDir = dir.resolve(PLATFORM_DIR);
    Map<String, Object> connection =
        ClientConnections.local(platformDir, endpoints, PlatformCredentials.ADMIN);
    Path keys = VigilInstance.sharedKeys(dir);
    List<String> services = new ArrayList<>();
    for (int i = 0; i < o.services(); i++) {
      services.add("svc-" + i);
    }
    String runTag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(registryUrl, Map.of());
        Admin admin = Clients.admin(connection, "vigil-bench-scale-out")) {
      for (String component : o.components()) {
        String input = component.equals(REDACTOR) ? Topics.HEALTH_RAW.name() : Topics.HEALTH.name();
        Result first = null;
        for (int k : o.instances()) {
          String appId = "vigil-" + component + "-scale-" + runTag + "-k" + k;
          List<Path> yamls = new ArrayList<>();
          for (int i = 1; i <= k; i++) {
            yamls.add(
                config.instanceYaml(
                    dir, component, appId, i, bootstrap, platformDir, registryUrl, keys, services));
          }
          Result r =
              measure(dir, admin, registry, connection, component, appId, input, yamls, services);
          results.add(r);
          if (first == null) {
            first = r;
          }
          print(r, first);
        }
      }
    }
    List<Map<String, Object>> json = new ArrayList<>();
    for (Result r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("component", r.component());
      m.put("instances", r.instances());
      m.put("seconds", BenchReport.round(r.seconds(), 2));
      m.put("events_per_second", Math.round(r.eventsPerSecond()));
      m.put("instances_ready_seconds", BenchReport.round(r.readySeconds(), 1));
      m.put("partitions_per_instance", r.partitionsPerInstance());
      m.put("output_records", r.outputRecords());
      m.put("distinct_output_events", r.distinctOutputEvents());
      json.add(m);
    }
    report.put("runs", json);
  }

  private void print(Result r, Result first) {
    report.printf(
        "[%s] k=%d: %,d events in %.1f s = %,.0f events/s (x%.2f vs k=%d); input partitions per"
            + " instance %s%s%n",
        r.component(),
        r.instances(),
        o.events(),
        r.seconds(),
        r.eventsPerSecond(),
        r.eventsPerSecond() / first.eventsPerSecond(),
        first.instances(),
        r.partitionsPerInstance(),
        r.component().equals(REDACTOR)
            ? "; output "
                + r.outputRecords()
                + " records, "
                + r.distinctOutputEvents()
                + " distinct event ids"
            : "");
  }

  /**
   * One instance count. The group's offsets are set to the input's end, then the backlog is
   * produced in one open transaction (invisible to the instances' read_committed consumers); the k
   * instances start and join; once the group is stable with every instance holding input
   * partitions, the transaction commits and all N events become visible at once. Measured: commit
   * to the group's lag 0 with N more input records committed.
   */
  private Result measure(
      Path dir,
      Admin admin,
      SchemaRegistryClient registry,
      Map<String, Object> connection,
      String component,
      String appId,
      String input,
      List<Path> yamls,
      List<String> services)
      throws Exception {
    int k = yamls.size();
    long baseline = startAtInputEnd(admin, appId, input);
    List<VigilInstance> instances = new ArrayList<>();
    try (Backlog backlog = Backlog.open(connection, registry, input, appId)) {
      double produced = backlog.produce(services, o.events());
      report.printf(
          "[%s] k=%d: backlog of %,d events produced to %s in %.1f s, in one open transaction%n",
          component, k, o.events(), input, produced);
      Map<TopicPartition, Long> outputStart =
          component.equals(REDACTOR) ? ScaleOutTopics.endOffsets(admin, OUTPUT) : Map.of();
      long launched = System.nanoTime();
      launch(dir, component, appId, yamls, instances);
      ScaleOutSampler sampler = new ScaleOutSampler(admin, appId, input, baseline, instances);
      ScaleOutSampler.Sample joined = awaitJoined(sampler, appId, k, launched);
      double readySeconds = (System.nanoTime() - launched) / 1e9;
      report.printf(
          "[%s] k=%d: %d instance(s) ready and in the group %.1f s after launch, input partitions"
              + " %s; committing the backlog%n",
          component, k, k, readySeconds, joined.perInstance());
      double seconds = drain(sampler, component, k, backlog.commit(), instances);
      long out = 0;
      long distinct = 0;
      if (component.equals(REDACTOR)) {
        long[] counted =
            ScaleOutTopics.countOutput(connection, registry, admin, OUTPUT, outputStart);
        out = counted[0];
        distinct = counted[1];
      }
      return new Result(
          component,
          k,
          seconds,
          o.events() / seconds,
          readySeconds,
          joined.inputPartitions(),
          out,
          distinct);
    } finally {
      for (VigilInstance i : instances) {
        i.close();
      }
    }
  }

  /** Sets the group's offsets to the input's end; returns the sum of those offsets. */
  private static long startAtInputEnd(Admin admin, String appId, String input) throws Exception {
    Map<TopicPartition, Long> inputStart = ScaleOutTopics.endOffsets(admin, input);
    Map<TopicPartition, OffsetAndMetadata> at = new HashMap<>();
    inputStart.forEach((tp, offset) -> at.put(tp, new OffsetAndMetadata(offset)));
    admin.alterConsumerGroupOffsets(appId, at).all().get(30, TimeUnit.SECONDS);
    return inputStart.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Starts one instance per YAML (added to {@code instances} as they start) and awaits them. */
  private void launch(
      Path dir, String component, String appId, List<Path> yamls, List<VigilInstance> instances)
      throws Exception {
    for (int i = 1; i <= yamls.size(); i++) {
      String name = instanceId(appId, i);
      instances.add(
          VigilInstance.start(
              name,
              yamls.get(i - 1),
              dir.resolve(appId).resolve(name),
              o.heapMb(),
              List.of("--only", component)));
    }
    for (VigilInstance i : instances) {
      i.awaitReady(READY);
    }
  }

  /** Samples until the group is stable with all k instances holding input partitions. */
  private static ScaleOutSampler.Sample awaitJoined(
      ScaleOutSampler sampler, String appId, int k, long launched) throws Exception {
    ScaleOutSampler.Sample joined = sampler.sample();
    long readyDeadline = launched + READY.toNanos();
    while (joined.instancesWithInput() < k) {
      if (System.nanoTime() > readyDeadline) {
        throw new IllegalStateException(
            "the group "
                + appId
                + " has not had "
                + k
                + " members with input partitions within "
                + READY
                + ": "
                + joined.perInstance());
      }
      LockSupport.parkNanos(SAMPLE.toNanos());
      joined = sampler.sample();
    }
    return joined;
  }

  /**
   * Samples from the commit at {@code t0} until all N events are committed with the group's lag 0,
   * printing progress every 2 s; returns the seconds that took.
   */
  private double drain(
      ScaleOutSampler sampler, String component, int k, long t0, List<VigilInstance> instances)
      throws Exception {
    long lastPrint = 0;
    long deadline = t0 + DRAIN_BUDGET.toNanos();
    while (true) {
      long now = System.nanoTime();
      ScaleOutSampler.Sample s = sampler.sample();
      if (now - lastPrint >= TimeUnit.SECONDS.toNanos(2)) {
        lastPrint = now;
        report.printf(
            "[%s] k=%d  t=%5.1fs  committed %,9d  lag %,9d  per instance (input partitions/lag)"
                + " %s%n",
            component, k, (now - t0) / 1e9, s.committedInput(), s.totalLag(), s.perInstance());
      }
      if (s.committedInput() >= o.events() && s.totalLag() == 0) {
        return (now - t0) / 1e9;
      }
      for (VigilInstance i : instances) {
        if (!i.isAlive()) {
          throw new IllegalStateException(
              "instance " + i.name() + " exited while draining; see " + i.log());
        }
      }
      if (now > deadline) {
        throw new IllegalStateException(
            component
                + " k="
                + k
                + " did not drain "
                + o.events()
                + " events within "
                + DRAIN_BUDGET
                + " (committed "
                + s.committedInput()
                + ", lag "
                + s.totalLag()
                + ")");
      }
      LockSupport.parkNanos(SAMPLE.toNanos());
    }
  }

  static String instanceId(String appId, int i) {
    return appId + "-i" + i;
  }
}
