package dev.vigil.ingest.parse;

import static dev.vigil.ingest.parse.Parsing.CLOCK;
import static dev.vigil.ingest.parse.Parsing.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZeekLogParserTest {

  private static final String BASE = "zeek-baselines/";

  private static List<ParseResult> parseFile(String relative) {
    return Parsing.parseLines(
        new ZeekLogParser(CTX, CLOCK, null), SharedData.lines(BASE + relative), "zeek");
  }

  @Test
  void shouldMapSshBruteForceNoticeWithMaskedTimestampToIngestTime() {
    // Given the TSV notice.log whose ts was canonified to XXXXXXXXXX.XXXXXX
    List<ParseResult> results =
        parseFile("scripts.policy.protocols.ssh.detect-bruteforcing/notice.log");

    // When
    List<SecuritySignal> signals = Parsing.signals(results);

    // Then: one signal; the 9 header lines and #close are skipped as headers
    assertThat(signals).hasSize(1);
    assertThat(results)
        .filteredOn(ParseResult.Skipped.class::isInstance)
        .hasSize(results.size() - 1);
    SecuritySignal e = signals.get(0);
    assertThat(e.getObservedAt()).isEqualTo(CLOCK.instant());
    var s = e.getSignal();
    assertThat(s.getOrigin()).isEqualTo(SignalOrigin.ZEEK);
    assertThat(s.getCategory()).isEqualTo("zeek.notice");
    assertThat(s.getSignature()).isEqualTo("SSH::Password_Guessing");
    assertThat(s.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(s.getSrcIp()).isEqualTo("192.168.56.1");
    assertThat(s.getDstIp()).isNull(); // unset field "-"
    assertThat(s.getMessage())
        .isEqualTo("192.168.56.1 appears to be guessing SSH passwords (seen in 10 connections).");
    assertThat(s.getAttributes())
        .containsEntry("zeek_path", "notice")
        .containsEntry("observed_at_source", "ingest_clock")
        .containsEntry("ts_masked", "true")
        .containsEntry("actions", "Notice::ACTION_LOG")
        .containsEntry("suppress_for", "3600.000000")
        .containsEntry(
            "sub",
            "Sampled servers:  192.168.56.103, 192.168.56.103, 192.168.56.103, 192.168.56.103, 192.168.56.103");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "scripts.policy.protocols.ftp.bruteforce/notice.log, 1, FTP::Bruteforcing, HIGH",
    "scripts.policy.protocols.http.sql-injection-plus-dvwa2/notice.log, 2, HTTP::SQL_Injection_Attacker, HIGH",
    "scripts.policy.frameworks.intel.notice/notice.log, 3, Intel::Notice, HIGH",
    "scripts.policy.protocols.ssl.expiring-certs/notice.log, 2, SSL::Certificate_Expired, MEDIUM",
    "scripts.policy.frameworks.software.vulnerable/notice.log, 2, Software::Vulnerable_Version, MEDIUM",
    "scripts.base.frameworks.notice.suppression/notice.log, 1, Test_Notice, MEDIUM",
  })
  void shouldMapEveryNoticeBaselineToSignalsWithTheirNote(
      String file, int count, String firstNote, Severity severity) {
    // When
    List<SecuritySignal> signals = Parsing.signals(parseFile(file));

    // Then
    assertThat(signals).hasSize(count);
    assertThat(signals.get(0).getSignal().getSignature()).isEqualTo(firstNote);
    assertThat(signals.get(0).getSignal().getSeverity()).isEqualTo(severity);
    assertThat(signals)
        .allSatisfy(e -> assertThat(e.getSignal().getCategory()).isEqualTo("zeek.notice"));
  }

  @Test
  void shouldMapIntelLogHitsWithIndicatorAndConnectionEndpoints() {
    // When
    List<SecuritySignal> signals =
        Parsing.signals(parseFile("scripts.policy.frameworks.intel.whitelisting/intel.log"));

    // Then
    assertThat(signals).hasSize(20);
    var s = signals.get(0).getSignal();
    assertThat(s.getCategory()).isEqualTo("zeek.intel");
    assertThat(s.getSignature()).isEqualTo("Intel hit Intel::DOMAIN");
    assertThat(s.getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(s.getSrcIp()).isEqualTo("141.142.220.118");
    assertThat(s.getDstIp()).isEqualTo("141.142.2.2");
    assertThat(s.getMessage()).isEqualTo("Intel hit on upload.wikimedia.org at DNS::IN_REQUEST");
    assertThat(s.getAttributes())
        .containsEntry("uid", "CmES5u32sYpV7JYN")
        .containsEntry("src_port", "43927")
        .containsEntry("dst_port", "53")
        .containsEntry("indicator", "upload.wikimedia.org")
        .containsEntry("sources", "source1");
  }

  @Test
  void shouldMapWeirdLogToLowSeveritySignals() {
    // When
    List<SecuritySignal> signals =
        Parsing.signals(parseFile("scripts.base.protocols.http.http-methods/weird.log"));

    // Then
    assertThat(signals).hasSize(34);
    var s = signals.get(0).getSignal();
    assertThat(s.getCategory()).isEqualTo("zeek.weird");
    assertThat(s.getSignature()).isEqualTo("missing_HTTP_uri");
    assertThat(s.getSeverity()).isEqualTo(Severity.LOW);
    assertThat(s.getSrcIp()).isEqualTo("128.2.6.136");
    assertThat(s.getDstIp()).isEqualTo("173.194.75.103");
    assertThat(s.getMessage()).isNull();
    assertThat(s.getAttributes())
        .containsEntry("notice", "F")
        .containsEntry("weird_source", "HTTP");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "opt.basic/conn.log, conn, 34",
    "opt.basic/dns.log, dns, 34",
    "opt.basic/http.log, http, 14",
    "scripts.base.protocols.ssh.basic/ssh.log, ssh, 22",
    "scripts.base.protocols.smtp.basic/smtp.log, smtp, 2",
    "scripts.policy.protocols.ftp.bruteforce/ftp.log, ftp, 30",
    "scripts.base.protocols.http.http-methods/http.log, http, 49",
    "scripts.base.files.x509.disable-certificate-events-known-certs/ssl.log, ssl, 8",
  })
  void shouldSkipProtocolLogsWithoutRejectingAnyLine(String file, String path, int records) {
    // When
    List<ParseResult> results = parseFile(file);

    // Then
    assertThat(results).allMatch(ParseResult.Skipped.class::isInstance);
    assertThat(results)
        .extracting(Parsing::reason)
        .filteredOn(r -> r.equals("zeek log " + path + " is not mapped"))
        .hasSize(records);
  }

  @Test
  void shouldMapMetronZeekJsonNoticeAndWeirdWithRealTimestamps() {
    // Given Zeek JSON wrapped as {"<log type>": {...}} (31 records of 23 types)
    List<ParseResult> results =
        Parsing.parseLines(
            new ZeekLogParser(CTX, CLOCK, null),
            SharedData.lines("apache-metron-samples/bro/raw/BroExampleOutput"),
            "bro");

    // When
    List<SecuritySignal> signals = Parsing.signals(results);

    // Then: exactly the notice and the weird record, every other line skipped, none rejected
    assertThat(results).noneMatch(ParseResult.Rejected.class::isInstance);
    assertThat(signals)
        .extracting(e -> e.getSignal().getCategory())
        .containsExactly("zeek.weird", "zeek.notice");
    SecuritySignal notice = signals.get(1);
    assertThat(notice.getObservedAt()).isEqualTo(Instant.parse("2008-07-22T05:59:37.196Z"));
    assertThat(notice.getSignal().getSignature()).isEqualTo("SSL::Invalid_Server_Cert");
    assertThat(notice.getSignal().getSrcIp()).isEqualTo("192.168.15.4");
    assertThat(notice.getSignal().getDstIp()).isEqualTo("74.125.19.104");
    assertThat(notice.getSignal().getAttributes())
        .containsEntry("port", "443")
        .containsEntry("actions", "Notice::ACTION_LOG")
        .doesNotContainKey("observed_at_source");
    SecuritySignal weird = signals.get(0);
    assertThat(weird.getSignal().getSignature()).isEqualTo("unescaped_special_URI_char");
    assertThat(weird.getObservedAt()).isEqualTo(Instant.parse("2008-07-22T06:09:41.177Z"));
  }

  @Test
  void shouldResumeMidFileAfterPrimingTheHeaderFromTheFileStart(@TempDir Path dir)
      throws IOException {
    // Given a copy of intel.log and a parser that never saw its header (restart from checkpoint)
    Path file = dir.resolve("intel.log");
    Files.copy(
        SharedData.file(BASE + "scripts.policy.frameworks.intel.whitelisting/intel.log"), file);
    String dataLine =
        SharedData.lines(BASE + "scripts.policy.frameworks.intel.whitelisting/intel.log").get(12);
    ZeekLogParser fresh = new ZeekLogParser(CTX, CLOCK, null);
    assertThat(fresh.parse(RawRecord.of(dataLine, "zeek")))
        .isEqualTo(new ParseResult.Rejected("TSV record before any #fields header"));

    // When
    fresh.primeFromFileStart(file);

    // Then
    assertThat(
            Parsing.signal(fresh.parse(RawRecord.of(dataLine, "zeek"))).getSignal().getAttributes())
        .containsEntry("indicator", "upload.wikimedia.org");
  }

  @Test
  void shouldRejectTsvRowsWithTheWrongFieldCountAndUnreadableTimestamps() {
    ZeekLogParser parser = new ZeekLogParser(CTX, CLOCK, null);
    for (String header :
        SharedData.lines(BASE + "scripts.base.protocols.http.http-methods/weird.log")
            .subList(0, 9)) {
      parser.parse(RawRecord.of(header, "zeek"));
    }
    assertThat(parser.parse(RawRecord.of("1.0\tC1\t10.0.0.1", "zeek")))
        .isEqualTo(new ParseResult.Rejected("TSV record has 3 fields but #fields names 11"));
    assertThat(
            parser.parse(
                RawRecord.of(
                    "soon\tC1\t192.0.2.1\t1\t192.0.2.2\t80\tbad_HTTP_request\t-\tF\tzeek\tHTTP",
                    "zeek")))
        .isEqualTo(new ParseResult.Rejected("unparseable ts"));
    SecuritySignal real =
        Parsing.signal(
            parser.parse(
                RawRecord.of(
                    "1300475168.783842\tC1\t192.0.2.1\t1\t192.0.2.2\t80\tbad_HTTP_request\t-\tF\tzeek\tHTTP",
                    "zeek")));
    assertThat(real.getObservedAt()).isEqualTo(Instant.parse("2011-03-18T19:06:08.783Z"));
  }

  @Test
  void shouldDecodeHexEscapesInTsvValues() {
    assertThat(ZeekLogParser.unescape("a\\x09b\\x2cc")).isEqualTo("a\tb,c");
  }
}
