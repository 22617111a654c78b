package dev.vigil.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointTest {

  @TempDir Path dir;

  @Test
  void shouldRoundTripPositionAndLeaveNoTemporaryFiles() throws IOException {
    FileCheckpoint cp = FileCheckpoint.forTailedFile(dir, Path.of("/var/log/suricata/eve.json"));
    assertThat(cp.load()).isEmpty();
    cp.save(new Checkpoint.Position("(dev=803,ino=1234)", 42));
    cp.save(new Checkpoint.Position("(dev=803,ino=1234)", 4711));
    assertThat(cp.load()).contains(new Checkpoint.Position("(dev=803,ino=1234)", 4711));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .singleElement()
          .satisfies(n -> assertThat(n).startsWith("eve.json.").endsWith(".checkpoint"));
    }
  }

  @Test
  void shouldKeepCheckpointsOfSameNamedFilesInDifferentDirectoriesApart() {
    assertThat(FileCheckpoint.forTailedFile(dir, Path.of("/a/eve.json")).file())
        .isNotEqualTo(FileCheckpoint.forTailedFile(dir, Path.of("/b/eve.json")).file());
  }

  @Test
  void shouldRefuseATornCheckpoint() throws IOException {
    FileCheckpoint cp = new FileCheckpoint(dir.resolve("x.checkpoint"));
    Files.writeString(cp.file(), "version=1\nfile_key=(dev=1,ino=2)\n");
    assertThatThrownBy(cp::load).isInstanceOf(IOException.class).hasMessageContaining("incomplete");
  }
}
