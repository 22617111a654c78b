package dev.vigil.ingest.parse;

import static dev.vigil.ingest.parse.Parsing.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.testkit.SharedData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastLogParserTest {

  /** Plaso reads these files as if collected in early 2022 (year 2021 + Dec→Jan rollover). */
  private static final Clock MARCH_2022 =
      Clock.fixed(Instant.parse("2022-03-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldParseSnort3YearlessLinesInferringTheYearAcrossNewYear() {
    // Given the plaso Snort 3 file, read on 2022-03-01
    FastLogParser parser = new FastLogParser(CTX, MARCH_2022, SignalOrigin.SNORT);

    // When
    List<ParseResult> results =
        Parsing.parseLines(parser, SharedData.lines("plaso-fastlog/snort3_alert_fast.log"), "fast");

    // Then: the values plaso's own test expects
    List<SecuritySignal> s = Parsing.signals(results);
    assertThat(s).hasSize(4);
    assertThat(s)
        .extracting(SecuritySignal::getObservedAt)
        .containsExactly(
            Instant.parse("2021-12-28T12:55:38.765Z"),
            Instant.parse("2021-12-28T12:55:38.885Z"),
            Instant.parse("2022-01-02T11:30:23.358Z"),
            Instant.parse("2022-02-04T23:41:31.115Z"));

    var first = s.get(0).getSignal();
    assertThat(first.getOrigin()).isEqualTo(SignalOrigin.SNORT);
    assertThat(first.getSignature()).isEqualTo("PROTOCOL-ICMP PING Unix");
    assertThat(first.getCategory()).isEqualTo("unclassified"); // no [Classification]
    assertThat(first.getSeverity()).isEqualTo(Severity.LOW); // Priority 3
    assertThat(first.getSrcIp()).isEqualTo("2001:df1:c200:c:0:0:0:35");
    assertThat(first.getDstIp()).isEqualTo("2001:4860:4860:0:0:0:0:8888");
    assertThat(first.getAttributes())
        .containsEntry("gid", "1")
        .containsEntry("signature_id", "366")
        .containsEntry("rev", "11")
        .containsEntry("proto", "ICMP")
        .containsEntry("year_inferred", "true")
        .doesNotContainKeys("src_port", "dest_port");

    var second = s.get(1).getSignal();
    assertThat(second.getCategory()).isEqualTo("Misc activity");
    assertThat(second.getSeverity()).isEqualTo(Severity.MEDIUM); // no [Priority]: unknown → MEDIUM
    assertThat(second.getAttributes()).doesNotContainKey("priority");

    var third = s.get(2).getSignal();
    assertThat(third.getSignature()).isEqualTo("INDICATOR-SHELLCODE x86 NOOP");
    assertThat(third.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(third.getSrcIp()).isEqualTo("10.6.6.254");
    assertThat(third.getDstIp()).isEqualTo("10.6.6.103");
    assertThat(third.getAttributes())
        .containsEntry("src_port", "80")
        .containsEntry("dest_port", "60884");

    var fourth = s.get(3).getSignal();
    assertThat(fourth.getCategory()).isEqualTo("Attempted Information Leak");
    assertThat(fourth.getSrcIp()).isEqualTo("2001:df1:c200:c:0:0:0:35"); // IPv6 with port appended
    assertThat(fourth.getDstIp()).isEqualTo("2001:4860:4860:0:0:0:0:8888");
    assertThat(fourth.getAttributes())
        .containsEntry("src_port", "60884")
        .containsEntry("dest_port", "80");
  }

  @Test
  void shouldParseSuricataLinesWithTwoDigitYearsAndSkipTheTrailingBlankLine() {
    // Given the plaso Suricata file (yy/MM/dd when the first field cannot be a month)
    FastLogParser parser = new FastLogParser(CTX, MARCH_2022, SignalOrigin.SURICATA);
    List<String> lines = SharedData.read("plaso-fastlog/suricata_alert_fast.log").lines().toList();

    // When
    List<ParseResult> results = Parsing.parseLines(parser, lines, "fast");

    // Then
    assertThat(results.get(results.size() - 1)).isEqualTo(new ParseResult.Skipped("blank line"));
    List<SecuritySignal> s = Parsing.signals(results);
    assertThat(s).hasSize(5);
    // 10/05/10: Suricata's own MM/dd/yy order → 2010-10-05 (plaso reads yy/MM/dd: 2010-05-10)
    assertThat(s)
        .extracting(SecuritySignal::getObservedAt)
        .containsExactly(
            Instant.parse("2010-10-05T10:08:59.667Z"),
            Instant.parse("2021-12-28T12:55:38.765Z"),
            Instant.parse("2021-12-28T12:55:38.885Z"),
            Instant.parse("2022-01-02T11:30:23.358Z"),
            Instant.parse("2022-02-04T23:41:31.115Z"));
    var first = s.get(0).getSignal();
    assertThat(first.getOrigin()).isEqualTo(SignalOrigin.SURICATA);
    assertThat(first.getSignature())
        .isEqualTo(
            "ET WEB_CLIENT ACTIVEX iDefense COMRaider ActiveX Control Arbitrary File Deletion");
    assertThat(first.getCategory()).isEqualTo("Web Application Attack");
    assertThat(first.getSeverity()).isEqualTo(Severity.LOW);
    assertThat(first.getSrcIp()).isEqualTo("11.11.232.144");
    assertThat(first.getDstIp()).isEqualTo("192.168.1.4");
    assertThat(first.getAttributes())
        .containsEntry("signature_id", "2009187")
        .containsEntry("src_port", "80")
        .containsEntry("dest_port", "56068")
        .doesNotContainKey("year_inferred");
  }

  @Test
  void shouldAcceptCrlfAndFourDigitYearsAndRejectGarbage() {
    FastLogParser parser = new FastLogParser(CTX, MARCH_2022, SignalOrigin.SURICATA);
    String crlf = SharedData.lines("plaso-fastlog/suricata_alert_fast.log").get(3) + "\r";
    assertThat(Parsing.signal(parser.parse(RawRecord.of(crlf, "fast"))).getSignal().getSignature())
        .isEqualTo("INDICATOR-SHELLCODE x86 NOOP");

    String fourDigit =
        "10/05/2010-10:08:59.667372  [**] [1:2009187:4] ET WEB_CLIENT test [**] [Classification: Web Application Attack] [Priority: 3] {TCP} 192.0.2.1:80 -> 198.51.100.4:56068";
    assertThat(Parsing.signal(parser.parse(RawRecord.of(fourDigit, "fast"))).getObservedAt())
        .isEqualTo(Instant.parse("2010-10-05T10:08:59.667Z"));

    assertThat(parser.parse(RawRecord.of("hello world", "fast")))
        .isEqualTo(new ParseResult.Rejected("not a fast.log alert line"));
    assertThat(parser.parse(RawRecord.of(fourDigit.replace("10/05/2010", "13/45/2010"), "fast")))
        .isEqualTo(new ParseResult.Rejected("invalid date in fast.log line"));
  }

  @Test
  void shouldRejectAPriorityBeyondTheIntegerRangeInsteadOfThrowing() {
    // Found by fuzzing (issue 18); the line is kept in ParserFuzzTestInputs/fastLog/
    FastLogParser parser = new FastLogParser(CTX, MARCH_2022, SignalOrigin.SURICATA);
    String line =
        "10/05/2010-10:08:59.667372  [**] [1:2009187:4] ET WEB_CLIENT test [**] [Priority:"
            + " 99999999999] {TCP} 192.0.2.1:80 -> 198.51.100.4:56068";
    assertThat(parser.parse(RawRecord.of(line, "fast")))
        .isEqualTo(new ParseResult.Rejected("priority out of range"));
  }

  @Test
  void shouldRollYearBackOnlyWhenTheDateWouldBeMoreThanADayAhead() {
    Instant jan1 = Instant.parse("2026-01-01T00:30:00Z");
    assertThat(
            Timestamps.inferYear(java.time.MonthDay.of(12, 31), 23, 59, 0, 0, jan1, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2025-12-31T23:59:00Z"));
    assertThat(Timestamps.inferYear(java.time.MonthDay.of(1, 1), 12, 0, 0, 0, jan1, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2026-01-01T12:00:00Z")); // clock skew tolerated
    assertThat(Timestamps.inferYear(java.time.MonthDay.of(2, 29), 0, 0, 0, 0, jan1, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
  }
}
