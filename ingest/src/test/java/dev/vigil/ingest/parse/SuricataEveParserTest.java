package dev.vigil.ingest.parse;

import static dev.vigil.ingest.parse.Parsing.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.tail.Frame;
import dev.vigil.ingest.tail.MultiLineJsonFramer;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.testkit.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuricataEveParserTest {

  private final SuricataEveParser parser = new SuricataEveParser(CTX);

  @Test
  void shouldMapTenzirAlertToSecuritySignalWithEveFields() {
    // Given the real IRC C2 alert from the CTU capture (tenzir excerpt, line 1)
    String line = SharedData.lines("suricata-eve/tenzir/eve-excerpt.ndjson").get(0);

    // When
    SecuritySignal event = Parsing.signal(parser.parse(new RawRecord(line, "eve", 0)));

    // Then
    assertThat(event.getKind()).isEqualTo(EventKind.SECURITY);
    assertThat(event.getSite()).isEqualTo("primary");
    assertThat(event.getService()).isEqualTo("payments");
    assertThat(event.getSource()).isEqualTo("sensor-1");
    assertThat(event.getObservedAt()).isEqualTo(Instant.parse("2011-08-12T12:52:57.716Z"));
    var s = event.getSignal();
    assertThat(s.getOrigin()).isEqualTo(SignalOrigin.SURICATA);
    assertThat(s.getSeverity()).isEqualTo(Severity.MEDIUM); // alert.severity 2
    assertThat(s.getCategory()).isEqualTo("Potentially Bad Traffic");
    assertThat(s.getSignature())
        .isEqualTo(
            "ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG *.(exe|tar|tgz|zip)  download command");
    assertThat(s.getSrcIp()).isEqualTo("147.32.84.165");
    assertThat(s.getDstIp()).isEqualTo("78.40.125.4");
    assertThat(s.getHost()).isNull();
    assertThat(s.getAttributes())
        .containsEntry("signature_id", "2017318")
        .containsEntry("gid", "1")
        .containsEntry("rev", "4")
        .containsEntry("action", "allowed")
        .containsEntry("proto", "TCP")
        .containsEntry("src_port", "1181")
        .containsEntry("dest_port", "6667")
        .containsEntry("flow_id", "1031464864740687")
        .doesNotContainKeys("payload", "payload_printable", "packet");
  }

  @Test
  void shouldSkipEveryNonAlertTypeOfTheTenzirExcerptNamingItsType() {
    // Given the six protocol events (dns, fileinfo, flow, http, netflow, quic with odd spacing)
    List<String> lines = SharedData.lines("suricata-eve/tenzir/eve-excerpt.ndjson");

    // When
    List<ParseResult> results = Parsing.parseLines(parser, lines.subList(1, lines.size()), "eve");

    // Then
    assertThat(results)
        .extracting(Parsing::reason)
        .containsExactly(
            "event_type dns is not mapped",
            "event_type fileinfo is not mapped",
            "event_type flow is not mapped",
            "event_type http is not mapped",
            "event_type netflow is not mapped",
            "event_type quic is not mapped");
    assertThat(results).allMatch(ParseResult.Skipped.class::isInstance);
  }

  @Test
  void shouldParsePrettyPrintedTelegrafAlertFramedAcrossLines() throws IOException {
    // Given a multi-line EVE alert with the newer alert.source/target objects
    List<Frame> frames = frame(SharedData.read("suricata-eve/telegraf-v2/alert.json"));

    // When
    assertThat(frames).hasSize(1);
    SecuritySignal event =
        Parsing.signal(parser.parse(new RawRecord(frames.get(0).text(), "eve", 0)));

    // Then
    var s = event.getSignal();
    assertThat(event.getObservedAt()).isEqualTo(Instant.parse("2021-05-30T18:07:13.208Z"));
    assertThat(s.getSignature()).isEqualTo("Corrupted HTTP body");
    assertThat(s.getSeverity()).isEqualTo(Severity.LOW); // alert.severity 3
    assertThat(s.getCategory()).isEqualTo("Misc activity");
    assertThat(s.getSrcIp()).isEqualTo("10.0.0.5");
    assertThat(s.getDstIp()).isEqualTo("179.60.192.3");
    assertThat(s.getAttributes())
        .containsEntry("signature_id", "6")
        .containsEntry("rev", "0")
        .containsEntry("in_iface", "s1-suricata")
        .containsEntry("target_ip", "179.60.192.3")
        .containsEntry("target_port", "80")
        .containsEntry("flow_id", "1696236471136137");
  }

  @Test
  void shouldSkipPrettyPrintedDropHttpAndDnsEvents() {
    for (String name : List.of("drop", "http", "dns")) {
      // Given
      List<Frame> frames = frame(SharedData.read("suricata-eve/telegraf-v2/" + name + ".json"));
      assertThat(frames).hasSize(1);

      // When
      ParseResult result = parser.parse(new RawRecord(frames.get(0).text(), "eve", 0));

      // Then
      assertThat(result)
          .isEqualTo(new ParseResult.Skipped("event_type " + name + " is not mapped"));
    }
  }

  @Test
  void shouldTurnStatsIntoIdsHeartbeatOkWithCaptureCounters() throws IOException {
    // Given a pretty-printed stats record (hand-written fixture, see test resources README)
    String text;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/suricata-stats-pretty.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Frame> frames = frame(text);

    // When
    PostureFinding event =
        Parsing.finding(parser.parse(new RawRecord(frames.get(0).text(), "eve", 0)));

    // Then
    assertThat(event.getKind()).isEqualTo(EventKind.POSTURE);
    assertThat(event.getObservedAt()).isEqualTo(Instant.parse("2026-03-02T08:15:01.000Z"));
    var f = event.getFinding();
    assertThat(f.getCheck()).isEqualTo(PostureCheck.IDS_HEARTBEAT);
    assertThat(f.getStatus()).isEqualTo(FindingStatus.OK);
    assertThat(f.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(f.getControlId()).isEqualTo("ids-heartbeat");
    assertThat(f.getDetails())
        .containsEntry("uptime_s", "3608")
        .containsEntry("capture_kernel_packets", "1894520")
        .containsEntry("capture_kernel_drops", "12")
        .containsEntry("decoder_pkts", "1894508")
        .containsEntry("detect_alert", "41")
        .containsEntry("sensor_host", "ids-primary-1")
        .containsEntry("derived_from", "suricata-stats");
  }

  @Test
  void shouldRaiseSeverity1AlertToCriticalWhenRuleMetadataSaysCritical() {
    // Given an ET-style alert with signature_severity metadata
    String line =
        "{\"timestamp\":\"2026-03-02T08:00:00.000000+0000\",\"event_type\":\"alert\","
            + "\"src_ip\":\"192.0.2.10\",\"dest_ip\":\"198.51.100.7\",\"proto\":\"TCP\","
            + "\"http\":{\"hostname\":\"pay.example.com\",\"url\":\"/login\"},"
            + "\"alert\":{\"signature_id\":2030000,\"signature\":\"ET EXPLOIT test\","
            + "\"category\":\"Attempted Administrator Privilege Gain\",\"severity\":1,"
            + "\"metadata\":{\"signature_severity\":[\"Critical\"]}}}";

    // When
    SecuritySignal event = Parsing.signal(parser.parse(RawRecord.of(line, "eve")));

    // Then
    assertThat(event.getSignal().getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(event.getSignal().getHost()).isEqualTo("pay.example.com");
    assertThat(event.getSignal().getAttributes()).containsEntry("http_url", "/login");
  }

  @Test
  void shouldRejectTruncatedRecordWithoutQuotingIt() {
    // Given the first 120 characters of a real alert (a torn write)
    String torn =
        SharedData.lines("suricata-eve/tenzir/eve-excerpt.ndjson").get(0).substring(0, 120);

    // When
    ParseResult result = parser.parse(RawRecord.of(torn, "eve"));

    // Then
    assertThat(result).isInstanceOf(ParseResult.Rejected.class);
    assertThat(Parsing.reason(result))
        .startsWith("malformed JSON at character")
        .doesNotContain("147.32");
  }

  @Test
  void shouldRejectGarbageAndRecordsMissingRequiredFields() {
    assertThat(parser.parse(RawRecord.of("<html>oops</html>", "eve")))
        .isInstanceOf(ParseResult.Rejected.class);
    assertThat(parser.parse(RawRecord.of("[1,2]", "eve")))
        .isEqualTo(new ParseResult.Rejected("expected a JSON object but got an array"));
    assertThat(parser.parse(RawRecord.of("{\"timestamp\":\"2026-03-02T08:00:00Z\"}", "eve")))
        .isEqualTo(new ParseResult.Rejected("missing field event_type"));
    assertThat(
            parser.parse(
                RawRecord.of("{\"event_type\":\"alert\",\"timestamp\":\"yesterday\"}", "eve")))
        .isEqualTo(new ParseResult.Rejected("missing or unparseable field timestamp"));
    assertThat(
            parser.parse(
                RawRecord.of(
                    "{\"event_type\":\"alert\",\"timestamp\":\"2026-03-02T08:00:00Z\",\"alert\":{}}",
                    "eve")))
        .isEqualTo(new ParseResult.Rejected("missing field alert.signature"));
    assertThat(
            parser.parse(
                RawRecord.of(
                    "{\"event_type\":\"a\",\"event_type\":\"alert\",\"timestamp\":\"2026-03-02T08:00:00Z\"}",
                    "eve")))
        .isEqualTo(new ParseResult.Rejected("duplicate key in JSON object at character 30"));
    assertThat(
            parser.parse(
                RawRecord.of(
                    "{\"event_type\":\"<script>\",\"timestamp\":\"2026-03-02T08:00:00Z\"}", "eve")))
        .isEqualTo(new ParseResult.Skipped("event_type (not shown) is not mapped"));
  }

  @Test
  void shouldGiveTheSameEventIdWhenTheSameRecordIsReadAgainAndADifferentOneElsewhere() {
    // Given one real alert line read twice at the same position, and once at another
    String line = SharedData.lines("suricata-eve/tenzir/eve-excerpt.ndjson").get(0);

    // When
    var first = Parsing.signal(parser.parse(new RawRecord(line, "(dev=1,ino=2)", 0)));
    var again =
        Parsing.signal(new SuricataEveParser(CTX).parse(new RawRecord(line, "(dev=1,ino=2)", 0)));
    var elsewhere = Parsing.signal(parser.parse(new RawRecord(line, "(dev=1,ino=2)", 4096)));
    var otherSensor =
        Parsing.signal(
            new SuricataEveParser(SourceContext.of("backup", "payments", "sensor-2"))
                .parse(new RawRecord(line, "(dev=1,ino=2)", 0)));

    // Then
    assertThat(again.getEventId()).isEqualTo(first.getEventId());
    assertThat(elsewhere.getEventId()).isNotEqualTo(first.getEventId());
    assertThat(otherSensor.getEventId()).isNotEqualTo(first.getEventId());
    assertThat(first.getEventId().version()).isEqualTo(5);
  }

  static List<Frame> frame(String text) {
    MultiLineJsonFramer framer = new MultiLineJsonFramer();
    List<Frame> out = new ArrayList<>();
    long pos = 0;
    for (String line : text.split("\n", -1)) {
      long end = pos + line.getBytes(StandardCharsets.UTF_8).length + 1;
      out.addAll(framer.accept(line.replace("\r", ""), pos, end));
      pos = end;
    }
    return out;
  }
}
