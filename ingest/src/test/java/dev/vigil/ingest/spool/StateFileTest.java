package dev.vigil.ingest.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
  private static final SpoolState.Intent INTENT =
      new SpoolState.Intent(9, 4096, "vigil.health.raw.v1", 2, 77);

  @TempDir Path dir;

  private SpoolState reopen() throws IOException {
    StateFile.Loaded loaded = StateFile.open(dir);
    loaded.file().close();
    return loaded.state();
  }

  @Test
  void shouldReadBackTheLastStateStored() throws Exception {
    // Given a fresh directory and three stores (the file is created, then both slots are used)
    StateFile.Loaded fresh = StateFile.open(dir);
    assertThat(fresh.state()).isEqualTo(SpoolState.initial());
    try (StateFile file = fresh.file()) {
      file.store(new SpoolState(4, Optional.empty()));
      file.store(new SpoolState(4, Optional.of(INTENT)));
      file.store(new SpoolState(9, Optional.empty()));
    }

    // When / Then
    assertThat(reopen()).isEqualTo(new SpoolState(9, Optional.empty()));
    assertThat(Files.size(dir.resolve(StateFile.FILE))).isEqualTo(2L * StateFile.SLOT_BYTES);
  }

  @Test
  void shouldFallBackToThePreviousStateWhenTheLastStoreWasTorn() throws Exception {
    // Given an intent stored, then an ack whose slot write was torn (its CRC no longer matches)
    try (StateFile file = StateFile.open(dir).file()) {
      file.store(new SpoolState(4, Optional.empty()));
      file.store(new SpoolState(4, Optional.of(INTENT)));
      file.store(new SpoolState(9, Optional.empty()));
    }
    byte[] bytes = Files.readAllBytes(dir.resolve(StateFile.FILE));
    int newest = 3 % 2 * StateFile.SLOT_BYTES;
    bytes[newest + 20] ^= 0x5a;
    Files.write(dir.resolve(StateFile.FILE), bytes);

    // When / Then: the intent is still there, for recovery to resolve
    assertThat(reopen()).isEqualTo(new SpoolState(4, Optional.of(INTENT)));
  }

  @Test
  void shouldRefuseAFileWhoseSlotsAreBothBad() throws Exception {
    // Given a state file of the right size and no valid slot
    Files.write(dir.resolve(StateFile.FILE), new byte[2 * StateFile.SLOT_BYTES]);

    // When / Then
    assertThatThrownBy(() -> StateFile.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is corrupt");
  }

  @Test
  void shouldReadAndConvertAVersionOneFile() throws Exception {
    // Given a state file as the previous version wrote it (one record, replaced by rename)
    Files.write(dir.resolve(StateFile.FILE), versionOne(4, INTENT));

    // When it is read, and a new state stored
    StateFile.Loaded loaded = StateFile.open(dir);
    try (StateFile file = loaded.file()) {
      file.store(new SpoolState(9, Optional.empty()));
    }

    // Then the old state was read, and the file is now of the two-slot form
    assertThat(loaded.state()).isEqualTo(new SpoolState(4, Optional.of(INTENT)));
    assertThat(reopen()).isEqualTo(new SpoolState(9, Optional.empty()));
    assertThat(Files.size(dir.resolve(StateFile.FILE))).isEqualTo(2L * StateFile.SLOT_BYTES);
  }

  private static byte[] versionOne(long acked, SpoolState.Intent intent) {
    byte[] topic = intent.topic().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(4 + 4 + 8 + 8 + 8 + 2 + topic.length + 4 + 8 + 4);
    buf.putInt(0x5653504c).putInt(1).putLong(acked).putLong(intent.endSeq());
    buf.putLong(intent.batchBytes()).putShort((short) topic.length).put(topic);
    buf.putInt(intent.partition()).putLong(intent.offset());
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    return buf.array();
  }
}
