package dev.vigil.bench;

import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.runtime.StreamsRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

/**
 * The failover bench's baselines: the same kind of health event through the same broker under the
 * same background load, seen by a read_committed consumer of the input itself (broker only) and of
 * the output of an EOS pass-through topology with the correlator's Streams settings; with {@code
 * --redactor}, also of a second pass-through chained behind the first: the floor two EOS hops
 * (redactor, correlator) set.
 */
final class FailoverBaseline {
  static final String PASS_THROUGH = "bench.failover.passthrough";

  /**
   * Output of the second pass-through, chained behind {@link #PASS_THROUGH} ({@code --redactor}).
   */
  static final String SECOND_HOP = "bench.failover.passthrough.hop2";

  private final BenchReport report;
  private final FailoverBench.Options o;
  private final Map<String, Long> markerSeen = new ConcurrentHashMap<>();
  private final Map<String, Long> markerSeenDirect = new ConcurrentHashMap<>();
  private final Map<String, Long> markerSeenTwoHops = new ConcurrentHashMap<>();

  FailoverBaseline(BenchReport report, FailoverBench.Options options) {
    this.report = report;
    this.o = options;
  }

  /** The same kind of event through the same broker, under the same background load. */
  void run(
      Path dir,
      Map<String, Object> client,
      SchemaRegistryClient registry,
      String input,
      List<String> background)
      throws Exception {
    boolean twoHops = o.redactor();
    try (StreamsRunner passThrough = startPassThrough(dir, client, input, PASS_THROUGH, "pt");
        StreamsRunner secondHop =
            twoHops ? startPassThrough(dir, client, PASS_THROUGH, SECOND_HOP, "pt2") : null;
        Watcher outWatch =
            new Watcher(
                    client, PASS_THROUGH, o.fetchMaxWaitMs(), (r, at) -> marker(r, at, markerSeen))
                .start();
        Watcher twoHopWatch =
            twoHops
                ? new Watcher(
                        client,
                        SECOND_HOP,
                        o.fetchMaxWaitMs(),
                        (r, at) -> marker(r, at, markerSeenTwoHops))
                    .start()
                : null;
        Watcher inWatch =
            new Watcher(
                    client, input, o.fetchMaxWaitMs(), (r, at) -> marker(r, at, markerSeenDirect))
                .start();
        HealthLoad load = new HealthLoad(client, registry, input, background, o.rate()).start();
        KafkaProducer<String, byte[]> probes = FailoverSetup.probeProducer(client)) {
      TimeUnit.SECONDS.sleep(o.warmupSeconds());
      AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(registry, false);
      Percentiles direct = new Percentiles();
      Percentiles eos = new Percentiles();
      Percentiles chained = new Percentiles();
      int missed = 0;
      for (int i = 0; i < o.markers(); i++) {
        String key = "marker-" + i;
        long ts = System.currentTimeMillis();
        HealthCheckResult e =
            Probes.result(key, Probes.PRIMARY, "vantage-1", CheckStatus.FAIL, Instant.now());
        probes.send(new ProducerRecord<>(input, null, ts, key, avro.serialize(input, e)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!markerSeen.containsKey(key) || (twoHops && !markerSeenTwoHops.containsKey(key)))
            && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        Long seen = markerSeen.get(key);
        Long seenDirect = markerSeenDirect.get(key);
        Long seenTwoHops = markerSeenTwoHops.get(key);
        if (seen == null) {
          missed++;
        } else {
          eos.add(seen - ts);
        }
        if (seenDirect != null) {
          direct.add(seenDirect - ts);
        }
        if (seenTwoHops != null) {
          chained.add(seenTwoHops - ts);
        }
        TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(50, 250));
      }
      load.close();
      reportBaseline(load.achievedRate(), input, direct, eos, missed);
      if (twoHops) {
        reportTwoHops(input, chained, o.markers() - chained.count());
      }
    }
  }

  /** An EOS pass-through topology from {@code input} to {@link #PASS_THROUGH}, running. */
  private StreamsRunner startPassThrough(
      Path dir, Map<String, Object> client, String input, String output, String name) {
    Topology copy = new Topology();
    String source = "bench-" + name + "-source";
    copy.addSource(source, new StringDeserializer(), new ByteArrayDeserializer(), input);
    copy.addSink(
        "bench-" + name + "-sink",
        output,
        new StringSerializer(),
        new ByteArraySerializer(),
        source);
    Map<String, Object> overrides = new HashMap<>(o.streamsOverrides());
    overrides.put("consumer.auto.offset.reset", "latest");
    return StreamsRunner.start(
        copy,
        StreamsRunner.properties(
            "bench-" + name + "-" + System.nanoTime(),
            client,
            dir.resolve("streams-" + name),
            overrides),
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

  private void reportTwoHops(String input, Percentiles chained, long missed) {
    report.section("baseline").put("eos_two_hops", chained.toMap());
    report.section("baseline").put("eos_two_hops_missed", missed);
    Object p99 = report.section("load").get("p99_ms");
    if (p99 instanceof Long loaded && chained.count() > 0) {
      report
          .section("ratios")
          .put(
              "load_p99_to_eos_two_hops_p99",
              BenchReport.round(loaded / (double) Math.max(1, chained.percentile(0.99)), 2));
    }
    report.printf(
        "[baseline]   two EOS pass-throughs chained (%s -> %s -> %s, same settings; the floor of"
            + " two EOS hops): %s%s%n",
        input,
        PASS_THROUGH,
        SECOND_HOP,
        chained.summary(),
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

  private static void marker(ConsumerRecord<String, byte[]> r, long at, Map<String, Long> seen) {
    if (r.key() != null && r.key().startsWith("marker-")) {
      seen.putIfAbsent(r.key(), at);
    }
  }
}
