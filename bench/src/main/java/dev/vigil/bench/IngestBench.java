package dev.vigil.bench;

import dev.vigil.app.runtime.PlatformRuntime;
import dev.vigil.ingest.event.EventKeys;
import dev.vigil.ingest.http.IngestHttpConfig;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.ingest.http.TokenHashes;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.FsyncPolicy;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.json.EventJson;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * HTTP ingest next to the raw Kafka producer, in one process on the embedded platform: the same
 * events (a) pre-encoded through an idempotent {@code acks=all} {@code KafkaProducer} — the
 * baselines: streamed as fast as it takes them, and batched as the HTTP clients send them (count,
 * batch, clients; each batch waits for its acks) — and (b) as NDJSON requests to the ingest API,
 * where every 200 means committed to Kafka with {@code acks=all}, once per spool fsync policy.
 */
final class IngestBench {
  /** Records per spool transaction, as {@code vigil run}'s collectors. */
  static final int SPOOL_BATCH_RECORDS = 2000;

  private static final String COLLECTOR = "bench";
  private static final String TOKEN = "bench-" + UUID.randomUUID();

  record Options(int events, int batch, int clients, boolean insecure) {}

  private final BenchReport report;
  private final Options options;

  IngestBench(BenchReport report, Options options) {
    this.report = report;
    this.options = options;
  }

