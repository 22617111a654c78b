package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.streams.audit.AuditVerifier;
import dev.vigil.streams.audit.AuditVerifier.Checkpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WitnessTest {
  private static final AuditKeys KEYS = AuditKeys.generate();
  private final AuditVerifier verifier = new AuditVerifier(KEYS);
  @TempDir Path dir;

  private Checkpoint checkpointOf(String chain) {
    Instant t = Instant.parse("2026-03-02T08:00:00Z");
    AuditRecord r =
        AuditChain.seal(
            chain,
            AuditChain.Head.genesis(),
            AuditEntry.of(t, "a", AuditAction.KEYS_LISTED, "s", Map.of(), null),
            KEYS);
    AuditRecord cp =
        AuditChain.checkpoint(
            chain, AuditChain.Head.after(r), t, "a", AuditChain.CheckpointReason.SHUTDOWN, KEYS);
    return verifier
        .verify(chain, List.of(r, cp), Optional.empty())
        .latestCheckpoint()
        .orElseThrow();
  }

  @Test
  void shouldReadBackWrittenCheckpointsAndIgnoreALineWhoseSignatureNoLongerFits() throws Exception {
    // Given a witness file of two chains' checkpoints, one line then edited to name a later head
    Path file = dir.resolve("witness.tsv");
    StringWriter out = new StringWriter();
    Witness.write(
        file, Map.of("a", checkpointOf("a"), "b", checkpointOf("b")), new PrintWriter(out, true));
    Files.writeString(file, Files.readString(file).replace("b\t1\t0\t", "b\t9\t8\t"));

    // When it is read
    Map<String, Checkpoint> read = Witness.read(file, verifier, new PrintWriter(out, true));

    // Then the untouched line is a witness and the edited one is reported and ignored
    assertThat(read).containsOnlyKeys("a");
    assertThat(read.get("a").headSeq()).isZero();
    assertThat(out.toString()).contains("witness.tsv:2: not a validly signed checkpoint");
  }
}
