package dev.vigil.redactionrules.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.SharedData;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts in front of the RE2 patterns — character profiles, key-word checks, windows and the
 * hand-written e-mail scanner — must give exactly the spans of the pattern run on the whole text:
 * on generated strings built to hit the edges (glued words, one-character gaps between runs, {@code
 * ſ} and the Kelvin sign that RE2's {@code (?i)} folds onto {@code s}/{@code k}) and on every line
 * of the shared corpora.
 */
class PrefilterEquivalenceTest {
  /** Detectors whose pattern runs behind a window or a key-word check, or is replaced by code. */
  private static final List<String> SHORTCUT =
      List.of("email", "mac", "ssn", "auth_header", "password_pair");

  private static final List<String> TOKENS =
      List.of(
          "a",
          "Z",
          "g",
          "_",
          "0",
          "7",
          "f",
          "A",
          "@",
          ".",
          ":",
          "-",
          " ",
          "\t",
          "=",
          "%",
          "+",
          "\"",
          "'",
          "/",
          "é",
          "ſ",
          "\u212a",
          "\uD83D\uDE00",
          "x@example.com",
          "a.b@c-d.example.org",
          "@ex.com",
          ".com",
          "-x.",
          "abcdefghijklmnopqrstuvwxy",
          "a@b.co1",
          "x@y",
          "é@ö.de",
          "a@b.c.d.e",
          "a23456789b123456789c123456789d123456789e123456789f123456789g1234",
          "@@",
          ".@",
          "user",
          "00:1a:2b:3c:4d:5e",
          "00-1A-2B-3C-4D-5E",
          "001a.2b3c.4d5e",
          "fe:",
          "123-45-6789",
          "123 45 6789",
          "078-05-1120",
          "12",
          "345",
          "6789",
          "password",
          "PASS",
          "pwd",
          "Pwd",
          "secret",
          "api_key",
          "token",
          "KEY",
          "Bearer",
          "basic",
          "bearer ",
          "Basic dXNlcjpwYXNz",
          "abc123def456ghi",
          "dXNlcjpwYXNz",
          "paſſword",
          "api_\u212aey",
          "\u212aey=",
          "=hunter2",
          ": \"s3cret\"");

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(24).map(l -> String.join("", l));
  }

  @Property(tries = 3000)
  void shortcutsGiveTheSpansOfThePatternOnGeneratedText(@ForAll("texts") String text) {
    for (String type : SHORTCUT) {
      assertThat(shortcut(type, text)).as("%s in %s", type, text).isEqualTo(whole(type, text));
    }
  }

  @Test
  void shortcutsGiveTheSpansOfThePatternOnEveryCorpusLine() throws IOException {
    List<String> lines = corpusLines();
    int found = 0;
    for (String line : lines) {
      for (String type : SHORTCUT) {
        List<Span> expected = whole(type, line);
        assertThat(shortcut(type, line)).as("%s in a corpus line", type).isEqualTo(expected);
        found += expected.size();
      }
    }
    assertThat(lines).hasSizeGreaterThan(10_000);
    assertThat(found)
        .as("spans in the corpora (a comparison of empty lists proves nothing)")
        .isGreaterThan(100);
  }

  @Test
  void keyWordsAreFoundAsRe2FoldsCase() {
    TextProfile p = new TextProfile();
    assertThat(p.of("x PaSsWoRd=1").hasWord(TextProfile.PASS)).isTrue();
    assertThat(p.of("paſſ").hasWord(TextProfile.PASS)).isTrue();
    assertThat(p.of("api_\u212aey").hasWord(TextProfile.KEY)).isTrue();
    assertThat(p.of("BEARER abc").hasWord(TextProfile.BEARER)).isTrue();
    assertThat(p.of("pas s, ke y, toke").hasWord(TextProfile.SECRET_WORDS)).isFalse();
  }

  private static List<Span> shortcut(String type, String text) {
    Detector d = BuiltInDetectors.byName(type).orElseThrow();
    List<Span> out = new ArrayList<>();
    if (text.length() >= 3 && d.mayMatch(new TextProfile().of(text))) {
      d.find(text, out);
    }
    return out;
  }

  /** The e-mail detector as it was: its pattern and precision check, run on the whole text. */
  private static final RegexDetector EMAIL_PATTERN =
      new RegexDetector(
          "email",
          50,
          EmailDetector.PATTERN,
          new int[] {0},
          p -> true,
          (t, s, e) -> t.charAt(s) != '.' && t.charAt(t.indexOf('@', s) - 1) != '.');

  private static List<Span> whole(String type, String text) {
    List<Span> out = new ArrayList<>();
    Detector d = BuiltInDetectors.byName(type).orElseThrow();
    (d instanceof RegexDetector r ? r : EMAIL_PATTERN).findWhole(text, out);
    return out;
  }

  /** Every line of every text file under the shared data (undecodable bytes replaced). */
  static List<String> corpusLines() throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SharedData.root())) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        if (bytes.length > 2_000_000
            || new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1)
                    .indexOf('\0')
                >= 0) {
          continue; // binary
        }
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
        text.lines().filter(l -> l.length() <= 20_000).forEach(lines::add);
      }
    }
    return lines;
  }
}
