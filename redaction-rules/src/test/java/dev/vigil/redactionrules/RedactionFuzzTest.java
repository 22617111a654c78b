package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the rule-set YAML loader and the redaction engine (issue 18). The
 * loader either loads a rule set or refuses with a {@link RuleSetException}; the engine never
 * throws, and a value planted amid fuzzed text never survives into the redacted event. Regression
 * inputs are in {@code RedactionFuzzTestInputs/<method>/}; {@code .ci/fuzz <minutes>} fuzzes for
 * real.
 */
class RedactionFuzzTest {
  private static final RedactionEngine ENGINE = RedactionEngine.create(TestKeys.defaultRules());
  private static final EventJson JSON = new EventJson();
  private static final TestKeys KEYS = TestKeys.of("k1");

  /** Values the default rules must remove wherever they appear. */
  private static final String[] PLANTED = {
    "jane.doe@example.com", "4111111111111111", "DE89370400440532013000", "AKIAIOSFODNN7EXAMPLE"
  };

  @FuzzTest
  void ruleSetLoader(byte[] data) {
    String yaml = new String(data, StandardCharsets.UTF_8);
    try {
      RuleSet rules = RuleSetLoader.load("fuzz.yaml", yaml, KEYS);
      assertThat(rules).isNotNull();
    } catch (RuleSetException refused) {
      assertThat(refused.getMessage()).startsWith("fuzz.yaml");
    }
  }

  @FuzzTest
  void redactionEngine(FuzzedDataProvider data) {
    String planted = PLANTED[data.consumeInt(0, PLANTED.length - 1)];
    String before = data.consumeString(200);
    String after = data.consumeString(200);
    String user = data.consumeString(100);
    String attribute = data.consumeRemainingAsString();
    // Separated by spaces, as in a log line: the detectors look for whole tokens.
    SecuritySignal in =
        Events.security(user, null, before + " " + planted + " " + after, Map.of("k", attribute));

    RedactionOutcome out = ENGINE.redact(in);

    assertThat(out).isInstanceOf(RedactionOutcome.Redacted.class);
    SecuritySignal redacted = (SecuritySignal) ((RedactionOutcome.Redacted) out).event();
    // The planted token is gone. The fuzzed text itself may hold the same digits inside a longer
    // run (a 35-digit number containing 4111111111111111 is not a card): those may stay.
    assertThat(occurrences(redacted.getSignal().getMessage().toString(), planted))
        .as("occurrences of the planted value")
        .isLessThanOrEqualTo(occurrences(before, planted) + occurrences(after, planted));
    assertThat(JSON.toJson(redacted)).isNotNull();
  }

  private static int occurrences(String text, String value) {
    int n = 0;
    for (int i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
      n++;
    }
    return n;
  }
}
