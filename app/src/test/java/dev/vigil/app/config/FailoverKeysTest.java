package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.streams.failover.config.FailoverConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The top-level failover keys (sites, services, failover, gates) of the vigil config. */
class FailoverKeysTest {

  @Test
  void shouldLeaveFailoverOffWhenNoFailoverKeyIsGiven() {
    VigilConfig config = ConfigLoader.parse("c.yaml", "platform: {host: 127.0.0.1}\n");
    assertThat(config.failoverConfig()).isEmpty();
  }

  @Test
  void shouldReadTheFailoverKeysIntoOneValidatedFailoverConfig() {
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            sites: [primary, dr]
            services:
              payments: {active: primary, standby: dr, quorum: 2}
            failover:
              prepareDwell: 5s
              steps: [{percent: 50, dwell: 5s}, {percent: 100, dwell: 5s}]
            gates:
              intrusion: {severity: CRITICAL, window: 10m}
            """);
    FailoverConfig failover = config.failoverConfig().orElseThrow();
    assertThat(failover.sites()).containsExactly("primary", "dr");
    assertThat(failover.service("payments").standby()).isEqualTo("dr");
    assertThat(failover.failover().prepareDwell()).isEqualTo(Duration.ofSeconds(5));
    assertThat(failover.gates().intrusion().window()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldStopAtLoadWhenAServiceNamesAnUnknownSite() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    """
                    sites: [primary, dr]
                    services:
                      payments: {active: primary, standby: elsewhere}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("c.yaml")
        .hasMessageContaining("services.payments.standby");
  }

  @Test
  void shouldRejectAnUnknownKeyInsideTheFailoverSection() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    """
                    sites: [primary, dr]
                    failover:
                      prepareDwel: 5s
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'failover.prepareDwel'");
  }
}
