package dev.vigil.streams.failover;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The decoder crashes fuzzing found (issue 18), kept as inputs of {@link StateDecoderFuzzTest}. */
class StateBinaryHostileTest {

  private static byte[] input(String name) throws IOException {
    try (InputStream in =
        StateBinaryHostileTest.class.getResourceAsStream(
            "StateDecoderFuzzTestInputs/serviceState/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void shouldRefuseAStoredStateWhoseMapKeyIsMissingWithAClearError() throws IOException {
    byte[] bytes = input("map-key-missing");
    assertThatThrownBy(() -> ServiceStateCodec.fromBytes(bytes))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover state: map key missing");
  }

  @Test
  void shouldRefuseAStoredStateWithADuplicateMapKeyInsteadOfKeepingTheLastValue()
      throws IOException {
    byte[] bytes = input("map-key-duplicate");
    assertThatThrownBy(() -> ServiceStateCodec.fromBytes(bytes))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover state: duplicate map key");
  }
}
