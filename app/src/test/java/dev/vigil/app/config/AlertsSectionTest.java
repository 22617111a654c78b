package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerts.AlertsSection;
import dev.vigil.alerts.Destination;
import dev.vigil.alerts.DestinationType;
import dev.vigil.schemas.avro.AlertSeverity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alerts} key: destinations, routes, secrets by reference, errors with a key path. */
class AlertsSectionTest {
  @TempDir Path dir;

  @Test
  void shouldReadTheDocumentedExample() throws Exception {
    Path key = Files.writeString(dir.resolve("webhook.secret"), "s3cret\n");
    VigilConfig config =
        ConfigLoader.parse(
            "vigil.yaml",
            """
            alerts:
              statusUrl: https://vigil.example.org/status
              resendInterval: 30s
              destinations:
                - name: alertmanager
                  type: alertmanager
                  url: http://alertmanager:9093
                - name: soc
                  type: webhook
                  url: https://soc.example.org/hooks/vigil
                  secretFile: %s
                  minSeverity: sev2
                  sites: [site-b]
                  perMinute: 30
            """
                .formatted(key));

    AlertsSection alerts = config.alerts();
    assertThat(alerts.resendInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(alerts.groupId()).isEqualTo("vigil-alerts");
    List<Destination> destinations = alerts.resolveDestinations();
    assertThat(destinations)
        .extracting(Destination::type)
        .containsExactly(DestinationType.ALERTMANAGER, DestinationType.WEBHOOK);
    Destination soc = destinations.get(1);
    assertThat(soc.route().minSeverity()).isEqualTo(AlertSeverity.SEV2);
    assertThat(soc.route().sites()).containsExactly("site-b");
    assertThat(soc.perMinute()).isEqualTo(30);
    assertThat(soc.secret().orElseThrow().reveal()).isEqualTo("s3cret");
    assertThat(soc.toString()).doesNotContain("s3cret");
    assertThat(alerts.settings(dir).parkDir()).isEqualTo(dir.resolve("alerts-parked"));
  }

  @Test
  void shouldDefaultToNoDestinationsAndPagerDutysPublicEndpoint() {
    assertThat(VigilConfig.defaults().alerts().destinations()).isEmpty();
    VigilConfig config =
        ConfigLoader.parse(
            "vigil.yaml",
            """
            alerts:
              destinations:
                - name: pd
                  type: pagerduty
                  secretEnv: VIGIL_TEST_UNSET_ROUTING_KEY
            """);
    assertThat(config.alerts().destinations().get(0).url()).isEqualTo(Destination.PAGERDUTY_EVENTS);
  }

  @Test
  void shouldNameTheLineAndKeyOfADestinationWithoutItsSecret() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "vigil.yaml",
                    """
                    alerts:
                      destinations:
                        - name: pd
                          type: pagerduty
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vigil.yaml line ")
        .hasMessageContaining("alerts.destinations[0]")
        .hasMessageContaining("needs secretFile or secretEnv");
  }

  @Test
  void shouldRejectAnUnknownTypeAndTwoDestinationsOfOneName() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "vigil.yaml",
                    """
                    alerts:
                      destinations:
                        - {name: x, type: email, url: http://x}
                    """))
        .hasMessageContaining("type must be alertmanager, pagerduty or webhook but was 'email'");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "vigil.yaml",
                    """
                    alerts:
                      destinations:
                        - {name: x, type: alertmanager, url: http://a}
                        - {name: x, type: alertmanager, url: http://b}
                    """))
        .hasMessageContaining("two destinations are named 'x'");
  }
}
