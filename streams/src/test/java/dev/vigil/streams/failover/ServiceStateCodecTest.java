package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceStateCodecTest {

  @Test
  void shouldRoundTripAStateMidIncidentByteForByte() {
    // Given a state with an open incident, a waiver and open alerts
    Harness h = Harness.standard().steady();
    h.send(h.command(OperatorAction.WAIVE, GateName.DRIFT, h.now.plus(Duration.ofMinutes(5))));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(60));
    // When it is written and read back
    byte[] bytes = ServiceStateCodec.toBytes(h.state);
    ServiceState back = ServiceStateCodec.fromBytes(bytes);
    // Then nothing is lost
    assertThat(ServiceStateCodec.toBytes(back)).isEqualTo(bytes);
    assertThat(back.incidentId()).isEqualTo(h.state.incidentId()).isPresent();
    assertThat(back.waivers).containsOnlyKeys("dr/DRIFT");
    assertThat(back.openAlertKeys()).isEqualTo(h.state.openAlertKeys());
    assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("{\"v\":1,");
  }

  @Test
  void shouldRejectBytesThatAreNotAState() {
    assertThatThrownBy(
            () ->
                ServiceStateCodec.fromBytes(
                    "{\"v\":9,\"service\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported failover state layout");
    assertThatThrownBy(() -> ServiceStateCodec.fromBytes(new byte[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
