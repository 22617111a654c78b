package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.redactionrules.detect.BuiltInDetectors;
import dev.vigil.redactionrules.detect.Detector;
import dev.vigil.redactionrules.detect.Scanner;
import dev.vigil.redactionrules.detect.Span;
import dev.vigil.testkit.SharedData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recall (exact span) and precision of the built-in detectors on the third-party corpora in {@code
 * ../shared/data}.
 *
 * <p>Labels: Presidio's own spans for its sentences; for log files, independent structural oracles
 * written here with java.util.regex and {@link InetAddress} (not the detectors' code): a dotted
 * quad that is a whole run of digits and dots, an IPv6 literal that is a whole run of hex digits,
 * colons and dots (at least two groups), six hex pairs with one separator, and a token with one
 * {@code @} and a dotted domain. Any detection of another type in a log line counts as a false
 * positive.
 *
 * <p>Every corpus is split into a tuning part and a held-out part by {@link #heldOut}: a sample
 * (Presidio sentence, vendor value, log line) is held out when the CRC-32 of its UTF-8 text is
 * divisible by 5 (about a fifth; deterministic, independent of file order). Detector rules are
 * tuned on the tuning part only; the held-out part is reported next to it (README "Measured
 * quality"). The assertions hold for the tuning part and, as a regression guard, for the whole.
 */
class CorpusRecallPrecisionTest {
  enum Family {
    EMAIL,
    IP,
    CARD,
    IBAN,
    SSN,
    PHONE,
    MAC,
    SECRET
  }

  record Label(int start, int end, Family family) {}

  /** Which part of a corpus a sample belongs to. */
  enum Part {
    TUNING,
    HELD_OUT
  }

  private static Scanner scanner;

  /** Per part and family: gold, found, detected, true positives. */
  private static final Map<Part, Map<Family, int[]>> TOTALS = new TreeMap<>();

  /** The split rule: held out when CRC-32(UTF-8 text) is divisible by 5. */
  static Part heldOut(String sample) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(sample.getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % 5 == 0 ? Part.HELD_OUT : Part.TUNING;
  }

  /** Accumulators of one corpus: per part, and both parts together. */
  static final class Acc {
    final Map<Part, Map<Family, int[]>> parts = new TreeMap<>();
    final Map<Family, int[]> all = new TreeMap<>();

    Map<Family, int[]> part(Part p) {
      return parts.computeIfAbsent(p, x -> new TreeMap<>());
    }

    Map<Family, int[]> tuning() {
      return part(Part.TUNING);
    }
  }

  /** Scores one sample into its part and into the whole. */
  private static List<String> score(Acc acc, String key, String text, List<Label> gold) {
    Map<Family, int[]> one = new TreeMap<>();
    List<String> misses = score(one, text, gold);
    for (Map<Family, int[]> target : List.of(acc.part(heldOut(key)), acc.all)) {
      one.forEach(
          (f, a) -> {
            int[] t = target.computeIfAbsent(f, x -> new int[4]);
            for (int i = 0; i < 4; i++) {
              t[i] += a[i];
            }
          });
    }
    return misses;
  }

  @BeforeAll
  static void allDetectors() {
    List<Detector> all = new ArrayList<>();
    BuiltInDetectors.names().forEach(n -> all.add(BuiltInDetectors.byName(n).orElseThrow()));
    scanner = new Scanner(all);
  }

  static Family family(String type) {
    return switch (type) {
      case "email" -> Family.EMAIL;
      case "ipv4", "ipv6" -> Family.IP;
      case "card" -> Family.CARD;
      case "iban" -> Family.IBAN;
      case "ssn" -> Family.SSN;
      case "phone" -> Family.PHONE;
      case "mac" -> Family.MAC;
      default -> Family.SECRET;
    };
  }

  /** Scores one text against its labels; returns human-readable misses for diagnostics. */
  private static List<String> score(Map<Family, int[]> acc, String text, List<Label> gold) {
    List<String> misses = new ArrayList<>();
    Set<Label> detected = new HashSet<>();
    for (Span s : scanner.scan(text)) {
      detected.add(new Label(s.start(), s.end(), family(s.type())));
    }
    for (Label g : gold) {
      int[] a = acc.computeIfAbsent(g.family(), f -> new int[4]);
      a[0]++;
      if (detected.contains(g)) {
        a[1]++;
      } else {
        misses.add(
            "FN " + g.family() + " '" + text.substring(g.start(), g.end()) + "' in: " + text);
      }
    }
    Set<Label> goldSet = new HashSet<>(gold);
    for (Label d : detected) {
      int[] a = acc.computeIfAbsent(d.family(), f -> new int[4]);
      a[2]++;
      if (goldSet.contains(d)) {
        a[3]++;
      } else {
        misses.add(
            "FP " + d.family() + " '" + text.substring(d.start(), d.end()) + "' in: " + text);
      }
    }
    return misses;
  }

  private static void addAll(Acc acc) {
    acc.parts.forEach(
        (part, byFamily) ->
            byFamily.forEach(
                (f, a) -> {
                  int[] t =
                      TOTALS
                          .computeIfAbsent(part, x -> new TreeMap<>())
                          .computeIfAbsent(f, x -> new int[4]);
                  for (int i = 0; i < 4; i++) {
                    t[i] += a[i];
                  }
                }));
  }

  private static void report(String corpus, Acc acc, List<String> misses) {
    for (Part p : Part.values()) {
      report(corpus + " [" + p + "]", acc.part(p), List.of());
    }
    report(corpus + " [ALL]", acc.all, misses);
  }

  private static String report(String corpus, Map<Family, int[]> acc, List<String> misses) {
    StringBuilder b = new StringBuilder("== " + corpus + "\n");
    acc.forEach(
        (f, a) ->
            b.append(
                String.format(
                    "%-7s gold %4d found %4d recall %6.2f%% | detected %4d correct %4d precision %6.2f%%%n",
                    f,
                    a[0],
                    a[1],
                    a[0] == 0 ? 100.0 : 100.0 * a[1] / a[0],
                    a[2],
                    a[3],
                    a[2] == 0 ? 100.0 : 100.0 * a[3] / a[2])));
    misses.forEach(m -> b.append("  ").append(m).append('\n'));
    System.out.print(b);
    return b.toString();
  }

  // ---------------------------------------------------------------- Presidio

  private static final Map<String, Family> PRESIDIO =
      Map.of(
          "EMAIL_ADDRESS", Family.EMAIL,
          "IP_ADDRESS", Family.IP,
          "CREDIT_CARD", Family.CARD,
          "US_SSN", Family.SSN,
          "PHONE_NUMBER", Family.PHONE,
          "IBAN_CODE", Family.IBAN);

  @Test
  void shouldFindPresidioLabelledSpansExactly() throws IOException {
    // Given Presidio's labelled sentences
    JsonNode samples =
        new ObjectMapper()
            .readTree(
                SharedData.file("presidio-research/tests/data/generated_small.json").toFile());
    Acc acc = new Acc();
    List<String> misses = new ArrayList<>();

    // When every sentence is scanned
    for (JsonNode s : samples) {
      String text = s.get("full_text").asText();
      List<Label> gold = new ArrayList<>();
      for (JsonNode span : s.get("spans")) {
        Family f = PRESIDIO.get(span.get("entity_type").asText());
        if (f != null) {
          gold.add(
              new Label(span.get("start_position").asInt(), span.get("end_position").asInt(), f));
        }
      }
      misses.addAll(score(acc, text, text, gold));
    }
    report("presidio-research generated_small.json", acc, misses);
    addAll(acc);

    // Then every covered type is found by exact span, and nothing else is flagged
    assertThat(acc.all.get(Family.PHONE)[0]).isEqualTo(10);
    assertThat(acc.part(Part.HELD_OUT).get(Family.PHONE)[0]).isPositive();
    for (Map<Family, int[]> part : List.of(acc.tuning(), acc.all)) {
      part.forEach((f, a) -> assertThat(recall(a)).as("recall %s", f).isGreaterThanOrEqualTo(0.99));
      part.forEach(
          (f, a) -> assertThat(precision(a)).as("precision %s", f).isGreaterThanOrEqualTo(0.90));
    }
  }

  // ---------------------------------------------------------------- vendor test values

  @Test
  void shouldFindValidVendorCardsAndIbansAndIgnoreInvalidLookAlikes() throws IOException {
    // Given the vendor test cards and IBANs, with their checksum verdicts
    List<String> rows = Files.readAllLines(SharedData.file("test-pii-values/test_pii_values.csv"));
    Acc acc = new Acc();
    List<String> misses = new ArrayList<>();
    int invalid = 0;
    List<String> invalidFound = new ArrayList<>();

    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",", -1);
      Family f =
          switch (c[1]) {
            case "CREDIT_CARD" -> Family.CARD;
            case "IBAN_CODE" -> Family.IBAN;
            default -> null;
          };
      if (f == null) {
        continue;
      }
      boolean valid = c[7].equals("True");
      for (String form : forms(c[0], f)) {
        // When each value is embedded in a log line
        String prefix = "2026-03-02T08:15:04Z payment declined for account ";
        String text = prefix + form + " ref=A17 amount=12.00";
        if (valid) {
          misses.addAll(
              score(
                  acc,
                  c[0],
                  text,
                  List.of(new Label(prefix.length(), prefix.length() + form.length(), f))));
        } else {
          invalid++;
          for (Span s : scanner.scan(text)) {
            if (s.type().equals("card") || s.type().equals("iban")) {
              invalidFound.add(form);
            }
          }
        }
      }
    }
    report("test-pii-values (compact and grouped forms)", acc, misses);
    addAll(acc);

    // Then every valid one is found exactly, nothing else is flagged, and no invalid one counts
    assertThat(acc.all.get(Family.CARD)[0]).isGreaterThanOrEqualTo(38 * 2);
    assertThat(acc.all.get(Family.IBAN)[0]).isGreaterThanOrEqualTo(15 * 2);
    for (Map<Family, int[]> part : List.of(acc.tuning(), acc.all)) {
      part.forEach((f, a) -> assertThat(recall(a)).as("recall %s", f).isGreaterThanOrEqualTo(0.99));
      part.forEach((f, a) -> assertThat(precision(a)).as("precision %s", f).isEqualTo(1.0));
    }
    assertThat(invalid).isGreaterThanOrEqualTo(6);
    assertThat(invalidFound).as("Luhn/mod-97-invalid look-alikes detected").isEmpty();
  }

  /** Compact, and grouped by 4 (cards: spaces; second form with dashes for 16-digit cards). */
  private static List<String> forms(String value, Family f) {
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < value.length(); i += 4) {
      if (i > 0) {
        grouped.append(' ');
      }
      grouped.append(value, i, Math.min(value.length(), i + 4));
    }
    List<String> out = new ArrayList<>(List.of(value, grouped.toString()));
    if (f == Family.CARD && value.length() == 16) {
      out.add(grouped.toString().replace(' ', '-'));
    }
    return out;
  }

  // ---------------------------------------------------------------- real logs

  static final List<String> LOGS =
      List.of(
          "zeek-baselines/scripts.base.protocols.smtp.basic/smtp.log",
          "zeek-baselines/opt.basic/conn.log",
          "zeek-baselines/opt.basic/dns.log",
          "zeek-baselines/opt.basic/http.log",
          "zeek-baselines/scripts.base.protocols.ssh.basic/ssh.log",
          "zeek-baselines/scripts.policy.protocols.ftp.bruteforce/ftp.log",
          "apache-metron-samples/bro/raw/BroExampleOutput",
          "apache-metron-samples/asa/raw/asa_raw",
          "apache-metron-samples/SampleInput/FireeyeExampleOutput",
          "apache-metron-samples/SampleInput/SourcefireExampleOutput",
          "apache-metron-samples/snort/raw/SnortOutput",
          "apache-metron-samples/squid/raw/SquidExampleOutput",
          "apache-metron-samples/syslog5424/raw/Syslog5424Output",
          "apache-metron-samples/yaf/raw/YafExampleOutput",
          "elastic-beats-filebeat-tests/system-auth/test.log",
          "elastic-beats-filebeat-tests/system-auth/secure-rhel7.excerpt-first-40-lines.log",
          "elastic-beats-filebeat-tests/nginx-access/test.log");

  @Test
  void shouldFindAddressesAndMailboxesInRealLogsWithExactSpans() throws IOException {
    Acc acc = new Acc();
    List<String> misses = new ArrayList<>();
    int lines = 0;
    // Given real Zeek, Metron and Filebeat log lines labelled by the structural oracles
    for (String file : LOGS) {
      try (Stream<String> s = Files.lines(SharedData.file(file), StandardCharsets.UTF_8)) {
        for (String line : (Iterable<String>) s::iterator) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          lines++;
          // When each line is scanned as free text
          misses.addAll(score(acc, line, line, Oracle.label(line)));
        }
      }
    }
    report("real logs (" + LOGS.size() + " files, " + lines + " lines)", acc, misses);
    addAll(acc);

    // Then recall by exact span is at least 99 % and precision at least the floor
    assertThat(acc.all.get(Family.IP)[0]).isGreaterThan(300);
    assertThat(acc.all.get(Family.EMAIL)[0]).isGreaterThanOrEqualTo(8);
    assertThat(acc.all.get(Family.MAC)[0]).isGreaterThan(5);
    for (Map<Family, int[]> part : List.of(acc.tuning(), acc.all)) {
      for (Family f : List.of(Family.IP, Family.EMAIL, Family.MAC)) {
        assertThat(recall(part.get(f))).as("recall %s", f).isGreaterThanOrEqualTo(0.99);
      }
      // floors: see README "Measured quality" (message IDs look like mailboxes)
      assertThat(precision(part.get(Family.IP))).as("precision IP").isGreaterThanOrEqualTo(0.99);
      assertThat(precision(part.get(Family.MAC))).as("precision MAC").isGreaterThanOrEqualTo(0.99);
      assertThat(precision(part.get(Family.EMAIL)))
          .as("precision EMAIL")
          .isGreaterThanOrEqualTo(0.70);
    }
    for (Family f : List.of(Family.CARD, Family.IBAN, Family.SSN, Family.PHONE, Family.SECRET)) {
      int[] a = acc.all.getOrDefault(f, new int[4]);
      assertThat(a[2]).as("false %s detections in real logs", f).isLessThanOrEqualTo(2);
    }
  }

  static double recall(int[] a) {
    return a[0] == 0 ? 1.0 : (double) a[1] / a[0];
  }

  static double precision(int[] a) {
    return a[2] == 0 ? 1.0 : (double) a[3] / a[2];
  }

  /** Structural labels for log lines, independent of the detectors under test. */
  static final class Oracle {
    private static final Pattern V4_RUN = Pattern.compile("[0-9.]+");
    private static final Pattern V6_RUN = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern MAC_RUN = Pattern.compile("[0-9A-Fa-f:.-]+");
    private static final Pattern MAC =
        Pattern.compile("\\p{XDigit}{2}([:-])\\p{XDigit}{2}(\\1\\p{XDigit}{2}){4}");
    private static final Pattern TOKEN = Pattern.compile("[^\\s<>()\\[\\],;\"'=:|\\\\]+");
    private static final Pattern MAILBOX =
        Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    static List<Label> label(String line) {
      List<Label> out = new ArrayList<>();
      Matcher m = V4_RUN.matcher(line);
      while (m.find()) {
        int s = m.start();
        int e = m.end();
        while (s < e && line.charAt(s) == '.') {
          s++;
        }
        while (e > s && line.charAt(e - 1) == '.') {
          e--;
        }
        if (!gluedToWord(line, s, e) && dottedQuad(line.substring(s, e))) {
          out.add(new Label(s, e, Family.IP));
        }
      }
      m = V6_RUN.matcher(line);
      while (m.find()) {
        int s = m.start();
        int e = m.end();
        while (e > s && line.charAt(e - 1) == '.') {
          e--;
        }
        String c = line.substring(s, e);
        if (!gluedToWord(line, s, e) && ipv6(c)) {
          out.add(new Label(s, e, Family.IP));
        }
      }
      m = MAC_RUN.matcher(line);
      while (m.find()) {
        if (MAC.matcher(m.group()).matches() && !gluedToWord(line, m.start(), m.end())) {
          out.add(new Label(m.start(), m.end(), Family.MAC));
        }
      }
      m = TOKEN.matcher(line);
      while (m.find()) {
        String t = m.group();
        int at = t.indexOf('@');
        if (at > 0 && at == t.lastIndexOf('@')) {
          // the mailbox ends where the domain does (a trailing '.', '/' or '&' is not part of it)
          Matcher mb = MAILBOX.matcher(t);
          if (mb.lookingAt() && t.indexOf('@') < mb.end()) {
            out.add(new Label(m.start(), m.start() + mb.end(), Family.EMAIL));
          }
        }
      }
      return out;
    }

    private static boolean gluedToWord(String line, int s, int e) {
      return (s > 0 && Character.isLetterOrDigit(line.charAt(s - 1)))
          || (e < line.length() && Character.isLetterOrDigit(line.charAt(e)));
    }

    private static boolean dottedQuad(String c) {
      String[] p = c.split("\\.", -1);
      if (p.length != 4) {
        return false;
      }
      for (String x : p) {
        if (x.isEmpty() || x.length() > 3 || (x.length() > 1 && x.charAt(0) == '0')) {
          return false;
        }
        if (Integer.parseInt(x) > 255) {
          return false;
        }
      }
      return true;
    }

    private static boolean ipv6(String c) {
      if (c.chars().filter(ch -> ch == ':').count() < 2) {
        return false;
      }
      long groups = Stream.of(c.split(":")).filter(g -> !g.isEmpty()).count();
      if (groups < 2 && !c.contains(".")) {
        return false; // "::", "1::" separators
      }
      try {
        return InetAddress.getByName(c) instanceof java.net.Inet6Address || c.contains("::ffff:");
      } catch (UnknownHostException e) {
        return false; // a literal with ':' is never looked up in DNS
      }
    }
  }

  @org.junit.jupiter.api.AfterAll
  static void printTotals() {
    TOTALS.forEach((part, byFamily) -> report("TOTAL [" + part + "]", byFamily, List.of()));
  }
}
