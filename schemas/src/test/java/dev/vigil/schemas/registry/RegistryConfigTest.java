package dev.vigil.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

  @Test
  void shouldApplyDefaultsWhenNoKeysGiven() {
    // Given / When
    RegistryConfig config = RegistryConfig.from("http://127.0.0.1:8081/apis/ccompat/v7", Map.of());

    // Then
    assertThat(config.basicAuthUserInfo()).isEmpty();
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxRetries()).isEqualTo(3);
  }

  @Test
  void shouldNameTheUnknownKey() {
    // When / Then
    assertThatThrownBy(() -> RegistryConfig.from("mock://x", Map.of("basic.auth.userinfo", "a:b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("basic.auth.userinfo")
        .hasMessageNotContaining("a:b");
  }

  @Test
  void shouldNameTheKeyWithABadValue() {
    // When / Then
    assertThatThrownBy(() -> RegistryConfig.from("mock://x", Map.of("timeout.ms", "soon")))
        .hasMessageContaining("'timeout.ms'");
    assertThatThrownBy(() -> RegistryConfig.from("mock://x", Map.of("timeout.ms", 0)))
        .hasMessageContaining("'timeout.ms'");
    assertThatThrownBy(() -> RegistryConfig.from("mock://x", Map.of("max.retries", -1)))
        .hasMessageContaining("'max.retries'");
    assertThatThrownBy(
            () -> RegistryConfig.from("mock://x", Map.of("basic.auth.user.info", "nocolon")))
        .hasMessageContaining("'basic.auth.user.info'")
        .hasMessageNotContaining("nocolon");
  }

  @Test
  void shouldRejectUnsupportedSchemesAndCredentialsInUrl() {
    // When / Then
    assertThatThrownBy(() -> RegistryConfig.from("ftp://host", Map.of()))
        .hasMessageContaining("ftp");
    assertThatThrownBy(() -> RegistryConfig.from("http://u:pw@host/apis/ccompat/v7", Map.of()))
        .hasMessageContaining("basic.auth.user.info")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> SchemaRegistryClients.create("mock://", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldHideCredentialsInToString() {
    // Given
    RegistryConfig config =
        new RegistryConfig(
            java.net.URI.create("https://registry:8081"),
            Optional.of("vigil:s3cret"),
            Duration.ofSeconds(1),
            0);

    // When / Then
    assertThat(config.toString()).contains("****").doesNotContain("s3cret", "vigil:");
  }
}
