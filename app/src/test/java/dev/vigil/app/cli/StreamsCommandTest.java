package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            "streams",
            "--only",
            "exporter");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--only exporter is not a component of vigil streams");
  }
}
