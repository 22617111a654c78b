package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import dev.vigil.streams.audit.AuditKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRotateKeysTest {
  @TempDir Path dir;

  @Test
  void shouldAddANewPrimaryKeyAndKeepTheOldOnesPrintingIdsOnly() throws Exception {
    // Given an audit keyset
    Path keys = dir.resolve("audit");
    AuditKeys before = AuditKeys.readOrCreate(keys);

    // When it is rotated
    CliRun run = CliRun.vigil("audit", "rotate-keys", "--keys", keys.toString());

    // Then the new primary keys are new and the old ones still there; no key material is printed
    assertThat(run.code()).isZero();
    AuditKeys after = AuditKeys.read(keys);
    assertThat(after.macKeyId()).isNotEqualTo(before.macKeyId());
    assertThat(after.macKeyIds()).contains(before.macKeyId()).hasSize(2);
    assertThat(after.signKeyIds()).contains(before.signKeyId()).hasSize(2);
    assertThat(run.out())
        .contains("mac keys " + after.macKeyId() + " " + before.macKeyId())
        .doesNotContain("value");
    assertThat(Files.readString(keys.resolve("audit.mac.json"))).contains("value");
  }
}
