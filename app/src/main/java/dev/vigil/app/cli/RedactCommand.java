package dev.vigil.app.cli;

import dev.vigil.redactionrules.RedactionEngine;
import dev.vigil.redactionrules.RedactionOutcome;
import dev.vigil.redactionrules.RuleSetException;
import dev.vigil.redactionrules.RuleSetLoader;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
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

  @Mixin KeyOptions keys;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RedactionEngine engine;
    try {
      engine = RedactionEngine.create(RuleSetLoader.load(rules, keys.provider()));
    } catch (RuleSetException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    EventJson json = new EventJson();
    int lineNo = 0;
    int written = 0;
    int failed = 0;
    try (BufferedReader reader = reader();
        Writer writer = writer()) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        SpecificRecord event;
        try {
          event = json.parse(line);
        } catch (EventFormatException e) {
          err.printf("line %d: rejected: %s%n", lineNo, e.getMessage());
          failed++;
          continue;
        }
        RedactionOutcome outcome = engine.redact(event);
        if (outcome instanceof RedactionOutcome.Redacted r) {
          writer.write(json.toJson(r.event()));
          writer.write('\n');
          written++;
        } else if (outcome instanceof RedactionOutcome.Failed f) {
          err.printf("line %d: quarantined: %s: %s%n", lineNo, f.stage(), f.reason());
          failed++;
        }
      }
    }
    err.printf(
        "redacted %d event(s) with %s version %d; %d not redacted%n",
        written, engine.ruleSetId(), engine.version(), failed);
    err.flush();
    return failed == 0 ? 0 : 1;
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
