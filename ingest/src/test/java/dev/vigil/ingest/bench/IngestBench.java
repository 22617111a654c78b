package dev.vigil.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.http.IngestHttpConfig;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.ingest.http.TokenHashes;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.FsyncPolicy;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.json.EventJson;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP ingest throughput with {@code acks=all} next to the raw Kafka producer on the same broker,
 * in the same run. Not part of the normal build (tag {@code bench}, and the class name matches no
 * surefire include). Run:
 *
 * <pre>
 * mvn -B -pl ingest -am test -Dtest=IngestBench -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dvigil.bench.events=100000 -Dvigil.bench.batch=500 -Dvigil.bench.clients=4]
 * </pre>
 */
@Tag("bench")
@ExtendWith(VigilPlatformExtension.class)
class IngestBench {
  static final String TOKEN = "bench-" + UUID.randomUUID();
  final int events = Integer.getInteger("vigil.bench.events", 100_000);
  final int batch = Integer.getInteger("vigil.bench.batch", 500);
  final int clients = Integer.getInteger("vigil.bench.clients", 4);

  @TempDir Path dir;

  @Test
  void ingestThroughputNextToTheRawProducer(VigilPlatform platform) throws Exception {
    platform.createTopics(Topics.HEALTH_RAW.partitions(), Topics.HEALTH_RAW.name());
    String topic = Topics.HEALTH_RAW.name();
    List<String> bodies = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int b = 0; b < events / batch; b++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < batch; i++) {
        String line = health(UUID.randomUUID(), b * batch + i);
        sb.append(line).append('\n');
        lines.add(line);
      }
      bodies.add(sb.toString());
    }
    var serializer =
        new AvroSerializer<SpecificRecord>(
            SchemaRegistryClients.create(platform.registryUrl(), Map.of()), false);

    // Raw producer: the same events as wire-format bytes, acks=all, idempotent.
    EventJson json = new EventJson();
    List<byte[]> values = new ArrayList<>(lines.size());
    for (String line : lines) {
      values.add(serializer.serialize(topic, json.parse(line)));
    }
    double rawRate;
    try (KafkaProducer<byte[], byte[]> raw =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                platform.bootstrapServers(),
                "acks",
                "all",
                "enable.idempotence",
                true,
                "linger.ms",
                5,
                "batch.size",
                256 * 1024),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      long t0 = System.nanoTime();
      for (byte[] v : values) {
        raw.send(new ProducerRecord<>(topic, "checkout".getBytes(StandardCharsets.UTF_8), v));
      }
      raw.flush();
      rawRate = values.size() / ((System.nanoTime() - t0) / 1e9);
    }

    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            "events=%d batch=%d clients=%d%nraw KafkaProducer (acks=all, idempotent): %.0f events/s%n",
            events, batch, clients, rawRate));
    for (FsyncPolicy fsync : FsyncPolicy.values()) {
      report.append(http(platform, serializer, bodies, fsync, rawRate));
    }
    System.out.println("\n=== IngestBench ===\n" + report);
    Files.writeString(Path.of("target", "ingest-bench.txt"), report.toString());
  }

  private String http(
      VigilPlatform platform,
      AvroSerializer<SpecificRecord> serializer,
      List<String> bodies,
      FsyncPolicy fsync,
      double rawRate)
      throws Exception {
    SpoolConfig spool = SpoolConfig.defaults(dir.resolve("spool-" + fsync)).withFsync(fsync);
    try (DurableProducer producer =
            DurableProducer.open(
                new DurableProducerConfig(
                    spool,
                    Map.of("bootstrap.servers", platform.bootstrapServers()),
                    "bench-" + UUID.randomUUID(),
                    5000,
                    Duration.ofSeconds(1)),
                serializer,
                OpenTelemetry.noop());
        IngestServer server =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("bench", TokenHashes.sha256Hex(TOKEN))),
                producer,
                OpenTelemetry.noop())) {
      URI uri = server.uri().resolve("/v1/events");
      while (!producer.kafkaReachable()) {
        Thread.sleep(10); // answers before the first Kafka session would all be 202
      }
      AtomicInteger pending = new AtomicInteger();
      ConcurrentLinkedQueue<Long> latenciesNs = new ConcurrentLinkedQueue<>();
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long t0 = System.nanoTime();
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            pool.submit(
                () -> {
                  HttpClient client = HttpClient.newHttpClient();
                  int ok = 0;
                  for (int i = next.getAndIncrement();
                      i < bodies.size();
                      i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    HttpResponse<String> r =
                        client.send(
                            HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    latenciesNs.add(System.nanoTime() - s);
                    ok += r.statusCode() == 200 || r.statusCode() == 202 ? 1 : 0;
                    pending.addAndGet(r.statusCode() == 202 ? 1 : 0);
                  }
                  return ok;
                }));
      }
      int ok = 0;
      for (Future<Integer> f : done) {
        ok += f.get();
      }
      long acceptedNs = System.nanoTime() - t0;
      pool.shutdown();
      while (producer.depthRecords() > 0) {
        Thread.sleep(5);
      }
      long deliveredNs = System.nanoTime() - t0;
      assertThat(ok).isEqualTo(bodies.size());
      long[] lat = latenciesNs.stream().mapToLong(Long::longValue).sorted().toArray();
      double accepted = events / (acceptedNs / 1e9);
      double delivered = events / (deliveredNs / 1e9);
      return String.format(
          "HTTP ingest, spool fsync=%s: accepted %.0f events/s (answered), delivered %.0f events/s"
              + " (committed to Kafka); delivered/raw = %.2f; answered 200 (committed) %d,"
              + " 202 (spooled, ack timeout) %d%n"
              + "  per-request latency ms (%d events each): p50=%.1f p90=%.1f p99=%.1f max=%.1f%n",
          fsync,
          accepted,
          delivered,
          delivered / rawRate,
          bodies.size() - pending.get(),
          pending.get(),
          batch,
          pct(lat, 50),
          pct(lat, 90),
          pct(lat, 99),
          lat[lat.length - 1] / 1e6);
    }
  }

  private static double pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)]
        / 1e6;
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
