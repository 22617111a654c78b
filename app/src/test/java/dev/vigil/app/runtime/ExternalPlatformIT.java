package dev.vigil.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A config naming an external cluster and registry makes {@code vigil run} use those. */
@ExtendWith(VigilPlatformExtension.class)
class ExternalPlatformIT {

  @Test
  void shouldUseTheConfiguredClusterAndRegistryInsteadOfEmbeddingThem(
      VigilPlatform external, @TempDir Path dataDir) throws Exception {
    // Given a config naming the testkit's (secured) broker, the admin's SASL_SSL client
    // properties, and the registry
    VigilConfig config = ConfigLoader.parse("external.yaml", external.externalConfigYaml());
    ShutdownSignal signal = ShutdownSignal.manual();
    StringWriter out = new StringWriter();

    // When the launcher runs with it
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new Launcher(config, dataDir, List.of()).run(signal, new PrintWriter(out));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Path endpoints = dataDir.resolve("endpoints.json");
    org.awaitility.Awaitility.await("endpoints.json")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.exists(endpoints) || exit.isDone());

    // Then it serves the external endpoints, embeds nothing, and applied the catalogue there
    assertThat(Endpoints.read(dataDir).orElseThrow())
        .containsEntry("bootstrap", external.bootstrapServers())
        .containsEntry("registry", external.registryUrl())
        .doesNotContainKey("metrics");
    assertThat(dataDir.resolve("kafka")).doesNotExist();
    assertThat(dataDir.resolve("registry")).doesNotExist();
    try (Admin admin = external.admin()) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .containsAll(Topics.ALL.stream().map(t -> t.name()).toList());
    }
    try (SchemaRegistryClient registry =
        SchemaRegistryClients.create(external.registryUrl(), Map.of())) {
      assertThat(registry.subjects()).contains("vigil.audit.v1-value", "vigil.health.raw.v1-value");
    }

    // And a stop signal ends it with 0 and removes endpoints.json
    signal.trigger();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(endpoints).doesNotExist();
    assertThat(out.toString()).contains("vigil ready in").contains("vigil stopped");
  }
}
