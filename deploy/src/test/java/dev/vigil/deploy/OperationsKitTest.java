package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The operations kit: the Prometheus rules pass {@code promtool check rules}, and every Vigil
 * metric the rules and the Grafana dashboard query is one the code exports.
 */
class OperationsKitTest {
  private static final Path ROOT = Path.of("..");
  private static final Path RULES = Path.of("prometheus", "vigil-alerts.rules.yml");
  private static final Path DASHBOARD = Path.of("grafana", "vigil-dashboard.json");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  /** An OTel instrument declared in main code: {@code xxxBuilder("vigil.…")…setUnit(…)….build}. */
  private static final Pattern INSTRUMENT =
      Pattern.compile(
          "(counter|gauge|histogram|upDownCounter)Builder\\(\\s*\"(vigil\\.[a-z0-9._]+)\"\\)(.*?)\\.build",
          Pattern.DOTALL);

  private static final Pattern UNIT = Pattern.compile("\\.setUnit\\(\"([^\"]+)\"\\)");
  private static final Pattern QUERIED = Pattern.compile("\\bvigil_[a-z0-9_]+");
  private static final Map<String, String> UNIT_SUFFIX =
      Map.of("ms", "_milliseconds", "s", "_seconds", "By", "_bytes");

  @Test
  void shouldPassPromtoolCheckRules() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMTOOL) || System.getenv("CI") != null,
        PROMTOOL + " is missing (apt-get install -y prometheus); skipped outside CI");
    Process p =
        new ProcessBuilder(PROMTOOL.toString(), "check", "rules", RULES.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS");
  }

  @Test
  void shouldQueryOnlyMetricsTheCodeExports() throws IOException {
    // Given the Prometheus names of every instrument in main code
    Set<String> exported = exportedNames();
    assertThat(exported)
        .contains(
            "vigil_streams_running",
            "vigil_alerts_delivery_attempts_total",
            "vigil_failover_detection_latency_milliseconds_bucket");

    // Then every vigil_ name in the rules and the dashboard is one of them
    Set<String> queried = new TreeSet<>();
    for (Path file : new Path[] {RULES, DASHBOARD}) {
      Matcher m = QUERIED.matcher(Files.readString(file));
      while (m.find()) {
        queried.add(m.group());
      }
    }
    assertThat(queried).hasSizeGreaterThan(10);
    assertThat(exported).containsAll(queried);
  }

  /** Names as the OTel Prometheus exporter writes them: unit suffix, {@code _total} on counters. */
  private static Set<String> exportedNames() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.toList()) {
        Path src = module.resolve("src/main/java");
        if (!Files.isDirectory(src)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(src)) {
          for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
            Matcher m = INSTRUMENT.matcher(Files.readString(f));
            while (m.find()) {
              String base = m.group(2).replace('.', '_');
              Matcher unit = UNIT.matcher(m.group(3));
              if (unit.find()) {
                String suffix = UNIT_SUFFIX.getOrDefault(unit.group(1), "");
                if (!base.endsWith(suffix)) {
                  base += suffix;
                }
              }
              switch (m.group(1)) {
                case "counter" -> names.add(base + "_total");
                case "histogram" -> {
                  names.add(base + "_bucket");
                  names.add(base + "_count");
                  names.add(base + "_sum");
                }
                default -> names.add(base);
              }
            }
          }
        }
      }
    }
    return names;
  }
}
