package dev.vigil.schemas.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.event.Identifiers;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;

/**
 * Coverage-guided fuzzing of the JSON event form (issue 18), the door of the HTTP API and {@code
 * vigil publish}: any input either parses into an event within {@link EventBounds} whose JSON form
 * parses back to the same event, or fails with an {@link EventFormatException} that does not repeat
 * the input. Regression inputs are in {@code EventJsonFuzzTestInputs/parse/}.
 */
class EventJsonFuzzTest {
  private static final EventJson JSON = new EventJson(64 * 1024);

  @FuzzTest
  void parse(byte[] data) throws EventFormatException {
    String line = new String(data, StandardCharsets.UTF_8);
    SpecificRecord event;
    try {
      event = JSON.parse(line);
    } catch (EventFormatException refused) {
      if (line.length() >= 24) {
        assertThat(refused.getMessage()).doesNotContain(line);
      }
      return;
    }
    assertThat(EventBounds.apply(event)).isZero();
    assertThat(
            Identifiers.isValid(
                String.valueOf(event.get(event.getSchema().getField("site").pos()))))
        .isTrue();
    if (event instanceof HealthCheckResult h) {
      assertThat(Identifiers.isValid(h.getService())).isTrue();
    }
    assertThat(JSON.parse(JSON.toJson(event))).isEqualTo(event);
  }
}
