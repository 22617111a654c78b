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

  @Test
  void shouldRunTheCorrelatorAsVigilFailoverWithAOneSecondTickByDefault() {
    // Given failover keys without the deployment keys
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            sites: [primary, dr]
            failover: {cooldown: 5m}
            """);

    // Then the correlator keeps its historical application id and tick
    assertThat(config.failoverSection().applicationId()).isEqualTo("vigil-failover");
    assertThat(config.failoverSection().tickInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(VigilConfig.defaults().failoverSection().applicationId())
        .isEqualTo("vigil-failover");
    assertThat(config.failoverConfig().orElseThrow().failover().cooldown())
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void shouldReadTheApplicationIdAndTickWithoutChangingTheConfigVersion() {
    // Given two configs that differ only in the deployment keys
    String base = "sites: [primary, dr]\nservices: {payments: {active: primary, standby: dr}}\n";
    VigilConfig plain = ConfigLoader.parse("a.yaml", base + "failover: {prepareDwell: 5s}\n");
    VigilConfig deployed =
        ConfigLoader.parse(
            "b.yaml",
            base
                + "failover: {prepareDwell: 5s, applicationId: vigil-failover-eu,"
                + " tickInterval: 250ms}\n");

    // Then the deployment keys are read
    assertThat(deployed.failoverSection().applicationId()).isEqualTo("vigil-failover-eu");
    assertThat(deployed.failoverSection().tickInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(deployed.failoverSection().policy().prepareDwell()).isEqualTo(Duration.ofSeconds(5));
    // and they are not decision inputs: same policy, same config version
    assertThat(deployed.failoverConfig().orElseThrow().configVersion())
        .isEqualTo(plain.failoverConfig().orElseThrow().configVersion());
  }

  @Test
  void shouldRejectATickOutsideOneHundredMillisecondsToOneMinuteNamingTheKey() {
    for (String tick : java.util.List.of("50ms", "2m", "0s", "soon")) {
      assertThatThrownBy(
              () ->
                  ConfigLoader.parse(
                      "c.yaml", "sites: [primary, dr]\nfailover:\n  tickInterval: " + tick + "\n"))
          .as(tick)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("c.yaml line 2") // the failover section
          .hasMessageContaining("failover.tickInterval");
    }
  }

  @Test
  void shouldRejectAnApplicationIdThatIsNotAKafkaNameNamingTheKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "sites: [primary, dr]\nfailover: {applicationId: 'vigil failover'}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("failover.applicationId")
        .hasMessageContaining("[A-Za-z0-9._-]{1,100}");
  }

  @Test
  void shouldRejectACorrelatorSharingTheRedactorsApplicationId() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    """
                    redaction: {applicationId: vigil-streams}
                    sites: [primary, dr]
                    failover: {applicationId: vigil-streams}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("failover.applicationId must differ from redaction.applicationId");
  }

  @Test
  void shouldStillRejectAnUnknownDeploymentKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml", "sites: [primary, dr]\nfailover: {tickIntervall: 1s}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'failover.tickIntervall'")
        .hasMessageContaining("tickInterval");
  }

  @Test
  void shouldReadOperatorKeysAndRequireSignaturesOnceAnyIsListed() {
    String key = dev.vigil.schemas.signing.SigningKey.generate("alice-1").publicKeyBase64();
    VigilConfig config =
        ConfigLoader.parse(
            "c.yaml",
            """
            sites: [primary, dr]
            services:
              payments: {active: primary, standby: dr, quorum: 2}
            failover:
              commands:
                keys:
                  alice-1: {owner: alice, publicKey: %s}
            redaction:
              ruleKeys:
                alice-1: {owner: secops, publicKey: %s}
            """
                .formatted(key, key));
    var commands = config.failoverConfig().orElseThrow().failover().commands();
    assertThat(commands.requireSignature()).isTrue();
    assertThat(commands.keys().get("alice-1").owner()).isEqualTo("alice");
    assertThat(config.redaction().ruleKeys().get("alice-1").owner()).isEqualTo("secops");
  }

  @Test
  void shouldStopAtLoadWhenSignaturesAreRequiredWithoutKeysOrAKeyIsMalformed() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    """
                    sites: [primary, dr]
                    failover:
                      commands: {requireSignature: true}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("requireSignature");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    """
                    sites: [primary, dr]
                    failover:
                      commands:
                        keys:
                          alice-1: {owner: alice, publicKey: AAAA}
                    """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("32-byte Ed25519 public key");
  }
}
