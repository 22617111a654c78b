package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RedosTest {
  @Test
  void shouldRunACatastrophicBacktrackingPatternInLinearTime() throws Exception {
    // Given a custom detector with the classic ReDoS pattern (a+)+$
    RedactionEngine engine =
        RedactionEngine.create(
            RuleSetLoader.load(
                "redos.yaml",
                """
                ruleset: redos
                version: 1
                on_error: quarantine
                scan:
                  detectors:
                    - {type: custom, name: evil, pattern: '(a+)+$', operator: redact}
                """,
                TestKeys.of()));
    String n = "a".repeat(100_000) + "!";
    String twoN = "a".repeat(200_000) + "!";
    engine.redact(Events.security("u", null, "a".repeat(1000) + "!", Map.of())); // warm up

    // When it scans 100,000 and 200,000 'a's followed by '!' (a backtracking engine never ends)
    long t1 = time(engine, n);
    long t2 = time(engine, twoN);

    // Then it finishes quickly, roughly linearly, and found nothing (the '!' prevents a match)
    System.out.printf(
        "ReDoS (a+)+$: 100k chars %d ms, 200k chars %d ms%n", t1 / 1_000_000, t2 / 1_000_000);
    assertThat(t1).isLessThan(2_000_000_000L);
    // loose on purpose: a shared CI machine can stall either run; a backtracking engine would
    // need longer than the age of the universe here, so any bound of seconds proves the point
    assertThat(t2).isLessThan(Math.max(10 * t1, 2_000_000_000L));
    RedactionOutcome out = engine.redact(Events.security("u", null, n, Map.of()));
    assertThat(((RedactionOutcome.Redacted) out).countsByDetector()).isEmpty();
  }

  private static long time(RedactionEngine engine, String message) {
    long start = System.nanoTime();
    RedactionOutcome out = engine.redact(Events.security("u", null, message, Map.of()));
    long took = System.nanoTime() - start;
    assertThat(out).isInstanceOf(RedactionOutcome.Redacted.class);
    return took;
  }
}
