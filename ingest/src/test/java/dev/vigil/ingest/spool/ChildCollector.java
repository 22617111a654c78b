package dev.vigil.ingest.spool;

import dev.vigil.ingest.http.IngestHttpConfig;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import io.opentelemetry.api.OpenTelemetry;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;

/**
 * A collector in its own JVM for {@code DurableProducerIT}: spool + HTTP API. Args: spool dir,
 * bootstrap, registry URL, file to write the URI to, token hash, transactional id, batch size, and
 * the number of commits after which to halt (0 = never), and the Kafka client-properties file of
 * its user (SASL_SSL, mode 600). Halting right after a commit and before the ack is recorded is the
 * worst moment for a crash.
 */
public final class ChildCollector {
  private ChildCollector() {}

  public static void main(String[] args) throws Exception {
    Path spoolDir = Path.of(args[0]);
    String bootstrap = args[1];
    String registry = args[2];
    Path uriFile = Path.of(args[3]);
    String tokenHash = args[4];
    String transactionalId = args[5];
    int batch = Integer.parseInt(args[6]);
    int haltAfterCommits = Integer.parseInt(args[7]);
    Map<String, Object> client = new HashMap<>();
    Properties file = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(args[8]))) {
      file.load(reader);
    }
    file.stringPropertyNames().forEach(k -> client.put(k, file.getProperty(k)));
    client.put("bootstrap.servers", bootstrap);
    AtomicInteger commits = new AtomicInteger();
    Sender.CrashPoints crash =
        new Sender.CrashPoints() {
          @Override
          public void afterCommit(long endSeq) {
            if (haltAfterCommits > 0 && commits.incrementAndGet() >= haltAfterCommits) {
              System.err.println("CHILD HALT after commit endSeq=" + endSeq);
              Runtime.getRuntime().halt(137);
            }
          }
        };
    DurableProducerConfig config =
        new DurableProducerConfig(
            SpoolConfig.defaults(spoolDir).withSegmentBytes(16 * 1024),
            client,
            transactionalId,
            batch,
            Duration.ofSeconds(1));
    DurableProducer producer =
        DurableProducer.open(
            config,
            new AvroSerializer<SpecificRecord>(
                SchemaRegistryClients.create(registry, Map.of()), false),
            OpenTelemetry.noop(),
            crash);
    IngestServer server =
        IngestServer.start(
            IngestHttpConfig.loopback(Map.of("edge-1", tokenHash)), producer, OpenTelemetry.noop());
    Path tmp = uriFile.resolveSibling(uriFile.getFileName() + ".tmp");
    Files.writeString(tmp, server.uri().toString());
    Files.move(tmp, uriFile);
    Thread.sleep(Long.MAX_VALUE);
  }
}
