package dev.vigil.schemas.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void shouldEscapeControlBidiAndZeroWidthCharactersVisibly() {
    assertThat(SafeText.escape("shop\u0000\u202Egnp.exe\u200B\n\u001B[31m"))
        .isEqualTo("shop\\u0000\\u202Egnp.exe\\u200B\\u000A\\u001B[31m");
  }

  @Test
  void shouldEscapeLoneSurrogatesAndUnassignedCodePoints() {
    assertThat(SafeText.escape("a\uD800b\u0378")).isEqualTo("a\\uD800b\\u0378");
    assertThat(SafeText.escape("tag\uDB40\uDC01")).isEqualTo("tag\\u{E0001}");
  }

  @Test
  void shouldLeaveOrdinaryTextOfAnyScriptAsItIs() {
    String text = "ET POLICY café 東京 \uD83D\uDE00 (x) \"q\"";
    assertThat(SafeText.escape(text)).isSameAs(text);
    assertThat(SafeText.needsEscaping(text)).isFalse();
    assertThat(SafeText.escape(null)).isNull();
  }

  @Test
  void shouldEscapeJsonTextSoItStaysValidJsonWithTheSameStrings() throws Exception {
    String json = "{\"signature\":\"a\u202Eb\uDB40\uDC01\"}";
    String escaped = SafeText.escapeJson(json);
    assertThat(escaped).isEqualTo("{\"signature\":\"a\\u202Eb\\uDB40\\uDC01\"}");
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(escaped)
                .get("signature")
                .asText())
        .isEqualTo("a\u202Eb\uDB40\uDC01");
  }
}
