package dev.vigil.app.cli;

import dev.vigil.redactionrules.RedactionEngine;
import dev.vigil.redactionrules.RedactionOutcome;
import dev.vigil.redactionrules.RuleSetException;
import dev.vigil.redactionrules.RuleSetLoader;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil redact}: the redaction engine over NDJSON, offline, for rule authors. */
@Command(
    name = "redact",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the same engine as the redactor over NDJSON events (any kind, in the JSON form of schemas/README.md) "
          + "and writes the redacted events as NDJSON.",
      "Lines that are not valid events, or cannot be redacted, are reported on stderr by line "
          + "number and reason (never their content) and left out; the exit code is then 1."
    })
public final class RedactCommand implements Callable<Integer> {
  @Option(names = "--rules", required = true, paramLabel = "F", description = "Rule-set YAML.")
  Path rules;

  @Option(names = "--in", paramLabel = "F", description = "NDJSON input (default: stdin).")
  Optional<Path> in = Optional.empty();

  @Option(names = "--out", paramLabel = "F", description = "NDJSON output (default: stdout).")
  Optional<Path> out = Optional.empty();

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Worker threads (default: CPUs - 1, at least 1, at most 8). Output keeps the input order.")
  Optional<Integer> threads = Optional.empty();

  @Mixin KeyOptions keys;
  @Spec CommandSpec spec;

  /** Lines handed to a worker at once: large enough to amortise the hand-off. */
  private static final int BATCH_LINES = 256;

  @Override
  public Integer call() throws Exception {
    int workers = workers();
    RedactionEngine engine = engine();
    PrintWriter err = spec.commandLine().getErr();
    EventJson json = new EventJson();
    int written = 0;
    int failed = 0;
    ExecutorService pool = pool(workers);
    try (BufferedReader reader = reader();
        Writer writer = writer()) {
      // Batches are redacted in parallel and written in input order; at most 2 per worker wait.
      Deque<Future<List<Line>>> pending = new ArrayDeque<>();
      List<String> batch = new ArrayList<>(BATCH_LINES);
      int lineNo = 0;
      int batchStart = 1;
      String text;
      while ((text = reader.readLine()) != null) {
        lineNo++;
        batch.add(text);
        if (batch.size() == BATCH_LINES) {
          List<String> lines = batch;
          int first = batchStart;
          pending.add(pool.submit(() -> redact(engine, json, lines, first)));
          batch = new ArrayList<>(BATCH_LINES);
          batchStart = lineNo + 1;
          if (pending.size() >= 2 * workers) {
            int[] counts = drain(pending.removeFirst(), writer, err);
            written += counts[0];
            failed += counts[1];
          }
        }
      }
      if (!batch.isEmpty()) {
        List<String> lines = batch;
        int first = batchStart;
        pending.add(pool.submit(() -> redact(engine, json, lines, first)));
      }
      while (!pending.isEmpty()) {
        int[] counts = drain(pending.removeFirst(), writer, err);
        written += counts[0];
        failed += counts[1];
      }
    } finally {
      pool.shutdownNow();
    }
    err.printf(
        "redacted %d event(s) with %s version %d; %d not redacted%n",
        written, engine.ruleSetId(), engine.version(), failed);
    err.flush();
    return failed == 0 ? 0 : 1;
  }

  private int workers() {
    // One CPU is left to the JIT compiler, the collector and the reader: on 2 CPUs a second
    // worker made the whole run slower (docs/benchmarks/redact-cli.md).
    int workers =
        threads.orElse(Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() - 1, 8)));
    if (workers < 1 || workers > 64) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--threads must be 1..64, got " + workers);
    }
    return workers;
  }

  private RedactionEngine engine() {
    try {
      return RedactionEngine.create(RuleSetLoader.load(rules, keys.provider()));
    } catch (RuleSetException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static ExecutorService pool(int workers) {
    return Executors.newFixedThreadPool(
        workers,
        r -> {
          Thread t = new Thread(r, "vigil-redact");
          t.setDaemon(true);
          return t;
        });
  }

  /** One input line's result: the redacted JSON, or the problem to report (never the content). */
  private record Line(String json, String problem) {}

  private static List<Line> redact(
      RedactionEngine engine, EventJson json, List<String> lines, int firstLineNo) {
    List<Line> out = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int lineNo = firstLineNo + i;
      if (line.isBlank()) {
        continue;
      }
      SpecificRecord event;
      try {
        event = json.parse(line);
      } catch (EventFormatException e) {
        out.add(new Line(null, "line " + lineNo + ": rejected: " + e.getMessage()));
        continue;
      }
      RedactionOutcome outcome = engine.redactInPlace(event); // parsed for this call only
      if (outcome instanceof RedactionOutcome.Redacted r) {
        out.add(new Line(json.toJson(r.event()), null));
      } else if (outcome instanceof RedactionOutcome.Failed f) {
        out.add(
            new Line(null, "line " + lineNo + ": quarantined: " + f.stage() + ": " + f.reason()));
      }
    }
    return out;
  }

  /** Writes one finished batch; returns {written, failed}. */
  private static int[] drain(Future<List<Line>> done, Writer writer, PrintWriter err)
      throws IOException, InterruptedException {
    List<Line> lines;
    try {
      lines = done.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(cause);
    }
    int written = 0;
    int failed = 0;
    for (Line line : lines) {
      if (line.json() != null) {
        writer.write(line.json());
        writer.write('\n');
        written++;
      } else {
        err.println(line.problem());
        failed++;
      }
    }
    return new int[] {written, failed};
  }

  private BufferedReader reader() throws java.io.IOException {
    return in.isPresent()
        ? Files.newBufferedReader(in.get(), StandardCharsets.UTF_8)
        : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  }

  private Writer writer() throws java.io.IOException {
    if (out.isPresent()) {
      return Files.newBufferedWriter(out.get(), StandardCharsets.UTF_8);
    }
    // stdout of the command line (tests capture it); not closed with the command
    PrintWriter stdout = spec.commandLine().getOut();
    return new BufferedWriter(
        new Writer() {
          @Override
          public void write(char[] buf, int off, int len) {
            stdout.write(buf, off, len);
          }

          @Override
          public void flush() {
            stdout.flush();
          }

          @Override
          public void close() {
            stdout.flush();
          }
        });
  }
}
