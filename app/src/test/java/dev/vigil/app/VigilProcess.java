package dev.vigil.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code vigil} in a child JVM, as a user runs it, with its output in a log file. */
final class VigilProcess implements AutoCloseable {
  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final long startedNanos = System.nanoTime();

  private VigilProcess(Process process, Path dataDir, Path log) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
  }

  static VigilProcess start(Path dataDir, String... args) throws IOException {
    Files.createDirectories(dataDir);
    Path log = Files.createTempFile(dataDir.getParent(), "vigil-", ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    String dist = System.getProperty("vigil.registry.dist");
    if (dist != null) {
      cmd.add("-Dvigil.registry.dist=" + dist);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Process process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new VigilProcess(process, dataDir, log);
  }

  /** Waits for endpoints.json; returns its entries and how long it took. */
  @SuppressWarnings("unchecked")
  Map<String, String> awaitEndpoints(Duration timeout) throws Exception {
    Path file = dataDir.resolve("endpoints.json");
    Duration left = timeout.minus(sinceStart());
    try {
      org.awaitility.Awaitility.await("endpoints.json")
          .atMost(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left)
          .pollInterval(Duration.ofMillis(100))
          .failFast("vigil exited", () -> !process.isAlive())
          .until(() -> Files.isRegularFile(file));
    } catch (org.awaitility.core.TerminalFailureException e) {
      throw new AssertionError("vigil exited with " + process.exitValue() + ":\n" + output(), e);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no endpoints.json after " + timeout + ":\n" + output(), e);
    }
    return new ObjectMapper().readValue(file.toFile(), Map.class);
  }

  Duration sinceStart() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  long pid() {
    return process.pid();
  }

  /** Sends SIGTERM and returns the exit code, or -1 if it did not exit within {@code timeout}. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** A hard stop: SIGKILL, no shutdown hook, no clean close; waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * Waits for the process to end on its own; returns its exit code, or -1 after {@code timeout}.
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /**
   * What to read when the process did not stop: first the lines about the stop (the deadline's
   * report with the stopping thread's stack, {@code slow stop}) and the last WARN/ERROR lines, then
   * the end of its output, and a thread dump taken with {@code jcmd} while it still runs.
   */
  String diagnostics() {
    String out = output();
    // The head of a failure message is what a CI excerpt keeps: the telling lines come first
    StringBuilder text = new StringBuilder("--- the stop ---\n");
    List<String> lines = out.lines().toList();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.contains("the stopping thread at the deadline")) {
        lines.subList(i, Math.min(lines.size(), i + 50)).forEach(l -> text.append(l).append('\n'));
      } else if (line.contains("stop ran past its deadline") || line.contains("slow stop")) {
        text.append(line).append('\n');
      } else if (line.contains(" WARN ") || line.contains(" ERROR ")) {
        problems.add(line.substring(0, Math.min(line.length(), 400)));
      }
    }
    text.append("--- the last 30 WARN/ERROR lines ---\n");
    problems
        .subList(Math.max(0, problems.size() - 30), problems.size())
        .forEach(l -> text.append(l).append('\n'));
    text.append("--- output (last 12,000 characters) ---\n")
        .append(out, Math.max(0, out.length() - 12_000), out.length());
    if (process.isAlive()) {
      text.append("\n--- thread dump ---\n");
      try {
        Process jcmd =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()),
                    "Thread.print")
                .redirectErrorStream(true)
                .start();
        text.append(new String(jcmd.getInputStream().readAllBytes()));
        jcmd.waitFor(30, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        text.append("(no thread dump: ").append(e).append(')');
      }
    }
    return text.toString();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