  void run(Path dir) throws Exception {
    report.put("events", options.events()).put("batch", options.batch());
    report.put("clients", options.clients()).put("secured", !options.insecure());
    try (PlatformRuntime platform =
            PlatformRuntime.start(BenchCommand.platformConfig(options.insecure()), dir);
        SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of())) {
      try (Admin admin = Admin.create(platform.clientProperties())) {
        CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      }
      List<String> bodies = bodies(options.events());
      Raw raw = raw(platform, registry, bodies);
      report.section("raw_producer").put("events_per_s", BenchReport.round(raw.streaming(), 0));
      Map<String, Object> batched = report.section("raw_producer_batched");
      batched.put("events_per_s", BenchReport.round(raw.batched(), 0));
      Map<String, Object> batchLatency = latencies(raw.batchLatencyNs());
      batched.put("request_latency_ms", batchLatency);
      report.printf(
          "events=%d batch=%d clients=%d%nraw KafkaProducer (acks=all, idempotent, same bytes):"
              + " %,.0f events/s streamed; %,.0f events/s as %d clients x %d events, each"
              + " waiting for its acks (per batch p50 %.1f ms, p99 %.1f)%n",
          options.events(),
          options.batch(),
          options.clients(),
          raw.streaming(),
          raw.batched(),
          options.clients(),
          options.batch(),
          batchLatency.get("p50"),
          batchLatency.get("p99"));
      for (FsyncPolicy fsync : FsyncPolicy.values()) {
        http(platform, registry, dir, bodies, fsync, raw);
      }
    }
  }

  /** NDJSON bodies of {@code batch} health events each, {@code events} in all (fresh ids). */
  private List<String> bodies(int events) {
    List<String> bodies = new ArrayList<>();
    int n = 0;
    for (int b = 0; b < events / options.batch(); b++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < options.batch(); i++, n++) {
        sb.append(health(UUID.randomUUID(), n)).append('\n');
      }
      bodies.add(sb.toString());
    }
    return bodies;
  }

  /**
   * The raw producer's rates: {@code streaming}, every event sent as fast as the producer takes
   * them; {@code batched}, the shape of the HTTP phases — {@code clients} threads on one producer,
   * each sending a batch of {@code batch} events and waiting for all their acks before the next.
   */
  private record Raw(double streaming, double batched, long[] batchLatencyNs) {}

  /** The baselines: the same events as the ingest API would write them, straight to Kafka. */
  private Raw raw(PlatformRuntime platform, SchemaRegistryClient registry, List<String> bodies)
      throws Exception {
    AvroSerializer<SpecificRecord> avro = new AvroSerializer<>(registry, false);
    EventJson json = new EventJson();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(options.events());
    var header =
        List.of(new RecordHeader("vigil.collector", COLLECTOR.getBytes(StandardCharsets.UTF_8)));
    String topic = Topics.HEALTH_RAW.name();
    for (String body : bodies) {
      for (String line : body.split("\n")) {
        SpecificRecord e = json.parse(line);
        records.add(
            new ProducerRecord<>(
                topic,
                null,
                EventKeys.of(e).getBytes(StandardCharsets.UTF_8),
                avro.serialize(topic, e),
                new ArrayList<>(header)));
      }
    }
    Map<String, Object> props = new HashMap<>(platform.clientProperties());
    props.put("acks", "all");
    props.put("enable.idempotence", true);
    props.put("linger.ms", 5);
    props.put("batch.size", 256 * 1024);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      // warm-up (JIT, connections, producer id): a fifth of the events, not measured
      for (ProducerRecord<byte[], byte[]> r : records.subList(0, records.size() / 5)) {
        producer.send(r);
      }
      producer.flush();
      long t0 = System.nanoTime();
      for (ProducerRecord<byte[], byte[]> r : records) {
        producer.send(r);
      }
      producer.flush();
      double streaming = records.size() / ((System.nanoTime() - t0) / 1e9);
      long[] latencyNs = new long[bodies.size()];
      double seconds =
          inClients(
              bodies.size(),
              i -> {
                List<ProducerRecord<byte[], byte[]>> batch =
                    records.subList(i * options.batch(), (i + 1) * options.batch());
                List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
                long s = System.nanoTime();
                for (ProducerRecord<byte[], byte[]> r : batch) {
                  acks.add(producer.send(r));
                }
                producer.flush();
                for (Future<RecordMetadata> f : acks) {
                  f.get();
                }
                latencyNs[i] = System.nanoTime() - s;
              });
      return new Raw(streaming, records.size() / seconds, latencyNs);
    }
  }

  /** One unit of a client's work: batch {@code i}. */
  private interface BatchTask {
    void run(int i) throws Exception;
  }

  /**
   * Runs {@code task} for batches {@code 0..count-1} from {@code options.clients()} threads, each
   * taking the next batch when its last one is done; the seconds it took.
   */
  private double inClients(int count, BatchTask task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(options.clients());
    try {
      long t0 = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < options.clients(); c++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.run(i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdown();
    }
  }

  private void http(
      PlatformRuntime platform,
      SchemaRegistryClient registry,
      Path dir,
      List<String> bodies,
      FsyncPolicy fsync,
      Raw raw)
      throws Exception {
    SpoolConfig spool = SpoolConfig.defaults(dir.resolve("spool-" + fsync)).withFsync(fsync);
    try (DurableProducer producer =
            DurableProducer.open(
                new DurableProducerConfig(
                    spool,
                    platform.clientProperties(),
                    "vigil-bench-" + UUID.randomUUID(),
                    SPOOL_BATCH_RECORDS,
                    Duration.ofSeconds(1)),
                new AvroSerializer<SpecificRecord>(registry, false),
                OpenTelemetry.noop());
        IngestServer server =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of(COLLECTOR, TokenHashes.sha256Hex(TOKEN))),
                producer,
                OpenTelemetry.noop())) {
      awaitKafka(producer);
      // warm-up as the raw producer's (JIT of the request path, the producer's first
      // transactions): a fifth of the events, fresh event ids, not measured
      List<String> warm = bodies(Math.max(options.batch(), options.events() / 5));
      postAll(
          server.uri().resolve("/v1/events"), warm, new long[warm.size()], new int[warm.size()]);
      long[] latencyNs = new long[bodies.size()];
      int[] status = new int[bodies.size()];
      double seconds = postAll(server.uri().resolve("/v1/events"), bodies, latencyNs, status);
      reportHttp(fsync, raw, bodies.size(), seconds, latencyNs, status);
    }
  }

  /**
   * Posts every body from {@code options.clients()} concurrent clients, recording each request's
   * latency and status; the seconds it took.
   */
  private double postAll(URI uri, List<String> bodies, long[] latencyNs, int[] status)
      throws Exception {
    // Encoded once, before the clock starts: the client's cost is not what is measured.
    List<byte[]> encoded = bodies.stream().map(b -> b.getBytes(StandardCharsets.UTF_8)).toList();
    ThreadLocal<HttpClient> clients = ThreadLocal.withInitial(HttpClient::newHttpClient);
    return inClients(
        bodies.size(),
        i -> {
          long s = System.nanoTime();
          HttpResponse<Void> r =
              clients
                  .get()
                  .send(
                      HttpRequest.newBuilder(uri)
                          .header("Authorization", "Bearer " + TOKEN)
                          .header("Content-Type", "application/x-ndjson")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(encoded.get(i)))
                          .build(),
                      HttpResponse.BodyHandlers.discarding());
          latencyNs[i] = System.nanoTime() - s;
          status[i] = r.statusCode();
        });
  }

  private void reportHttp(
      FsyncPolicy fsync, Raw raw, int requests, double seconds, long[] latencyNs, int[] status) {
    int committed = (int) Arrays.stream(status).filter(s -> s == 200).count();
    int spooled = (int) Arrays.stream(status).filter(s -> s == 202).count();
    double rate = (double) committed * options.batch() / seconds;
    Map<String, Object> s =
        report.section("http_" + fsync.name().toLowerCase(java.util.Locale.ROOT));
    s.put("events_per_s", BenchReport.round(rate, 0));
    s.put("ratio_to_raw", BenchReport.round(rate / raw.streaming(), 3));
    s.put("ratio_to_raw_batched", BenchReport.round(rate / raw.batched(), 3));
    s.put("requests_200_committed", committed);
    s.put("requests_202_spooled", spooled);
    s.put("requests_other", requests - committed - spooled);
    Map<String, Object> lat = latencies(latencyNs);
    s.put("request_latency_ms", lat);
    report.printf(
        "HTTP ingest, spool fsync=%s: %,.0f events/s committed (200 = on Kafka, acks=all),"
            + " ratio to raw %.2f streamed, %.2f batched; 200: %d, 202: %d, other: %d%n"
            + "  per request (%d events): p50 %.1f ms, p95 %.1f, p99 %.1f, max %.1f%n",
        fsync,
        rate,
        rate / raw.streaming(),
        rate / raw.batched(),
        committed,
        spooled,
        requests - committed - spooled,
        options.batch(),
        lat.get("p50"),
        lat.get("p95"),
        lat.get("p99"),
        lat.get("max"));
  }

  /** Answers before the spool's first Kafka session would be 202 (spooled), not 200. */
  private static void awaitKafka(DurableProducer producer) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!producer.kafkaReachable()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the spool sender did not reach Kafka in 60 s");
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  /** p50, p95, p99 and max of {@code latencyNs}, in ms. */
  private static Map<String, Object> latencies(long[] latencyNs) {
    long[] sorted = latencyNs.clone();
    Arrays.sort(sorted);
    Map<String, Object> lat = new LinkedHashMap<>();
    lat.put("p50", ms(sorted, 0.50));
    lat.put("p95", ms(sorted, 0.95));
    lat.put("p99", ms(sorted, 0.99));
    lat.put("max", BenchReport.round(sorted[sorted.length - 1] / 1e6, 1));
    return lat;
  }

  private static double ms(long[] sorted, double q) {
    int i = Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1);
    return BenchReport.round(sorted[Math.max(0, i)] / 1e6, 1);
  }

  private static String health(UUID id, int n) {
    return "{\"event_id\":\""
        + id
        + "\",\"kind\":\"health\",\"site\":\"primary\",\"service\":\"svc-"
        + (n % 16)
        + "\",\"source\":\"probe-1\",\"observed_at\":\"2026-03-02T08:15:04Z\","
        + "\"check\":{\"name\":\"http\",\"probe\":\"HTTP\",\"target\":\"https://x.example/health\","
        + "\"vantage\":\"eu1\",\"status\":\"PASS\",\"latency_ms\":"
        + (n % 300)
        + "}}";
  }
}
