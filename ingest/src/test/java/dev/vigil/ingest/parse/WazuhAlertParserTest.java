package dev.vigil.ingest.parse;

import static dev.vigil.ingest.parse.Parsing.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.testkit.SharedData;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WazuhAlertParserTest {

  private final WazuhAlertParser parser = new WazuhAlertParser(CTX);

  @Test
  void shouldMapShellshockAlertFromOpenSearchHit() {
    // Given the pretty-printed OpenSearch hit, framed into one record
    var frames =
        SuricataEveParserTest.frame(SharedData.read("wazuh-indexer/wazuh-event.sample.json"));
    assertThat(frames).hasSize(1);

    // When
    SecuritySignal e =
        Parsing.signal(parser.parse(new RawRecord(frames.get(0).text(), "wazuh", 0)));

    // Then
    assertThat(e.getObservedAt()).isEqualTo(Instant.parse("2024-02-08T14:35:14.334Z"));
    var s = e.getSignal();
    assertThat(s.getOrigin()).isEqualTo(SignalOrigin.WAZUH);
    assertThat(s.getSignature()).isEqualTo("Shellshock attack attempt");
    assertThat(s.getSeverity()).isEqualTo(Severity.MEDIUM); // level 6
    assertThat(s.getCategory()).isEqualTo("web");
    assertThat(s.getSrcIp()).isEqualTo("000.111.222.10");
    assertThat(s.getHost()).isEqualTo("redacted.com");
    assertThat(s.getMessage())
        .startsWith("000.111.222.10 - - [08/Feb/2024:11:35:12 -0300] \"GET /cgi-bin/jarrewrite.sh");
    assertThat(s.getAttributes())
        .containsEntry("rule_id", "31166")
        .containsEntry("rule_level", "6")
        .containsEntry("rule_groups", "web,accesslog,attack")
        .containsEntry("mitre_ids", "T1068,T1190")
        .containsEntry("location", "/var/log/nginx/access.log")
        .containsEntry("url", "/cgi-bin/jarrewrite.sh")
        .containsEntry("wazuh_alert_id", "1707402914.872885");
  }

  @Test
  void shouldMapLogstashWrappedAlertsAndGiveExactDuplicateLinesDistinctPositionsButEqualContent() {
    // Given six logstash-wrapped alerts; lines 1 and 2 are byte-identical
    List<String> lines =
        SharedData.lines("wazuh-indexer/sl_integration_test.excerpt-first-6-lines.ndjson");

    // When
    List<SecuritySignal> s = Parsing.signals(Parsing.parseLines(parser, lines, "wazuh"));

    // Then
    assertThat(s).hasSize(6);
    assertThat(s.get(0).getSignal().getCategory()).isEqualTo("vulnerability-detector");
    assertThat(s.get(0).getSignal().getSeverity()).isEqualTo(Severity.LOW); // level 3
    assertThat(s.get(0).getSignal().getAttributes())
        .containsEntry("cve", "CVE-2007-4559")
        .containsEntry("vulnerability_status", "Solved")
        .containsEntry("agent_ip", "127.0.0.1");
    assertThat(s.get(0).getObservedAt()).isEqualTo(Instant.parse("2024-02-15T19:05:11.486Z"));
    assertThat(s.get(0).getEventId()).isNotEqualTo(s.get(1).getEventId()); // different offsets
    assertThat(s.get(1).getSignal()).isEqualTo(s.get(0).getSignal());

    SecuritySignal sshd =
        s.stream()
            .filter(e -> e.getSignal().getSignature().equals("sshd: authentication success."))
            .findFirst()
            .orElseThrow();
    assertThat(sshd.getSignal().getUser()).isEqualTo("root");
    assertThat(sshd.getSignal().getSrcIp()).isEqualTo("192.168.83.175");
    assertThat(sshd.getSignal().getAttributes())
        .containsEntry("src_port", "46980")
        .containsEntry("mitre_ids", "T1078,T1021");
  }

  @Test
  void shouldRejectAlertsWithoutRuleOrTime() {
    assertThat(parser.parse(RawRecord.of("{\"agent\":{}}", "w")))
        .isEqualTo(new ParseResult.Rejected("missing object rule"));
    assertThat(parser.parse(RawRecord.of("{\"rule\":{\"level\":3}}", "w")))
        .isEqualTo(new ParseResult.Rejected("missing field rule.description"));
    assertThat(parser.parse(RawRecord.of("{\"rule\":{\"description\":\"x\"}}", "w")))
        .isEqualTo(new ParseResult.Rejected("missing or unparseable field timestamp"));
  }
}
