package dev.vigil.kafka.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void shouldFrameWithMagicByteAndBigEndianId() {
    // When
    byte[] framed = WireFormat.frame(0x01020304, new byte[] {0x08, 0x09});

    // Then
    assertThat(framed).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09);
    assertThat(WireFormat.schemaId(framed)).isEqualTo(0x01020304);
  }

  @Test
  void shouldReadIdsAboveTheSignedByteRange() {
    // Given
    byte[] framed = {0x00, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xfe};

    // When / Then
    assertThat(WireFormat.schemaId(framed)).isEqualTo(Integer.MAX_VALUE - 1);
  }

  @Test
  void shouldNameTheProblemForMalformedHeaders() {
    // When / Then
    assertThatThrownBy(() -> WireFormat.schemaId(null))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 7}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes");
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {1, 0, 0, 0, 7, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x01");
  }
}
