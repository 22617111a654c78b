package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  @Test
  void shouldPrintOnlyOneJsonDocumentWithTheFiguresWhenAskedForJson() throws Exception {
    StringWriter out = new StringWriter();
    BenchReport report = new BenchReport("ingest", new PrintWriter(out), true);
    report.put("events", 1000);
    report.section("raw_producer").put("events_per_s", 123.0);
    report.printf("a human line %d%n", 1);
    report.finish();

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("bench").asText()).isEqualTo("ingest");
    assertThat(json.path("events").asInt()).isEqualTo(1000);
    assertThat(json.path("raw_producer").path("events_per_s").asDouble()).isEqualTo(123.0);
    assertThat(out.toString()).doesNotContain("a human line");
  }

  @Test
  void shouldPrintTheHumanLinesAndNoJsonByDefault() {
    StringWriter out = new StringWriter();
    BenchReport report = new BenchReport("ingest", new PrintWriter(out), false);
    report.put("events", 1000);
    report.printf("a human line %d%n", 1);
    report.finish();

    assertThat(out.toString()).isEqualTo(String.format("a human line 1%n"));
  }

  @Test
  void shouldGiveAQuietPhaseFiguresByPathAndNameAFigureItNeverRecorded() {
    BenchReport phase = BenchReport.quiet("redaction");
    phase.section("end_to_end").put("redaction_events_per_s", 4200.0);
    phase.printf("never printed%n");

    assertThat(phase.get("end_to_end", "redaction_events_per_s")).isEqualTo(4200.0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> phase.get("end_to_end", "missing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the bench recorded no figure end_to_end.missing");
  }
}
