package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactAndRulesCommandTest {
  private static final String EMAIL = "bob.jones@example.com";
  private static final String IP = "198.51.100.23";

  @TempDir Path dir;
  private Path rules;
  private Path keys;

  @BeforeEach
  void files() throws Exception {
    rules = dir.resolve("rules.yaml");
    try (InputStream in = getClass().getResourceAsStream("/rules/default.yaml")) {
      Files.write(rules, in.readAllBytes());
    }
    keys = dir.resolve("keys");
    dev.vigil.redactionrules.keys.KeysetStore.open(keys)
        .create("vigil-pseudonym", java.time.Instant.now());
  }

  @Test
  void shouldRedactNdjsonAndReportBadLinesByNumberWithoutTheirContent() throws Exception {
    // Given one security event with PII and one malformed line
    Path in = dir.resolve("in.ndjson");
    Files.writeString(
        in,
        """
        {"event_id":"0b7e2f9a-4a7e-4c39-9d36-1f2d3c4b5a69","kind":"security","site":"primary",\
        "service":"payments","source":"suricata-1","observed_at":"2026-11-27T03:00:00Z",\
        "signal":{"origin":"SURICATA","severity":"HIGH","category":"attempted-admin",\
        "signature":"ET SCAN","src_ip":"%s","user":"bob","message":"mail from %s"}}
        {"event_id":"not-a-uuid","kind":"security"}
        """
            .formatted(IP, EMAIL));
    Path out = dir.resolve("out.ndjson");
    // When it is redacted offline
    CliRun r =
        CliRun.vigil(
            "redact",
            "--rules",
            rules.toString(),
            "--keys",
            keys.toString(),
            "--in",
            in.toString(),
            "--out",
            out.toString());
    // Then the good line is redacted, the bad one reported by number, the exit is 1
    String redacted = Files.readString(out);
    assertThat(redacted.lines()).hasSize(1);
    assertThat(redacted)
        .doesNotContain(EMAIL, IP, "\"bob\"")
        .contains("ET SCAN", "pn:vigil-pseudonym:");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("line 2: rejected: event_id").doesNotContain("not-a-uuid");
    assertThat(r.err())
        .contains("redacted 1 event(s) with vigil-default version 1; 1 not redacted");
  }

  @Test
  void shouldKeepTheInputOrderAndLineNumbersWhenRedactingOnSeveralThreads() throws Exception {
    // Given 2,000 events, every 300th line malformed, spanning many batches
    StringBuilder text = new StringBuilder();
    int lines = 2000;
    for (int i = 1; i <= lines; i++) {
      if (i % 300 == 0) {
        text.append("{\"kind\":\"security\"}\n");
        continue;
      }
      text.append(
          ("{\"event_id\":\"0b7e2f9a-4a7e-4c39-9d36-%012d\",\"kind\":\"security\","
                  + "\"site\":\"primary\",\"service\":\"svc-%d\",\"source\":\"s\","
                  + "\"observed_at\":\"2026-11-27T03:00:00Z\",\"signal\":{\"origin\":\"SURICATA\","
                  + "\"severity\":\"LOW\",\"category\":\"c\",\"signature\":\"sig\","
                  + "\"message\":\"mail from %s\"}}\n")
              .formatted(i, i, EMAIL));
    }
    Path in = dir.resolve("many.ndjson");
    Files.writeString(in, text);
    Path out = dir.resolve("many-out.ndjson");

    // When it is redacted on three threads
    CliRun r =
        CliRun.vigil(
            "redact",
            "--threads",
            "3",
            "--rules",
            rules.toString(),
            "--keys",
            keys.toString(),
            "--in",
            in.toString(),
            "--out",
            out.toString());

    // Then the good events come out in input order, the bad lines are reported by number, in order
    List<String> services =
        Files.readString(out)
            .lines()
            .map(l -> l.replaceAll(".*\"service\":\"(svc-\\d+)\".*", "$1"))
            .toList();
    List<String> expected =
        java.util.stream.IntStream.rangeClosed(1, lines)
            .filter(i -> i % 300 != 0)
            .mapToObj(i -> "svc-" + i)
            .toList();
    assertThat(services).containsExactlyElementsOf(expected);
    assertThat(Files.readString(out)).doesNotContain(EMAIL);
    assertThat(r.err().lines().filter(l -> l.contains(": rejected: ")).map(l -> l.split(":")[0]))
        .containsExactly("line 300", "line 600", "line 900", "line 1200", "line 1500", "line 1800");
    assertThat(r.err()).contains("redacted 1994 event(s)");
    assertThat(r.code()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAThreadCountOutOfRange() {
    CliRun r = CliRun.vigil("redact", "--threads", "0", "--rules", rules.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("--threads must be 1..64, got 0");
  }

  @Test
  void shouldLintAGoodRuleFile() {
    CliRun r = CliRun.vigil("rules", "lint", rules.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ok: rule set vigil-default version 1");
  }

  @Test
  void shouldNameFileLineAndPathOfABadRule() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "ruleset: r\nversion: 1\non_error: quarantine\nfields:\n  security:\n"
            + "    - {path: signal.nonexistent, operator: redact}\n"
            + "scan:\n  detectors:\n    - {type: email, operator: redact}\n");
    CliRun r = CliRun.vigil("rules", "lint", bad.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains(bad.toString())
        .contains(":6: fields.security[0].path")
        .contains("nonexistent");
  }
}
