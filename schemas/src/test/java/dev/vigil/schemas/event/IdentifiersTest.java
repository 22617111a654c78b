package dev.vigil.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  /** The hostile values of issue 18, each with the rule it breaks. */
  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("a".repeat(300_000), "longer than 64 characters"),
        Arguments.of("shop\u0000x", "contains a control character"),
        Arguments.of(
            "shop\u202Egnp.exe", "contains a format character (bidi override or zero-width)"),
        Arguments.of("sh\u200Bop", "contains a format character (bidi override or zero-width)"),
        Arguments.of("shop\uD800", "contains a lone surrogate"),
        Arguments.of("\uDC00shop", "contains a lone surrogate"),
        Arguments.of("shop\u0378", "contains an unassigned code point"),
        Arguments.of("shop\uE000", "contains a private-use code point"),
        Arguments.of("my shop", "contains white space"),
        Arguments.of("shop\n", "contains a control character"),
        Arguments.of("", "must not be empty"),
        Arguments.of("-shop", "must be " + Identifiers.RULE),
        Arguments.of("shop/admin", "must be " + Identifiers.RULE),
        Arguments.of("a".repeat(65), "longer than 64 characters"));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void shouldRefuseHostileIdentifierNamingFieldAndRuleButNotTheValue(String value, String rule) {
    assertThatThrownBy(() -> Identifiers.require("service", value))
        .isInstanceOf(Identifiers.InvalidIdentifierException.class)
        .hasMessage("service: " + rule);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "payments",
        "payments-api",
        "probe-fra-1",
        "eu-west",
        "_internal",
        "a",
        "v1.2:x@y"
      })
  void shouldAcceptOrdinaryIdentifiers(String value) {
    assertThat(Identifiers.require("service", value)).isEqualTo(value);
  }

  @Test
  void shouldAcceptLettersOfOtherScriptsAndReturnTheNfcForm() {
    String decomposed = "caf\u0065\u0301"; // e + combining acute
    assertThat(Identifiers.require("site", decomposed)).isEqualTo("caf\u00e9");
    assertThat(Identifiers.require("site", "zürich-1")).isEqualTo("zürich-1");
    assertThat(Identifiers.require("site", "東京")).isEqualTo("東京");
  }

  @Test
  void shouldCountCodePointsNotUtf16UnitsForTheLengthBound() {
    String sixtyFourMathLetters = "\uD835\uDC00".repeat(64); // U+1D400, a letter outside the BMP
    assertThat(Identifiers.isValid(sixtyFourMathLetters)).isTrue();
    assertThat(Identifiers.problem(sixtyFourMathLetters + "a"))
        .contains("longer than 64 characters");
  }

  @Test
  void shouldAcceptEmptyOnlyWhereEmptyMeansNone() {
    assertThat(Identifiers.requireOrEmpty("service", "")).isEmpty();
    assertThatThrownBy(() -> Identifiers.requireOrEmpty("service", " "))
        .hasMessage("service: contains white space");
  }

  @Test
  void shouldTakeTheAsciiShortcutExactlyForAsciiValuesTheFullRuleAccepts() {
    // random ASCII, '/' and the allowed punctuation over-represented, around the length limits
    java.util.Random random = new java.util.Random(17);
    String common = "aZ09_.:@-/";
    for (int n = 0; n < 200_000; n++) {
      char[] chars = new char[1 + random.nextInt(n < 20_000 ? 3 : 140)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] =
            random.nextBoolean()
                ? common.charAt(random.nextInt(common.length()))
                : (char) random.nextInt(128);
      }
      String value = new String(chars);
      boolean id =
          value.length() <= Identifiers.MAX_LENGTH && Identifiers.PATTERN.matcher(value).matches();
      boolean keyId =
          value.length() <= Identifiers.MAX_KEY_ID_LENGTH
              && Identifiers.KEY_ID_PATTERN.matcher(value).matches();
      assertThat(Identifiers.isPlainAscii(value, Identifiers.MAX_LENGTH, false))
          .as("identifier %s", value.chars().boxed().toList())
          .isEqualTo(id);
      assertThat(Identifiers.isPlainAscii(value, Identifiers.MAX_KEY_ID_LENGTH, true))
          .as("key id %s", value.chars().boxed().toList())
          .isEqualTo(keyId);
      // and the shortcut never changes what problem() says
      if (id) {
        assertThat(Identifiers.problem(value)).isEmpty();
      }
    }
  }
}
