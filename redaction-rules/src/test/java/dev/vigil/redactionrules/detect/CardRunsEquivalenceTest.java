package dev.vigil.redactionrules.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link CardDetector#candidateRuns} replaced an RE2 pattern; it must give exactly that pattern's
 * matches: on generated text built to hit the edges (runs of 11–13 and 40–42 digits, separators at
 * either end, doubled, word characters glued on either side, non-ASCII letters RE2's {@code \b}
 * does not count as word characters) and on every line of the shared corpora.
 */
class CardRunsEquivalenceTest {
  /** The pattern the card detector ran before. */
  private static final Pattern RUN = Pattern.compile("\\b[0-9](?:[ -]?[0-9]){11,40}\\b");

  private static final List<String> TOKENS =
      List.of(
          "0",
          "7",
          "12",
          "4111",
          "41111111111",
          "411111111111",
          "4111111111111",
          "4111111111111111111111111111111111111111",
          "41111111111111111111111111111111111111111",
          "411111111111111111111111111111111111111111",
          " ",
          "-",
          "--",
          " -",
          "+",
          ".",
          "a",
          "Z",
          "_",
          "é",
          "\u0663", // ARABIC-INDIC DIGIT THREE: a digit to Java, not to [0-9]
          "\uD83D\uDE00",
          "\t",
          "/");

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(30).map(l -> String.join("", l));
  }

  @Property(tries = 20_000)
  void givesThePatternsMatchesOnGeneratedText(@ForAll("texts") String text) {
    assertThat(scanned(text)).as("runs in %s", text).isEqualTo(matched(text));
  }

  @Test
  void givesThePatternsMatchesOnEveryCorpusLine() throws IOException {
    List<String> lines = PrefilterEquivalenceTest.corpusLines();
    int found = 0;
    for (String line : lines) {
      List<List<Integer>> expected = matched(line);
      assertThat(scanned(line)).as("runs in a corpus line").isEqualTo(expected);
      found += expected.size();
    }
    assertThat(lines).hasSizeGreaterThan(10_000);
    assertThat(found)
        .as("runs in the corpora (a comparison of empty lists proves nothing)")
        .isGreaterThan(100);
  }

  @Test
  void splitsALongGroupedRunAtTheLastBoundaryWithinFortyOneDigits() {
    String groups = String.join(" ", java.util.Collections.nCopies(14, "4111"));
    // ten groups (40 digits), then the four left (16 digits)
    assertThat(scanned(groups))
        .isEqualTo(matched(groups))
        .containsExactly(List.of(0, 49), List.of(50, 69));
  }

  private static List<List<Integer>> scanned(String text) {
    List<List<Integer>> out = new ArrayList<>();
    CardDetector.candidateRuns(text, (s, e) -> out.add(List.of(s, e)));
    return out;
  }

  private static List<List<Integer>> matched(String text) {
    List<List<Integer>> out = new ArrayList<>();
    Matcher m = RUN.matcher(text);
    while (m.find()) {
      out.add(List.of(m.start(), m.end()));
    }
    return out;
  }
}
