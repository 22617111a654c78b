package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.Durations;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.streams.audit.AuditWriting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit chains' keys and checkpoints (docs/security.md, Audit chain).
 *
 * @param keysDir the audit keyset directory ({@code audit.mac.json}, {@code audit.sign.json});
 *     empty = {@code <data-dir>/keys/audit}, generated there on first use
 * @param checkpointInterval how often each long-running chain writer appends a signed checkpoint
 *     (when its chain moved)
 */
public record AuditSection(Optional<Path> keysDir, Duration checkpointInterval) {
  static final Duration MAX_INTERVAL = Duration.ofDays(1);

  @JsonCreator
  static AuditSection fromYaml(
      @JsonProperty("keysDir") String keysDir,
      @JsonProperty("checkpointInterval") String checkpointInterval) {
    return new AuditSection(
        Optional.ofNullable(keysDir).map(Path::of),
        Durations.parse(
            "audit.checkpointInterval",
            checkpointInterval,
            AuditWriting.DEFAULT_CHECKPOINT_INTERVAL));
  }

  public AuditSection {
    Objects.requireNonNull(keysDir, "keysDir");
    if (checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0
        || checkpointInterval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException("audit.checkpointInterval must be between 1s and 1d");
    }
  }

  static AuditSection defaults() {
    return new AuditSection(Optional.empty(), AuditWriting.DEFAULT_CHECKPOINT_INTERVAL);
  }

  /** The keyset directory: {@code keysDir}, or {@code <data-dir>/keys/audit}. */
  public Path keysDir(Path dataDir) {
    return keysDir.orElse(dataDir.resolve("keys").resolve("audit"));
  }

  /** The keys (generated in the default directory on first use) and the interval. */
  public AuditWriting writing(Path dataDir) {
    Path dir = keysDir(dataDir);
    AuditKeys keys = keysDir.isPresent() ? AuditKeys.read(dir) : AuditKeys.readOrCreate(dir);
    return new AuditWriting(keys, checkpointInterval);
  }
}
