package dev.vigil.testkit;

import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Opt-in backend: Apache Kafka and Apicurio Registry in containers, where Docker exists. */
final class TestcontainersBackend implements VigilPlatform, AutoCloseable {
  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  static final String REGISTRY_IMAGE = "apicurio/apicurio-registry-mem:2.6.13.Final";

  private final KafkaContainer kafka;
  private final GenericContainer<?> registry;

  private TestcontainersBackend(KafkaContainer kafka, GenericContainer<?> registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static TestcontainersBackend start() {
    if (!dockerAvailable()) {
      throw new IllegalStateException("no Docker engine: the testcontainers backend cannot start");
    }
    KafkaContainer kafka =
        new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    GenericContainer<?> registry =
        new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
            .withExposedPorts(8080)
            .waitingFor(
                Wait.forHttp("/apis/ccompat/v7/subjects")
                    .withStartupTimeout(Duration.ofMinutes(2)));
    kafka.start();
    try {
      registry.start();
    } catch (RuntimeException e) {
      kafka.stop();
      throw e;
    }
    return new TestcontainersBackend(kafka, registry);
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  /** Plaintext: no authentication, no ACLs. */
  @Override
  public boolean secured() {
    return false;
  }

  @Override
  public Map<String, Object> clientProperties() {
    return new HashMap<>(Map.of("bootstrap.servers", bootstrapServers()));
  }

  /** The broker authorizes nothing: every identity gets {@link #clientProperties()}. */
  @Override
  public Map<String, Object> clientProperties(Identity identity) {
    return clientProperties();
  }

  @Override
  public String registryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/ccompat/v7";
  }

  @Override
  public String backend() {
    return "testcontainers";
  }

  @Override
  public void close() {
    try {
      registry.stop();
    } finally {
      kafka.stop();
    }
  }
}
