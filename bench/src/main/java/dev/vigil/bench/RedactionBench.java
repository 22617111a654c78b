package dev.vigil.bench;

import dev.vigil.app.runtime.PlatformRuntime;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.redactionrules.RedactionEngine;
import dev.vigil.redactionrules.RedactionOutcome;
import dev.vigil.redactionrules.keys.EphemeralKeys;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.json.EventTypes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.redaction.RedactionApp;
import dev.vigil.streams.runtime.StreamsRunner;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures, in one process on the embedded broker: (a) the redaction engine per core against a
 * copy-and-encode baseline, (b) the redaction topology end to end against a pass-through topology
 * (same raw input, same exactly-once settings): backlog throughput and paced latency.
 */
final class RedactionBench {
  private final BenchReport report;
  private final int events;
  private final int rate;
  private final int pacedSeconds;
  private final int threads;
  private final boolean insecure;

  RedactionBench(
      BenchReport report, int events, int rate, int pacedSeconds, int threads, boolean insecure) {
    this.insecure = insecure;
    this.report = report;
    this.events = events;
    this.rate = rate;
    this.pacedSeconds = pacedSeconds;
    this.threads = threads;
  }

  private boolean engine = true;

  /** Leaves out the engine-only phase (no broker in it, e.g. when comparing platforms). */
  RedactionBench withoutEngine() {
    engine = false;
    return this;
  }

  /** Raw events on the topics so far: each app starts from the beginning and must see them all. */
  private long rawEvents;

  private static final KeyProvider KEYS = new EphemeralKeys();

  void run(Path dir) throws Exception {
    try (PlatformRuntime platform =
            PlatformRuntime.start(BenchCommand.platformConfig(insecure), dir);
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      createTopics(platform, registry);
      List<ProducerRecord<String, byte[]>> backlog = serialize(registry, events);
      if (engine) {
        engineBench(registry);
      }
      long t0 = System.nanoTime();
      produce(platform, backlog);
      rawEvents = events;
      double produceRate = events / ((System.nanoTime() - t0) / 1e9);
      report.put("events", events).put("paced_rate", rate).put("paced_seconds", pacedSeconds);
      report.put("stream_threads", threads).put("secured", !insecure);
      report.put("produce_events_per_s", BenchReport.round(produceRate, 0));
      report.printf("produced %,d raw events (acks=all): %,.0f events/s%n", events, produceRate);

      Result pt =
          measure(
              "pass-through",
              platform,
              registry,
              outputs("bench.passthrough."),
              () ->
                  StreamsRunner.start(
                      PassThroughTopology.build("bench.passthrough"),
                      StreamsRunner.properties(
                          "bench-pt-" + System.nanoTime(),
                          platform.clientProperties(),
                          dir.resolve("streams-pt"),
                          Map.of("num.stream.threads", threads)),
                      Duration.ofSeconds(120)));
      Result rd =
          measure(
              "redaction",
              platform,
              registry,
              outputs("vigil."),
              () -> startRedactor(platform, registry, dir));
      Map<String, Object> e2e = report.section("end_to_end");
      e2e.put("redaction_events_per_s", BenchReport.round(rd.rate, 0));
      e2e.put("pass_through_events_per_s", BenchReport.round(pt.rate, 0));
      e2e.put("ratio", BenchReport.round(rd.rate / pt.rate, 3));
      report.printf(
          "%nend to end on the broker (%d stream threads, EOS v2): redaction %,.0f vs "
              + "pass-through %,.0f events/s, ratio %.2f%n",
          threads, rd.rate, pt.rate, rd.rate / pt.rate);
    }
  }

