package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ingest.collect.SensorFormat;
import dev.vigil.ingest.http.CollectorGrant;
import dev.vigil.ingest.probe.ProbeSpec;
import dev.vigil.ingest.runtime.IngestSection;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.ProbeType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IngestSectionTest {

  @Test
  void shouldReadAFullIngestSection() {
    // Given a config with every part of the ingest section
    String yaml =
        "ingest:\n"
            + "  site: primary\n"
            + "  collectorId: edge-1\n"
            + "  spoolMaxBytes: 2097152\n"
            + "  http: { port: 0, tokens: { edge-1: "
            + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 } }\n"
            + "  tailers:\n"
            + "    - { path: /var/log/suricata/eve.json, format: suricata-eve, service: edge,"
            + " source: suricata-1 }\n"
            + "  probes:\n"
            + "    - { service: shop, site: backup, target: 'https://shop.backup/health',"
            + " interval: 2s, timeout: 500ms, expectStatus: [200, 204], warnLatency: 300ms }\n"
            + "    - { service: db, target: 'db.primary:5432' }\n"
            + "  posture:\n"
            + "    baselineFile: /etc/vigil/baseline.yaml\n"
            + "    certificates: [ { controlId: ca, file: /etc/ca.pem, margin: 10d } ]\n"
            + "    keyReport: { command: [ /bin/echo, 'k 1' ] }\n"
            + "    interval: 1m\n";

    // When loaded
    IngestSection ingest = ConfigLoader.parse("c.yaml", yaml).ingest();

    // Then every value is there, with defaults filled in
    assertThat(ingest.site()).isEqualTo("primary");
    assertThat(ingest.collectorId()).isEqualTo("edge-1");
    assertThat(ingest.spoolMaxBytes()).isEqualTo(2097152L);
    assertThat(ingest.http().enabled()).isTrue();
    assertThat(ingest.http().tokens()).containsKey("edge-1");
    assertThat(ingest.tailers().get(0).sensorFormat()).isEqualTo(SensorFormat.SURICATA_EVE);
    ProbeSpec https = ingest.probes().get(0).toSpec("primary", "edge-1");
    assertThat(https.site()).isEqualTo("backup");
    assertThat(https.vantage()).isEqualTo("edge-1");
    assertThat(https.type()).isEqualTo(ProbeType.HTTP);
    assertThat(https.interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(https.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(https.warnLatency()).isEqualTo(Duration.ofMillis(300));
    assertThat(https.expectStatus()).isEqualTo(List.of(200, 204));
    ProbeSpec tcp = ingest.probes().get(1).toSpec("primary", "edge-1");
    assertThat(tcp.type()).isEqualTo(ProbeType.TCP);
    assertThat(tcp.site()).isEqualTo("primary");
    assertThat(ingest.posture().baselineFile()).contains(Path.of("/etc/vigil/baseline.yaml"));
    assertThat(ingest.posture().certificates().get(0).margin()).isEqualTo(Duration.ofDays(10));
    assertThat(ingest.posture().keyReport().orElseThrow().command())
        .containsExactly("/bin/echo", "k 1");
    assertThat(ingest.posture().interval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldDefaultToTheHttpApiOnlyOnAFreeLoopbackPort() {
    IngestSection ingest = VigilConfig.defaults().ingest();
    assertThat(ingest.http().enabled()).isTrue();
    assertThat(ingest.http().host()).isEqualTo("127.0.0.1");
    assertThat(ingest.http().port()).isZero();
    assertThat(ingest.http().tokens()).isEmpty();
    assertThat(ingest.tailers()).isEmpty();
    assertThat(ingest.probes()).isEmpty();
    assertThat(ingest.syslog()).isEmpty();
    assertThat(ingest.maxClockSkew()).isEqualTo(Duration.ofMinutes(2));
    assertThat(ingest.posture().scope()).isEqualTo(EvidenceScope.SITE);
    assertThat(ingest.posture().service()).isEmpty();
  }

  @Test
  void shouldMakeTailersSyslogAndPostureSiteWideByDefault() {
    // Given sources that name no scope (the tailer keeps the service label it had before)
    String yaml =
        "ingest:\n"
            + "  tailers:\n"
            + "    - { path: /var/log/suricata/eve.json, format: suricata-eve, service: edge,"
            + " source: suricata-1 }\n"
            + "    - { path: /opt/zeek/notice.log, format: zeek, source: zeek-1 }\n"
            + "  syslog: { tcpPort: -1 }\n"
            + "  posture: { interval: 1m }\n";

    // When loaded
    IngestSection ingest = ConfigLoader.parse("c.yaml", yaml).ingest();

    // Then every source is SITE-scoped, without a segment
    assertThat(ingest.tailers())
        .allSatisfy(
            t -> {
              assertThat(t.scope()).isEqualTo(EvidenceScope.SITE);
              assertThat(t.segment()).isEmpty();
            });
    assertThat(ingest.tailers().get(0).service()).contains("edge");
    assertThat(ingest.tailers().get(1).service()).isEmpty();
    assertThat(ingest.syslog().orElseThrow().scope()).isEqualTo(EvidenceScope.SITE);
    assertThat(ingest.syslog().orElseThrow().service()).isEmpty();
    assertThat(ingest.posture().scope()).isEqualTo(EvidenceScope.SITE);
  }

  @Test
  void shouldReadSegmentAndServiceScopes() {
    String yaml =
        "ingest:\n"
            + "  tailers:\n"
            + "    - { path: /a, format: zeek, source: zeek-dmz, scope: segment, segment: dmz }\n"
            + "    - { path: /b, format: wazuh, source: wazuh-1, scope: service, service: shop }\n"
            + "  syslog: { scope: service, service: bastion }\n"
            + "  posture: { scope: segment, segment: pci }\n";

    IngestSection ingest = ConfigLoader.parse("c.yaml", yaml).ingest();

    assertThat(ingest.tailers().get(0).scope()).isEqualTo(EvidenceScope.SEGMENT);
    assertThat(ingest.tailers().get(0).segment()).contains("dmz");
    assertThat(ingest.tailers().get(1).scope()).isEqualTo(EvidenceScope.SERVICE);
    assertThat(ingest.tailers().get(1).service()).contains("shop");
    assertThat(ingest.syslog().orElseThrow().scope()).isEqualTo(EvidenceScope.SERVICE);
    assertThat(ingest.syslog().orElseThrow().service()).contains("bastion");
    assertThat(ingest.posture().segment()).isEqualTo(Optional.of("pci"));
  }

  @Test
  void shouldNameTheKeyPathOfAnInconsistentScope() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  tailers:\n"
                        + "    - { path: /x, format: zeek, source: z, scope: segment }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml line 3")
        .hasMessageContaining("ingest.tailers[0]")
        .hasMessageContaining("segment must be set when scope is segment");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  tailers:\n"
                        + "    - { path: /x, format: zeek, source: z, scope: service }\n"))
        .hasMessageContaining("ingest.tailers[0]")
        .hasMessageContaining("service must be set when scope is service");
    assertThatThrownBy(
            () -> ConfigLoader.parse("c.yaml", "ingest:\n  posture:\n    segment: dmz\n"))
        .hasMessageContaining("ingest.posture")
        .hasMessageContaining("segment is only allowed with scope: segment (scope is site)");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "ingest:\n  syslog:\n    scope: zone\n"))
        .hasMessageContaining("ingest.syslog")
        .hasMessageContaining("scope must be one of site, segment, service but was 'zone'");
  }

  @Test
  void shouldLoadTheIngestExampleOfTheReference() throws Exception {
    // Given the ingest example of docs/config.md
    String reference = Files.readString(Path.of("..", "docs", "config.md"));
    int section = reference.indexOf("## `ingest`");
    int start = reference.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml =
        reference
            .substring(start, reference.indexOf("```", start))
            // the example abbreviates the pinned fingerprint
            .replace("\"AB:CD:...\"", "\"" + "AB:".repeat(31) + "CD\"");

    // When loaded
    IngestSection ingest = ConfigLoader.parse("docs/config.md", yaml).ingest();

    // Then IDS sensors, syslog and posture are site-wide unless they say otherwise
    assertThat(ingest.tailers())
        .extracting(IngestSection.Tailer::scope)
        .containsExactly(
            EvidenceScope.SITE, EvidenceScope.SITE, EvidenceScope.SEGMENT, EvidenceScope.SERVICE);
    assertThat(ingest.tailers().get(3).service()).contains("shop");
    assertThat(ingest.syslog().orElseThrow().scope()).isEqualTo(EvidenceScope.SITE);
    assertThat(ingest.posture().scope()).isEqualTo(EvidenceScope.SITE);
    assertThat(ingest.maxClockSkew()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldReadTheClockSkewWithinZeroToOneHour() {
    assertThat(
            ConfigLoader.parse("c.yaml", "ingest:\n  maxClockSkew: 30s\n")
                .ingest()
                .clockDiscipline()
                .maxFutureSkew())
        .isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "ingest:\n  maxClockSkew: 2h\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.maxClockSkew must be 0s..1h but was 2h");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "ingest:\n  maxClockSkew: soon\n"))
        .hasMessageContaining("ingest.maxClockSkew: expected a duration like 500ms");
  }

  @Test
  void shouldNameTheKeyOfABadProbeTarget() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml", "ingest:\n  probes:\n    - { service: shop, target: 'ftp://x/' }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml line 3")
        .hasMessageContaining("ingest.probes[0]")
        .hasMessageContaining("target");
  }

  @Test
  void shouldNameTheKeyOfAnUnknownTailerFormatAndAnUnknownKey() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  tailers:\n    - { path: /x, format: snort-u2, service: a, source: b }\n"))
        .hasMessageContaining("ingest.tailers[0]")
        .hasMessageContaining(
            "format must be one of suricata-eve, zeek, fastlog, syslog, cef, wazuh");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "ingest:\n  http:\n    prot: 8080\n"))
        .hasMessageContaining("unknown key 'ingest.http.prot'");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  probes:\n    - { service: s, target: 'h:1', interval: 10 }\n"))
        .hasMessageContaining("interval: expected a duration like 500ms");
  }

  @Test
  void shouldBindATokenToItsSitesAndKindsOrLeaveABareHashUnbound() {
    // Given one bound and one bare-hash token
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    String yaml =
        "ingest:\n  http:\n    tokens:\n"
            + "      edge-b: { sha256: "
            + hash
            + ", sites: [backup], kinds: [health, posture] }\n"
            + "      legacy: "
            + hash
            + "\n";

    // When loaded
    IngestSection ingest = ConfigLoader.parse("c.yaml", yaml).ingest();

    // Then the bound one carries its sites and kinds, the bare hash is unbound with every kind
    CollectorGrant bound = ingest.http().tokens().get("edge-b");
    assertThat(bound.sites()).containsExactly("backup");
    assertThat(bound.kinds()).containsExactlyInAnyOrder(EventKind.HEALTH, EventKind.POSTURE);
    CollectorGrant legacy = ingest.http().tokens().get("legacy");
    assertThat(legacy.unboundSites()).isTrue();
    assertThat(legacy.kinds()).containsExactlyInAnyOrder(EventKind.values());
  }

  @Test
  void shouldNameTheKeyOfAMalformedTokenGrant() {
    String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  http:\n    tokens:\n      e1: { sha256: " + hash + " }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.http.tokens")
        .hasMessageContaining("sites must list");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  http:\n    tokens:\n      e1: { sha256: "
                        + hash
                        + ", sites: [primary], kinds: [alerts] }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kinds: each must be health|security|posture");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  http:\n    tokens:\n      e1: { sha256: abc, sites: [primary] }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("64 lower-case hex digits");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "c.yaml",
                    "ingest:\n  http:\n    tokens:\n      e1: { sha256: "
                        + hash
                        + ", sites: [primary], site: x }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'ingest.http.tokens.e1.site'");
  }

  @Test
  void shouldReadSyslogOverTlsAndRefuseItWithoutAKeyStore() {
    IngestSection ingest =
        ConfigLoader.parse(
                "c.yaml",
                "ingest:\n  syslog: { tlsPort: 0, keyStore: /k.p12, keyStorePasswordFile: /k.pass,"
                    + " clientCaFile: /ca.pem }\n")
            .ingest();
    IngestSection.Syslog syslog = ingest.syslog().orElseThrow();
    assertThat(syslog.tlsPort()).isZero();
    assertThat(syslog.clientCaFile()).contains(Path.of("/ca.pem"));
    assertThat(VigilConfig.defaults().ingest().http().clientCaFile()).isEmpty();

    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "ingest:\n  syslog: { tlsPort: 0 }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.syslog")
        .hasMessageContaining("tlsPort (syslog over TLS) needs keyStore");
    assertThatThrownBy(
            () -> ConfigLoader.parse("c.yaml", "ingest:\n  http: { clientCaFile: /ca.pem }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.http.clientCaFile (mutual TLS) needs ingest.http.keyStore");
  }
}
