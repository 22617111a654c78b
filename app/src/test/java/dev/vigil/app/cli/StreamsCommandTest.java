package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.app.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigil streams --only}: one component of an instance, e.g. one more redactor. */
class StreamsCommandTest {
  @Test
  void shouldStartOnlyTheNamedComponentsInTheirStartOrder() {
    assertThat(Components.streams(List.of("alerts", "redactor")))
        .containsExactly(
            Components.streamsByName().get("redactor"), Components.streamsByName().get("alerts"));
    assertThat(Components.streams(List.of())).hasSize(4);
  }

  @Test
  void shouldRejectAComponentItDoesNotKnowNamingTheKnownOnes() {
    assertThatThrownBy(() -> Components.streams(List.of("redactor", "exporter")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--only exporter is not a component of vigil streams (known: redactor, correlator,"
                + " ocsf, alerts)");
    CliRun run = CliRun.vigil("streams", "--only", "exporter");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--only exporter is not a component of vigil streams");
  }
}
