package dev.vigil.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
  @TempDir Path dir;

  @Test
  void aSecondHolderOfTheSameDataDirIsRefusedWithAClearMessage() throws Exception {
    try (DataDirLock first = DataDirLock.acquire(dir)) {
      assertThat(Files.readString(first.file()).trim())
          .isEqualTo(Long.toString(ProcessHandle.current().pid()));
      assertThatThrownBy(() -> DataDirLock.acquire(dir))
          .isInstanceOf(DataDirLock.DataDirInUseException.class)
          .hasMessageContaining("data dir " + dir.toAbsolutePath())
          .hasMessageContaining("is in use by another vigil process")
          .hasMessageContaining("another --data-dir");
    }
  }

  @Test
  void theLockIsFreeAgainOnceItsHolderClosedIt() {
    DataDirLock.acquire(dir).close();
    try (DataDirLock again = DataDirLock.acquire(dir)) {
      assertThat(again.file()).isEqualTo(dir.toAbsolutePath().resolve(DataDirLock.FILE));
    }
  }

  @Test
  void aMissingDataDirIsCreated() {
    Path nested = dir.resolve("a/b");
    try (DataDirLock lock = DataDirLock.acquire(nested)) {
      assertThat(Files.isDirectory(nested)).isTrue();
    }
  }
}
