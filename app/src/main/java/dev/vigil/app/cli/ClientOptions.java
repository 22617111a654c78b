package dev.vigil.app.cli;

import dev.vigil.app.runtime.Clients;
import dev.vigil.app.runtime.Endpoints;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serializer;
import picocli.CommandLine.Option;

/**
 * Where the short-lived client commands ({@code publish}, {@code tail}, {@code operator}, ...)
 * connect: explicit {@code --bootstrap}/{@code --registry}, else the endpoints.json of a running
 * {@code vigil run}.
 */
public final class ClientOptions {
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  Optional<String> bootstrap = Optional.empty();

  @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL.")
  Optional<String> registry = Optional.empty();

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      defaultValue = ".vigil",
      description =
          "Read endpoints.json from here when --bootstrap/--registry are not given "
              + "(default: ${DEFAULT-VALUE}).")
  Path dataDir;

  String bootstrap() {
    return bootstrap.orElseGet(() -> endpoint("bootstrap"));
  }

  String registry() {
    return registry.orElseGet(() -> endpoint("registry"));
  }

  /** A producer that loses nothing it acknowledged ({@link Clients#producer}). */
  <K, V> KafkaProducer<K, V> producer(
      String clientId, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    return Clients.producer(bootstrap(), clientId, keySerializer, valueSerializer);
  }

  /** A consumer of committed records only, without a group ({@link Clients}). */
  KafkaConsumer<byte[], byte[]> readCommittedConsumer(String clientId) {
    return Clients.readCommittedConsumer(bootstrap(), clientId);
  }

  private String endpoint(String key) {
    Map<String, String> endpoints =
        Endpoints.read(dataDir)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no "
                            + dataDir.resolve(Endpoints.FILE)
                            + ": start `vigil run` first or pass --bootstrap and --registry"));
    String value = endpoints.get(key);
    if (value == null) {
      throw new IllegalStateException(dataDir.resolve(Endpoints.FILE) + " has no '" + key + "'");
    }
    return value;
  }
}
