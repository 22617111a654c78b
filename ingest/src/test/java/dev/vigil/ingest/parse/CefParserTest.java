package dev.vigil.ingest.parse;

import static dev.vigil.ingest.parse.Parsing.CLOCK;
import static dev.vigil.ingest.parse.Parsing.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.testkit.SharedData;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CefParserTest {

  private final CefParser parser = new CefParser(CTX, CLOCK);

  @Test
  void shouldParseEveryFireEyeCefLineAndRejectTheFragmentsWithoutCefHeader() {
    // Given 90 FireEye fenotify syslog lines: 77 carry CEF, 13 are continuation fragments
    List<ParseResult> results =
        Parsing.parseLines(
            parser,
            SharedData.lines("apache-metron-samples/SampleInput/FireeyeExampleOutput"),
            "fe");

    // When
    List<SecuritySignal> signals = Parsing.signals(results);

    // Then
    assertThat(signals).hasSize(77);
    assertThat(results)
        .filteredOn(ParseResult.Rejected.class::isInstance)
        .hasSize(13)
        .allSatisfy(r -> assertThat(Parsing.reason(r)).isEqualTo("no CEF header"));
    assertThat(signals)
        .allSatisfy(
            e ->
                assertThat(e.getSignal().getAttributes())
                    .containsEntry("device_vendor", "FireEye"));
  }

  @Test
  void shouldMapFireEyeDomainMatchFieldsIncludingLabelledCustomFieldsAndEscapedEquals() {
    // Given line 6: CEF:0|FireEye|CMS|7.2.1.244420|DM|domain-match|1|rt=Feb 09 2015 00:27:43 UTC
    // ...
    String line = SharedData.lines("apache-metron-samples/SampleInput/FireeyeExampleOutput").get(5);

    // When
    SecuritySignal e = Parsing.signal(parser.parse(new RawRecord(line, "fe", 0)));

    // Then
    assertThat(e.getObservedAt()).isEqualTo(Instant.parse("2015-02-09T00:27:43Z"));
    var s = e.getSignal();
    assertThat(s.getOrigin()).isEqualTo(SignalOrigin.SIEM);
    assertThat(s.getSeverity()).isEqualTo(Severity.LOW); // CEF 1
    assertThat(s.getSignature()).isEqualTo("domain-match");
    assertThat(s.getCategory()).isEqualTo("CMS");
    assertThat(s.getHost()).isEqualTo("dev001srv02.example.com"); // shost
    assertThat(s.getAttributes())
        .containsEntry("signature_id", "DM")
        .containsEntry("device_product", "CMS")
        .containsEntry("device_version", "7.2.1.244420")
        .containsEntry("cef_severity", "1")
        .containsEntry("cef.dvc", "10.201.78.190") // repeated key: first kept
        .containsEntry("cef.spt", "61395")
        .containsEntry("cef.proto", "udp")
        .containsEntry("cef.cncHost", "mfdclk001.org") // cs5Label=cncHost
        .containsEntry("cef.sname", "Trojan.Generic.DNS")
        .containsEntry(
            "cef.cs4", "https://DEVCMS01.example.com/event_stream/events_for_bot?ev_id=851777");
  }

  @Test
  void shouldHonourHeaderAndExtensionEscapesFromTheSpecification() {
    // Given a record written from the CEF spec's escaping rules (RFC 5737 addresses)
    String line =
        "CEF:0|Security|threat\\|manager|1.0|100|detected a \\\\ in packet|10|"
            + "src=192.0.2.10 act=blocked a \\= dst=198.51.100.20 suser=alice msg=line one\\nline two "
            + "cat=/Monitor/Intrusion rt=1772438400000";

    // When
    SecuritySignal e = Parsing.signal(parser.parse(RawRecord.of(line, "cef")));

    // Then
    var s = e.getSignal();
    assertThat(s.getAttributes()).containsEntry("device_product", "threat|manager");
    assertThat(s.getSignature()).isEqualTo("detected a \\ in packet");
    assertThat(s.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(s.getSrcIp()).isEqualTo("192.0.2.10");
    assertThat(s.getDstIp()).isEqualTo("198.51.100.20");
    assertThat(s.getUser()).isEqualTo("alice");
    assertThat(s.getMessage()).isEqualTo("line one\nline two");
    assertThat(s.getCategory()).isEqualTo("/Monitor/Intrusion");
    assertThat(s.getAttributes()).containsEntry("cef.act", "blocked a =");
    assertThat(e.getObservedAt()).isEqualTo(Instant.ofEpochMilli(1772438400000L));
  }

  @Test
  void shouldUseTheSyslogHeaderTimeWhenThereIsNoRtAndTheIngestClockWhenThereIsNeither() {
    String withHeader =
        "<134>Mar  1 10:00:00 ids-1 CEF:0|Open Information Security Foundation|Suricata|7.0|2017318|IRC download|7|src=192.0.2.1";
    SecuritySignal h = Parsing.signal(parser.parse(RawRecord.of(withHeader, "cef")));
    assertThat(h.getObservedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(h.getSignal().getOrigin()).isEqualTo(SignalOrigin.SURICATA);
    assertThat(h.getSignal().getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(h.getSignal().getHost()).isEqualTo("ids-1");

    SecuritySignal bare =
        Parsing.signal(parser.parse(RawRecord.of("CEF:0|V|P|1|9|n|Very-High|", "cef")));
    assertThat(bare.getObservedAt()).isEqualTo(CLOCK.instant());
    assertThat(bare.getSignal().getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(bare.getSignal().getAttributes())
        .containsEntry("observed_at_source", "ingest_clock");
  }

  @Test
  void shouldMapCefSeverityBandsAndRejectShortHeaders() {
    assertThat(
            List.of(
                "0", "3", "4", "6", "7", "8", "9", "10", "11", "Low", "Medium", "High", "Unknown"))
        .extracting(SeverityMaps::fromCef)
        .containsExactly(
            Severity.LOW,
            Severity.LOW,
            Severity.MEDIUM,
            Severity.MEDIUM,
            Severity.HIGH,
            Severity.HIGH,
            Severity.CRITICAL,
            Severity.CRITICAL,
            Severity.MEDIUM,
            Severity.LOW,
            Severity.MEDIUM,
            Severity.HIGH,
            Severity.MEDIUM);
    assertThat(parser.parse(RawRecord.of("CEF:0|only|three", "cef")))
        .isEqualTo(new ParseResult.Rejected("CEF header has fewer than 7 fields"));
    assertThat(parser.parse(RawRecord.of("CEF:0|V|P|1|9||5|", "cef")))
        .isEqualTo(new ParseResult.Rejected("CEF header field Name is empty"));
  }
}