  /** The catalogue's topics and the pass-through outputs, one per event kind. */
  private static void createTopics(PlatformRuntime platform, SchemaRegistryClient registry)
      throws Exception {
    try (Admin admin = Admin.create(platform.clientProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      List<NewTopic> pt = new ArrayList<>();
      for (EventKind k : EventKind.values()) {
        pt.add(new NewTopic("bench.passthrough." + EventTypes.jsonName(k), 3, (short) 1));
      }
      admin.createTopics(pt).all().get(30, TimeUnit.SECONDS);
    }
  }

  private RedactionApp startRedactor(
      PlatformRuntime platform, SchemaRegistryClient registry, Path dir) {
    return RedactionApp.start(
        new RedactionApp.Settings(
            "bench-redactor-" + System.nanoTime(),
            Optional.empty(),
            KEYS,
            dir.resolve("streams-rd"),
            Map.of("num.stream.threads", threads)),
        platform.clientProperties(),
        registry,
        OpenTelemetry.noop());
  }

  private record Result(double rate) {}

  private static List<String> outputs(String prefix) {
    List<String> topics = new ArrayList<>();
    for (EventKind k : EventKind.values()) {
      topics.add(
          prefix.equals("vigil.") ? Topics.redacted(k).name() : prefix + EventTypes.jsonName(k));
    }
    return topics;
  }

  private Result measure(
      String name,
      PlatformRuntime platform,
      SchemaRegistryClient registry,
      List<String> outputTopics,
      Supplier<AutoCloseable> app)
      throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(platform)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : outputTopics) {
        consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position);
      // backlog: every raw event, from the app's start to its last output committed (start-up
      // included). Not from the first output: exactly-once output becomes visible a transaction
      // at a time, and a fast app's first transaction can hold most of a backlog. Not from
      // RUNNING either: an app that is slower to start has worked through more of it by then.
      long started = System.nanoTime();
      try (AutoCloseable running = app.get()) {
        long seen = 0;
        long deadline = started + TimeUnit.MINUTES.toNanos(10);
        while (seen < rawEvents && System.nanoTime() < deadline) {
          seen += consumer.poll(Duration.ofMillis(100)).count();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = seen / seconds;
        report.printf(
            "%-12s backlog: %,d events in %.1f s = %,.0f events/s%n", name, seen, seconds, rate);
        // paced: a fixed rate of fresh events; latency = seen here - created by the producer
        Percentiles latency = paced(platform, registry, consumer);
        Map<String, Object> section = report.section(name.replace('-', '_'));
        section.put("backlog_events_per_s", BenchReport.round(rate, 0));
        section.put("paced_latency", latency.toMap());
        report.printf(
            "%-12s paced %,d events/s for %d s: %s%n",
            name, this.rate, pacedSeconds, latency.summary());
        return new Result(rate);
      }
    }
  }

  private Percentiles paced(
      PlatformRuntime platform,
      SchemaRegistryClient registry,
      KafkaConsumer<byte[], byte[]> consumer)
      throws Exception {
    Percentiles p = new Percentiles();
    int total = rate * pacedSeconds;
    List<ProducerRecord<String, byte[]>> batch = serialize(registry, total);
    Thread producer =
        new Thread(
            () -> {
              try (KafkaProducer<String, byte[]> kp = producer(platform)) {
                long start = System.nanoTime();
                for (int i = 0; i < total; i++) {
                  long due = start + (long) (i * (1e9 / rate));
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  ProducerRecord<String, byte[]> r = batch.get(i);
                  kp.send(
                      new ProducerRecord<>(
                          r.topic(), null, System.currentTimeMillis(), r.key(), r.value()));
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bench-paced-producer");
    producer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(pacedSeconds + 60L);
    while (p.count() < total && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
        p.add(System.currentTimeMillis() - r.timestamp());
      }
    }
    producer.join();
    rawEvents += total;
    return p;
  }

  private void engineBench(SchemaRegistryClient r) throws Exception {
    String yaml =
        new String(
            RedactionApp.class
                .getResourceAsStream(RedactionApp.DEFAULT_RULES_RESOURCE)
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    RedactionEngine engine =
        RedactionEngine.create(dev.vigil.redactionrules.RuleSetLoader.load("default", yaml, KEYS));
    List<SpecificRecord> sample = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      sample.add(SampleEvents.mix(i));
    }
    AvroSerializer<SpecificRecord> encoder = new AvroSerializer<>(r, false);
    // Two warm-up rounds for the JIT, then five measured rounds alternating baseline and engine
    // (so a load change on a shared machine hits both alike); the medians are reported.
    double[] bases = new double[5];
    double[] engines = new double[5];
    long bytes = 0;
    int ok = 0;
    for (int round = 0; round < 7; round++) {
      long t0 = System.nanoTime();
      bytes = 0;
      for (SpecificRecord e : sample) {
        SpecificRecord copy =
            org.apache.avro.specific.SpecificData.get().deepCopy(e.getSchema(), e);
        bytes += encoder.serialize(Topics.raw(kindOf(copy)).name(), copy).length;
      }
      double base = sample.size() / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      ok = 0;
      for (SpecificRecord e : sample) {
        if (engine.redact(e) instanceof RedactionOutcome.Redacted) {
          ok++;
        }
      }
      double eng = sample.size() / ((System.nanoTime() - t0) / 1e9);
      if (round >= 2) {
        bases[round - 2] = base;
        engines[round - 2] = eng;
      }
    }
    java.util.Arrays.sort(bases);
    java.util.Arrays.sort(engines);
    Map<String, Object> eng = report.section("engine");
    eng.put("redaction_events_per_s", BenchReport.round(engines[2], 0));
    eng.put("copy_encode_events_per_s", BenchReport.round(bases[2], 0));
    eng.put("ratio", BenchReport.round(engines[2] / bases[2], 3));
    report.printf(
        "engine in-process, 1 thread (median of 5 x %,d events): redaction %,.0f events/s vs"
            + " copy+encode %,.0f events/s, ratio %.2f (%d redacted, %,d bytes per round)%n",
        sample.size(), engines[2], bases[2], engines[2] / bases[2], ok, bytes);
  }

  private static EventKind kindOf(SpecificRecord e) {
    return EventTypes.kindOf(e.getClass()).orElseThrow();
  }

  private static List<ProducerRecord<String, byte[]>> serialize(
      SchemaRegistryClient registry, int n) {
    AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(registry, false);
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SpecificRecord e = SampleEvents.mix(i);
      String topic = Topics.raw(kindOf(e)).name();
      records.add(new ProducerRecord<>(topic, "svc-" + (i % 16), avro.serialize(topic, e)));
    }
    return records;
  }

  private static void produce(
      PlatformRuntime platform, List<ProducerRecord<String, byte[]>> records) throws Exception {
    try (KafkaProducer<String, byte[]> producer = producer(platform)) {
      for (ProducerRecord<String, byte[]> r : records) {
        producer.send(r);
      }
      producer.flush();
    }
  }

  private static KafkaProducer<String, byte[]> producer(PlatformRuntime platform) {
    Map<String, Object> p = new java.util.HashMap<>(platform.clientProperties());
    p.put("acks", "all");
    p.put("linger.ms", 5);
    p.put("batch.size", 262144);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(PlatformRuntime platform) {
    Map<String, Object> p = new java.util.HashMap<>(platform.clientProperties());
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", false);
    p.put("max.poll.records", 5000);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
