package dev.vigil.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryProcessIT {
  private static final String SCHEMA =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":"
          + "[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldKeepSubjectsAcrossRestartWhenPersistent(@TempDir Path dir) throws Exception {
    // Given a persistent registry with one registered subject
    int id;
    try (RegistryProcess registry = RegistryProcess.start(RegistrySettings.persistent(dir))) {
      HttpResponse<String> created = post(registry.url() + "/subjects/s-value/versions", SCHEMA);
      assertThat(created.statusCode()).isEqualTo(200);
      assertThat(created.body()).contains("\"id\"");
      id = Integer.parseInt(created.body().replaceAll("\\D+", ""));
    }
    // When it restarts on the same work dir
    try (RegistryProcess registry = RegistryProcess.start(RegistrySettings.persistent(dir))) {
      // Then the subject and the schema id are still there
      assertThat(get(registry.url() + "/subjects").body()).isEqualTo("[\"s-value\"]");
      assertThat(get(registry.url() + "/schemas/ids/" + id).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldStopTheChildJvmOnClose(@TempDir Path dir) throws Exception {
    // Given a running registry
    RegistryProcess registry = RegistryProcess.start(RegistrySettings.ephemeral(dir));
    String url = registry.url();
    assertThat(get(url + "/subjects").statusCode()).isEqualTo(200);
    // When it is closed
    registry.close();
    // Then nothing answers on its port any more and the process is gone
    assertThat(registry.isAlive()).isFalse();
    assertThatThrownBy(() -> get(url + "/subjects")).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void shouldNameTheMissingDistribution(@TempDir Path dir) {
    // Given a home directory without the runner jar
    RegistrySettings settings =
        new RegistrySettings(
            dir, "127.0.0.1", 0, false, 128, Duration.ofSeconds(5), Optional.of(dir));
    // When / Then
    assertThatThrownBy(() -> RegistryProcess.start(settings))
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("exited");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
