package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.vigil.redactionrules.keys.KeysetStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./vigil} script as a user runs it, on the jar this build packaged: the class-data
 * archive {@code vigil redact} records for itself, and the JVM it picks.
 */
class VigilScriptIT {
  private static final String EVENT =
      """
      {"event_id":"0b7e2f9a-4a7e-4c39-9d36-1f2d3c4b5a69","kind":"security","site":"primary",\
      "service":"payments","source":"suricata-1","observed_at":"2026-11-27T03:00:00Z",\
      "signal":{"origin":"SURICATA","severity":"HIGH","category":"attempted-admin",\
      "signature":"ET SCAN","src_ip":"198.51.100.23","user":"bob","message":"mail from \
      bob.jones@example.com"}}
      """;

  private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir Path dir;
  private Path root;
  private Path rules;
  private Path keys;

  @BeforeEach
  void files() throws Exception {
    root = repositoryRoot();
    rules = dir.resolve("rules.yaml");
    try (InputStream in = getClass().getResourceAsStream("/rules/default.yaml")) {
      Files.write(rules, in.readAllBytes());
    }
    keys = dir.resolve("keys");
    KeysetStore.open(keys).create("vigil-pseudonym", Instant.now());
    deleteRedactArchives();
  }

  @Test
  void redactShouldRecordItsOwnArchiveOnAFirstCleanRunReadingStandardInputAndMapItAfter()
      throws Exception {
    // When vigil redact runs for the first time after a build, reading its events from stdin
    Run first = redact(Map.of());
    // Then the event is redacted as always, and an archive of its own is kept
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out().lines()).hasSize(1);
    assertThat(first.out()).doesNotContain("bob.jones@example.com").contains("ET SCAN");
    assertThat(redactArchives()).hasSize(1);
    // And the next run maps it: with -Xshare:on the JVM refuses to start on an unusable archive
    Run second = redact(Map.of("VIGIL_JAVA_OPTS", "-Xmx1g -Xshare:on"));
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
  }

  @Test
  void aRunThatOnlyPrintsHelpOrFailsShouldKeepNoArchive() throws Exception {
    Run help = run(Map.of(), "", "redact", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: vigil redact");
    Run failed =
        run(Map.of(), EVENT, "redact", "--keys", keys.toString(), "--rules", "/nonexistent.yaml");
    assertThat(failed.code()).isEqualTo(1);
    assertThat(redactArchives()).isEmpty();
    assertNoTemporaryArchive();
  }

  @Test
  void aRecordingRunStoppedByTermShouldStopItsJvmAndLeaveNoTemporaryArchive() throws Exception {
    // Given a first redact after a build (recording) reading an stdin that stays open
    Process script =
        start(Map.of(), "redact", "--keys", keys.toString(), "--rules", rules.toString());
    script.getOutputStream().write(EVENT.getBytes(StandardCharsets.UTF_8));
    script.getOutputStream().flush();
    List<ProcessHandle> jvms =
        org.awaitility.Awaitility.await("the JVM under the script")
            .atMost(java.time.Duration.ofSeconds(30))
            .until(
                () ->
                    script
                        .descendants()
                        .filter(h -> h.info().command().orElse("").endsWith("java"))
                        .toList(),
                l -> !l.isEmpty());
    // When the script gets SIGTERM (as from a supervisor or `timeout`)
    script.destroy();
    // Then it ends, its JVM with it, and no temporary archive is left
    assertThat(script.waitFor(30, TimeUnit.SECONDS)).as("script ended").isTrue();
    for (ProcessHandle jvm : jvms) {
      assertThat(jvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("JVM ended").isFalse();
    }
    assertThat(redactArchives()).isEmpty();
    assertNoTemporaryArchive();
  }

  @Test
  void aMissingJavaHomeShouldBeNamedBeforeAnythingRuns() throws Exception {
    Run r = run(Map.of("JAVA_HOME", dir.resolve("no-jdk").toString()), "", "--version");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no Java at '" + dir.resolve("no-jdk") + "/bin/java'");
  }

  @Test
  void onJava25RedactShouldWriteNothingButItsSummaryToStandardError() throws Exception {
    // Given the Java 25 the development machine has (skipped where it is missing)
    assumeThat(JDK_25.resolve("bin/java")).isExecutable();
    // When redact runs on it (Tink's protobuf touches sun.misc.Unsafe, which Java 23+ warns about)
    Run r = redact(Map.of("JAVA_HOME", JDK_25.toString()));
    // Then stderr holds the summary line only, and the event is redacted
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err().strip())
        .isEqualTo("redacted 1 event(s) with vigil-default version 1; 0 not redacted");
    assertThat(r.out()).doesNotContain("bob.jones@example.com");
  }

  private Run redact(Map<String, String> env) throws Exception {
    return run(env, EVENT, "redact", "--keys", keys.toString(), "--rules", rules.toString());
  }

  private Run run(Map<String, String> env, String stdin, String... args) throws Exception {
    Process p = start(env, args);
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("vigil ended").isTrue();
    return new Run(
        p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
  }

  /** {@code ./vigil args} on the packaged jar, output and errors to files in {@link #dir}. */
  private Process start(Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new java.util.ArrayList<>(List.of(root.resolve("vigil").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(dir.resolve("out").toFile())
            .redirectError(dir.resolve("err").toFile());
    pb.environment().put("VIGIL_SKIP_BUILD", "1");
    pb.environment().putAll(env);
    return pb.start();
  }

  private void assertNoTemporaryArchive() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("app/target"))) {
      assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(".tmp"));
    }
  }

  private record Run(int code, String out, String err) {}

  private List<Path> redactArchives() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("app/target"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("vigil-cds-redact-"))
          .filter(f -> f.getFileName().toString().endsWith(".jsa"))
          .toList();
    }
  }

  private void deleteRedactArchives() throws IOException {
    for (Path f : redactArchives()) {
      Files.delete(f);
    }
  }

  /** The checkout this build runs in: the first directory up from here with the script. */
  private static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isExecutable(d.resolve("vigil")) && Files.isDirectory(d.resolve("app"))) {
        return d;
      }
    }
    throw new IllegalStateException("no ./vigil above " + Path.of("").toAbsolutePath());
  }
}
