package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.app.CliRun;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.platform.Ports;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil publish} applies the ingest clock discipline to every line. */
class PublishCommandTest {
  static final Instant NOW = Instant.parse("2026-03-02T08:15:04Z");
  final EventJson json = new EventJson();
  final ClockDiscipline discipline = ClockDiscipline.defaults();

  @Test
  void shouldRejectALineTenMinutesInTheFutureNamingTheFieldAndTheRule() {
    assertThatThrownBy(
            () ->
                PublishCommand.check(
                    json,
                    health(NOW.plus(Duration.ofMinutes(10))),
                    EventKind.HEALTH,
                    discipline,
                    NOW))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("observed_at: more than 2m in the future (clock skew)");
  }

  @Test
  void shouldRefuseHostileIdentifiersAndDatesNamingFieldAndRuleButNotTheValue() {
    String line = health(NOW);
    String[][] cases = {
      {
        "\"service\":\"checkout\"",
        "\"service\":\"" + "c".repeat(300_000) + "\"",
        "service: longer than 64 characters"
      },
      {
        "\"service\":\"checkout\"",
        "\"service\":\"check\\u0000out\"",
        "service: contains a control character"
      },
      {
        "\"site\":\"primary\"",
        "\"site\":\"prim\\u202Eary\"",
        "site: contains a format character (bidi override or zero-width)"
      },
      {
        "\"source\":\"probe-1\"",
        "\"source\":\"probe\\u200B-1\"",
        "source: contains a format character (bidi override or zero-width)"
      },
      {
        "\"vantage\":\"eu1\"",
        "\"vantage\":\"eu\\ud8001\"",
        "check.vantage: must be " + dev.vigil.schemas.event.Identifiers.RULE
      },
      {NOW.toString(), "+99999-01-01T00:00:00Z", "observed_at: after year 9999"},
      {NOW.toString(), "1900-01-01T00:00:00Z", "observed_at: before 2000-01-01"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(
              () ->
                  PublishCommand.check(
                      json, line.replace(c[0], c[1]), EventKind.HEALTH, discipline, NOW))
          .as(c[2])
          .isInstanceOf(EventFormatException.class)
          .hasMessage(c[2]);
    }
  }

  @Test
  void shouldAcceptWithinTheSkewAndRejectJustPastIt() throws Exception {
    assertThat(
            PublishCommand.check(
                json, health(NOW.plusSeconds(30)), EventKind.HEALTH, discipline, NOW))
        .isInstanceOf(HealthCheckResult.class);
    assertThat(
            PublishCommand.check(
                json, health(NOW.plus(Duration.ofMinutes(2))), EventKind.HEALTH, discipline, NOW))
        .isInstanceOf(HealthCheckResult.class);
    assertThatThrownBy(
            () ->
                PublishCommand.check(
                    json,
                    health(NOW.plus(Duration.ofMinutes(2)).plusMillis(1)),
                    EventKind.HEALTH,
                    discipline,
                    NOW))
        .hasMessage("observed_at: more than 2m in the future (clock skew)");
  }

  @Test
  void shouldReportTheLineAndExitNonZeroWhenALineIsInTheFuture(@TempDir Path dir) throws Exception {
    // Given a file whose only event is dated ten minutes from now (nothing reaches the broker)
    Path file =
        Files.writeString(
            dir.resolve("events.ndjson"),
            "\n" + health(Instant.now().plus(Duration.ofMinutes(10))) + "\n");

    // When it is published
    CliRun run =
        CliRun.vigil(
            "publish",
            "--kind",
            "health",
            "--file",
            file.toString(),
            "--bootstrap",
            "127.0.0.1:" + Ports.freePort("127.0.0.1"),
            "--registry",
            "mock://publish-test");

    // Then the line and the rule are named, and the exit code is 1
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("line 2: rejected: observed_at: more than 2m in the future (clock skew)");
    assertThat(run.out()).contains("published 0 event(s) to vigil.health.raw.v1; 1 rejected");
  }

  @Test
  void shouldRefuseASkewOverOneHour() {
    CliRun run =
        CliRun.vigil(
            "publish",
            "--kind",
            "health",
            "--max-clock-skew",
            "2h",
            "--bootstrap",
            "127.0.0.1:1",
            "--registry",
            "mock://publish-test");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--max-clock-skew must be 0s..1h but was 2h");
  }

  private static String health(Instant observedAt) {
    return "{\"event_id\":\"0b7e8a52-5a8c-4d52-9a53-2f4f7a1a9e01\",\"kind\":\"health\","
        + "\"site\":\"primary\",\"service\":\"checkout\",\"source\":\"probe-1\","
        + "\"observed_at\":\""
        + observedAt
        + "\",\"check\":{\"name\":\"http\",\"probe\":\"HTTP\","
        + "\"target\":\"https://checkout.example\",\"vantage\":\"eu1\",\"status\":\"PASS\","
        + "\"latency_ms\":12}}";
  }
}
