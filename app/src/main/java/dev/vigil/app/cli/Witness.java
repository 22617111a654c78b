package dev.vigil.app.cli;

import dev.vigil.streams.audit.AuditVerifier;
import dev.vigil.streams.audit.AuditVerifier.ChainReport;
import dev.vigil.streams.audit.AuditVerifier.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The witness file of {@code vigil audit verify}: per chain the latest signed checkpoint a clean
 * run saw, one {@link Checkpoint#encode()} line each. The lines carry their signature and are
 * re-verified on read, so editing the file cannot move a witness; deleting it loses the memory (the
 * cut-off-tail check then starts again from the next run).
 */
final class Witness {
  private Witness() {}

  /** The valid checkpoints in {@code file} by chain; a line that does not verify is reported. */
  static Map<String, Checkpoint> read(Path file, AuditVerifier verifier, PrintWriter out) {
    Map<String, Checkpoint> found = new TreeMap<>();
    if (!Files.exists(file)) {
      return found;
    }
    try {
      int n = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          Checkpoint c = Checkpoint.decode(line);
          if (verifier.verifies(c)) {
            found.put(c.chain(), c);
            continue;
          }
        } catch (IllegalArgumentException e) {
          // reported below
        }
        out.println("witness " + file + ":" + n + ": not a validly signed checkpoint (ignored)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read the witness file", e);
    }
    return found;
  }

  /** Replaces {@code file} atomically with {@code checkpoints}. */
  static void write(Path file, Map<String, Checkpoint> checkpoints, PrintWriter out) {
    if (checkpoints.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    new TreeMap<>(checkpoints).values().forEach(c -> text.append(c.encode()).append('\n'));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".witness", ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      out.println(
          "witness " + file + ": cannot write (" + e.getClass().getSimpleName() + "); not updated");
    }
  }

  /** One report line: counts, seqs and kinds, never record contents. */
  static String line(ChainReport r) {
    StringBuilder b =
        new StringBuilder("chain=")
            .append(r.chain())
            .append(" records=")
            .append(r.records())
            .append(" seq=")
            .append(r.firstSeq())
            .append("..")
            .append(r.lastSeq());
    if (r.unkeyed() > 0) {
      b.append(" unkeyed=").append(r.unkeyed());
    }
    if (r.latestCheckpoint().isPresent()) {
      Checkpoint c = r.latestCheckpoint().get();
      b.append(" checkpoint=")
          .append(c.seq())
          .append(" after_checkpoint=")
          .append(r.afterCheckpoint());
      r.checkpointLag()
          .ifPresent(l -> b.append(" checkpoint_age=").append(l.toSeconds()).append('s'));
    } else {
      b.append(" checkpoint=none");
    }
    r.problem()
        .ifPresentOrElse(
            p ->
                b.append(" BAD ")
                    .append(p.kind().label())
                    .append(" at seq=")
                    .append(p.seq())
                    .append(" index=")
                    .append(p.index())
                    .append(": ")
                    .append(p.reason()),
            () -> b.append(" ok"));
    return b.toString();
  }
}
