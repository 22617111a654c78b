package dev.vigil.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ingest.http.IngestHttpConfig;
import dev.vigil.ingest.parse.CefParser;
import dev.vigil.ingest.parse.ParseResult;
import dev.vigil.ingest.parse.RawRecord;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.parse.SuricataEveParser;
import dev.vigil.ingest.parse.SyslogAuthParser;
import dev.vigil.ingest.posture.PostureSpec;
import dev.vigil.ingest.probe.ProbeSpec;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.event.EventBounds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 at the collector doors other than the JSON form: configured ids (sources, probes,
 * posture checks, HTTP collector ids) follow the identifier rule at start-up, and events built from
 * sensor output pass {@link EventAdmission} (refused ids and dates, cut free text).
 */
class HostileInputAtCollectorDoorsTest {
  static final Instant NOW = Instant.parse("2026-03-02T08:15:04Z");
  static final String[] HOSTILE = {
    "a".repeat(300_000), "x\u0000y", "x\u202Ey", "x\u200By", "x\uD800y"
  };
  static final String[] RULES = {
    "longer than 64 characters",
    "contains a control character",
    "contains a format character (bidi override or zero-width)",
    "contains a format character (bidi override or zero-width)",
    "contains a lone surrogate"
  };

  private static void refused(String field, Consumer<String> door) {
    for (int i = 0; i < HOSTILE.length; i++) {
      String value = HOSTILE[i];
      assertThatThrownBy(() -> door.accept(value))
          .as("%s %s", field, RULES[i])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(field + ": " + RULES[i])
          .message()
          .doesNotContain("aaaaaaaaaa", "x\u0000", "x\u202E", "x\u200B", "x\uD800");
    }
  }

  @Test
  void shouldRefuseHostileIdsInTailerAndSyslogSourcesAtStartUp() {
    refused("site", v -> SourceContext.of(v, "shop", "sensor-1"));
    refused("source", v -> SourceContext.of("primary", "shop", v));
    refused("service", v -> SourceContext.of("primary", v, "sensor-1"));
  }

  @Test
  void shouldRefuseHostileIdsInProbeAndPostureConfig() {
    refused("vantage", v -> ProbeSpec.http("shop", "primary", v, "https://shop.example"));
    refused("service", v -> ProbeSpec.http(v, "primary", "eu-1", "https://shop.example"));
    refused(
        "site",
        v ->
            new PostureSpec(
                v,
                "shop",
                "posture-1",
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Duration.ofMinutes(1)));
  }

  @Test
  void shouldRefuseHostileCollectorIdsOfTheHttpApi() {
    assertThatThrownBy(() -> IngestHttpConfig.loopback(Map.of("edge\u202E1", "0".repeat(64))))
        .hasMessage(
            "ingest.http.tokens: collector id must be 1-64 letters, digits or _ . : @ -, starting"
                + " with a letter, digit or _");
  }

  @Test
  void shouldRefuseAParsedEventWithAnImplausibleDateAndCutItsLongFreeText() throws Exception {
    CefParser parser =
        new CefParser(
            SourceContext.of("primary", "shop", "sensor-1"), Clock.fixed(NOW, ZoneOffset.UTC));
    String cef = "CEF:0|Vendor|Product|1.0|100|Signature|7|rt=%s msg=%s dhost=db\u202Egnp.exe";
    ClockDiscipline clock = ClockDiscipline.defaults();

    SecuritySignal future = parse(parser, cef.formatted("99999999999999", "m"));
    assertThat(EventAdmission.check(clock, future, NOW).orElseThrow().reason())
        .isEqualTo("observed_at: more than 2m in the future (clock skew)");
    SecuritySignal old = parse(parser, cef.formatted("1000000000", "m"));
    assertThat(EventAdmission.check(clock, old, NOW).orElseThrow())
        .isEqualTo(
            new ClockDiscipline.Violation(
                "observed_at", "before 2000-01-01", EventAdmission.OUT_OF_BOUNDS));

    SecuritySignal longText = parse(parser, cef.formatted(NOW.toEpochMilli(), "x".repeat(20_000)));
    assertThat(EventAdmission.check(clock, longText, NOW)).isEmpty();
    assertThat(longText.getSignal().getMessage()).hasSize(8192).contains("…[truncated ");
    assertThat(longText.getSignal().getHost()).isEqualTo("db\u202Egnp.exe"); // free text, kept
    assertThat(EventBounds.apply(longText)).isZero();
  }

  @Test
  void shouldRefuseTheYears99999And1900FromSyslogAndSuricataEveWithoutEchoingThem() {
    // Given an sshd failure over syslog (RFC 5424) and a Suricata alert, each dated +99999 and 1900
    SourceContext ctx = SourceContext.of("primary", "shop", "sensor-1");
    SyslogAuthParser syslog = new SyslogAuthParser(ctx, Clock.fixed(NOW, ZoneOffset.UTC));
    SuricataEveParser eve = new SuricataEveParser(ctx);
    String sshd =
        "<38>1 %s bastion-1 sshd 4242 - - Failed password for invalid user admin from 203.0.113.9"
            + " port 52144 ssh2";
    String alert =
        "{\"timestamp\":\"%s\",\"event_type\":\"alert\",\"src_ip\":\"192.0.2.10\","
            + "\"dest_ip\":\"198.51.100.7\",\"proto\":\"TCP\",\"alert\":{\"signature_id\":1,"
            + "\"signature\":\"ET test\",\"category\":\"c\",\"severity\":1}}";
    Map<String, String> dates =
        Map.of(
            "+99999-01-01T00:00:00Z", "after year 9999",
            "1900-01-01T00:00:00Z", "before 2000-01-01");
    dates.forEach(
        (date, problem) -> {
          List<ParseResult> parsed =
              List.of(
                  syslog.parse(RawRecord.of(sshd.formatted(date), "udp")),
                  eve.parse(RawRecord.of(alert.formatted(date), "eve")));
          for (ParseResult result : parsed) {
            // When the door admits the parsed event (TailSource and SyslogSource do this)
            SpecificRecord event = ((ParseResult.Parsed) result).events().get(0);
            Optional<ClockDiscipline.Violation> refusal =
                EventAdmission.check(ClockDiscipline.defaults(), event, NOW);

            // Then it is refused naming the field and the rule, not the date
            assertThat(refusal)
                .as("%s %s", event.getClass().getSimpleName(), date)
                .contains(
                    new ClockDiscipline.Violation(
                        "observed_at", problem, EventAdmission.OUT_OF_BOUNDS));
            assertThat(refusal.orElseThrow().reason()).doesNotContain("99999", "1900");
          }
        });
  }

  private static SecuritySignal parse(CefParser parser, String line) {
    return (SecuritySignal) ((ParseResult.Parsed) parser.parse(RawRecord.of(line, "t"))).event();
  }
}
