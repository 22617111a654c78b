package dev.vigil.streams.failover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.config.ConfigKeyException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverConfigTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new Jdk8Module())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  static final String EXAMPLE =
      """
      sites: [primary, dr]
      services:
        payments:
          active: primary
          standby: dr
          quorum: 2
          failureThreshold: 3
          successThreshold: 2
          staleTimeout: 60s
      failover:
        prepareDwell: 30s
        steps:
          - {percent: 10, dwell: 30s}
          - {percent: 50, dwell: 30s, approval: true}
          - {percent: 100, dwell: 1m}
        cooldown: 10m
        backoff: {initial: 20m, multiplier: 2, max: 2h, resetAfter: 6h}
        failback: MANUAL
        securityFailover: ALERT_ONLY
        triggerValidity: 5m
        maxWaiver: 24h
        waiverWarning: 15m
      gates:
        drift: {severity: HIGH}
        idsHeartbeat: {maxAge: 5m}
        certificate:
          margin: 7d
          fingerprints: {payments: {dr: "AB:CD:EF"}}
        keySync: {enabled: true}
        intrusion: {severity: HIGH, window: 30m}
      """;

  private static FailoverConfig parse(String yaml) throws Exception {
    return YAML.readValue(yaml, FailoverConfig.class);
  }

  @Test
  void shouldParseTheReferenceExample() throws Exception {
    FailoverConfig c = parse(EXAMPLE);
    assertThat(c.service("payments").standby()).isEqualTo("dr");
    assertThat(c.failover().steps()).extracting(TrafficStep::percent).containsExactly(10, 50, 100);
    assertThat(c.failover().steps().get(1).approval()).isTrue();
    assertThat(c.failover().steps().get(2).dwell()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.gates().drift().severity()).isEqualTo(Severity.HIGH);
    assertThat(c.gates().certificate().expected("payments", "dr")).isEqualTo("AB:CD:EF");
    assertThat(c.gates().certificate().margin()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void shouldFillDefaultsForAbsentKeys() throws Exception {
    FailoverConfig c = parse("sites: [a, b]\nservices:\n  web: {active: a, standby: b}\n");
    ServiceConfig web = c.service("web");
    assertThat(web.quorum()).isEqualTo(2);
    assertThat(web.failureThreshold()).isEqualTo(3);
    assertThat(web.staleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.failover().failback()).isEqualTo(FailbackMode.MANUAL);
    assertThat(c.failover().securityFailover()).isEqualTo(SecurityFailoverMode.ALERT_ONLY);
    assertThat(c.gates().intrusion().window()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void shouldNameTheKeyOfAStandbyOutsideSites() {
    assertThatThrownBy(
            () ->
                parse("sites: [primary]\nservices:\n  payments: {active: primary, standby: dr}\n"))
        .hasRootCauseInstanceOf(ConfigKeyException.class)
        .rootCause()
        .hasMessage("services.payments.standby: site 'dr' is not in sites [primary]")
        .satisfies(
            e ->
                assertThat(((ConfigKeyException) e).path())
                    .containsExactly("services", "payments", "standby"));
  }

  @Test
  void shouldRejectStepsThatDoNotEndAtOneHundred() {
    assertThatThrownBy(() -> parse("failover:\n  steps: [{percent: 10}, {percent: 50}]\n"))
        .rootCause()
        .hasMessage("failover.steps[1].percent: the last step must be 100 but was 50");
  }

  @Test
  void shouldRejectDecreasingSteps() {
    assertThatThrownBy(
            () -> parse("failover:\n  steps: [{percent: 50}, {percent: 10}, {percent: 100}]\n"))
        .rootCause()
        .hasMessageStartingWith(
            "failover.steps[1].percent: must be greater than the previous step (50)");
  }

  @Test
  void shouldRejectABadDurationNamingTheKey() {
    assertThatThrownBy(() -> parse("failover:\n  cooldown: ten minutes\n"))
        .rootCause()
        .hasMessageStartingWith("cooldown: expected a duration like 500ms");
  }

  @Test
  void shouldRejectUnknownKeys() {
    assertThatThrownBy(() -> parse("failover:\n  coolDown: 5m\n"))
        .isInstanceOf(JsonMappingException.class)
        .hasMessageContaining("coolDown");
  }

  @Test
  void shouldRejectAZeroThreshold() {
    assertThatThrownBy(
            () ->
                parse(
                    "sites: [a, b]\nservices:\n  web: {active: a, standby: b, failureThreshold: 0}\n"))
        .rootCause()
        .hasMessage("services.web.failureThreshold: must be at least 1 but was 0");
  }

  @Test
  void shouldKeepConfigVersionStableAcrossFormattingAndChangeItWithAValue() throws Exception {
    FailoverConfig a = parse("sites: [a, b]\nservices:\n  web: {active: a, standby: b}\n");
    FailoverConfig b =
        parse(
            "services:\n  web:\n    standby: b\n    active: a\n    quorum: 2\nsites: [a, b]\nfailover: {cooldown: 10m}\n");
    FailoverConfig c =
        parse("sites: [a, b]\nservices:\n  web: {active: a, standby: b, quorum: 3}\n");
    assertThat(a.configVersion()).matches("cfg-[0-9a-f]{16}").isEqualTo(b.configVersion());
    assertThat(c.configVersion()).isNotEqualTo(a.configVersion());
  }

  @Test
  void shouldReadSegmentsClockSkewCommandRulesAndEvidenceAges() throws Exception {
    // Given the second-stage keys
    FailoverConfig c =
        parse(
            """
            sites: [primary, dr]
            services:
              payments: {active: primary, standby: dr, segments: [pci, dmz]}
            failover:
              maxClockSkew: 30s
              commands:
                maxAge: 2m
                twoPersonRule: {force: true, window: 5m}
            gates:
              drift: {maxAge: 1h}
              certificate: {maxAge: 2h}
              keySync: {maxAge: 3h}
            """);
    // Then they are read, segments sorted, and the rest defaulted
    assertThat(c.service("payments").segments()).containsExactly("dmz", "pci");
    assertThat(c.failover().maxClockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.failover().commands().maxAge()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.failover().commands().twoPersonRule().force()).isTrue();
    assertThat(c.failover().commands().twoPersonRule().approvePastFailingGate()).isFalse();
    assertThat(c.failover().commands().twoPersonRule().window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.gates().drift().maxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(c.gates().certificate().maxAge()).isEqualTo(Duration.ofHours(2));
    assertThat(c.gates().keySync().maxAge()).isEqualTo(Duration.ofHours(3));
    assertThat(parse(EXAMPLE).failover().maxClockSkew()).isEqualTo(Duration.ofMinutes(2));
    assertThat(parse(EXAMPLE).gates().drift().maxAge()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.configVersion()).isNotEqualTo(parse(EXAMPLE).configVersion());
  }

  @Test
  void shouldRejectABadSegmentIdWithItsKeyPath() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    sites: [primary, dr]
                    services:
                      payments: {active: primary, standby: dr, segments: ["pci zone"]}
                    """))
        .rootCause()
        .isInstanceOf(ConfigKeyException.class)
        .hasMessageContaining("services.payments.segments[0]");
  }

  @Test
  void shouldRefuseHostileSiteServiceAndSegmentIdsByTheIdentifierRuleWithoutEchoingThem() {
    String[][] cases = {
      {"sites: [primary, \"dr\\u202Egnp\"]\n", "sites[1]: contains a format character"},
      {"sites: [primary, \"dr\\u0000\"]\n", "sites[1]: contains a control character"},
      {
        "sites: [a, b]\nservices:\n  \"pay\\u200Bments\": {active: a, standby: b}\n",
        "services.*: contains a format character"
      },
      {"sites: [a, \"" + "x".repeat(300_000) + "\"]\n", "sites[1]: longer than 64 characters"},
      {
        "sites: [a, b]\nservices:\n  web: {active: a, standby: b, segments: [\"d\\ud800\"]}\n",
        "services.web.segments[0]: contains a lone surrogate"
      },
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> parse(c[0]))
          .as(c[1])
          .rootCause()
          .isInstanceOf(ConfigKeyException.class)
          .hasMessageStartingWith(c[1])
          .message()
          .doesNotContain("gnp", "pay", "xxxxxxxxxx");
    }
  }
}
