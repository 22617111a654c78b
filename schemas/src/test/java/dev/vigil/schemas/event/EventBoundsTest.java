package dev.vigil.schemas.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.schemas.json.EventFormatException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBoundsTest {

  private static SecuritySignal signal(String message, Map<String, String> attributes) {
    return SampleEvents.security(
            "shop",
            "primary",
            "suricata-1",
            Instant.parse("2026-03-02T08:00:00Z"),
            Signal.newBuilder()
                .setOrigin(SignalOrigin.SURICATA)
                .setSeverity(Severity.HIGH)
                .setCategory("c")
                .setSignature("ET POLICY test")
                .setMessage(message)
                .setAttributes(attributes)
                .build())
        .build();
  }

  @Test
  void shouldLeaveAnEventWithinBoundsUnchanged() throws Exception {
    SecuritySignal event = signal("short", Map.of("k", "v"));
    SecuritySignal copy = SecuritySignal.newBuilder(event).build();
    assertThat(EventBounds.apply(event)).isZero();
    assertThat(event).isEqualTo(copy);
  }

  @Test
  void shouldCutLongFreeTextToItsLimitAndMarkIt() throws Exception {
    SecuritySignal event = signal("x".repeat(20_000), Map.of());
    assertThat(EventBounds.apply(event)).isEqualTo(1);
    String message = event.getSignal().getMessage();
    assertThat(message)
        .hasSize(8192)
        .endsWith("…[truncated " + (20_000 - message.indexOf('…')) + " chars]");
    assertThat(message).startsWith("xxxx");
  }

  @Test
  void shouldCapAttributeMapsAndCountWhatWasDropped() throws Exception {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      attributes.put("k" + i, "v");
    }
    attributes.put("k".repeat(200), "v");
    attributes.put("big", "y".repeat(5000));
    SecuritySignal event = signal(null, attributes);
    EventBounds.apply(event);
    Map<String, String> bounded = event.getSignal().getAttributes();
    assertThat(bounded).hasSize(EventBounds.MAX_MAP_ENTRIES);
    assertThat(bounded.get(EventBounds.DROPPED_ENTRIES_KEY)).isEqualTo("39");
    assertThat(bounded.keySet()).allMatch(k -> k.length() <= EventBounds.MAX_MAP_KEY);
  }

  @Test
  void shouldCutALongAttributeValueAndMarkIt() throws Exception {
    SecuritySignal event = signal(null, Map.of("big", "y".repeat(5000)));
    EventBounds.apply(event);
    assertThat(event.getSignal().getAttributes().get("big"))
        .hasSize(EventBounds.MAX_MAP_VALUE)
        .contains("…[truncated ");
  }

  @Test
  void shouldRefuseAHostileIdentifierNamingItsPathOnly() {
    SecuritySignal event = signal(null, Map.of());
    event.setService("shop\u202Eevil");
    EventFormatException e =
        catchThrowableOfType(EventFormatException.class, () -> EventBounds.apply(event));
    assertThat(e).hasMessage("service: contains a format character (bidi override or zero-width)");
    assertThat(e.getMessage()).doesNotContain("shop").doesNotContain("evil");
  }

  @Test
  void shouldRefuseImplausibleTimestamps() {
    SecuritySignal future = signal(null, Map.of());
    future.setObservedAt(Instant.parse("+99999-01-01T00:00:00Z"));
    assertThat(catchThrowableOfType(EventFormatException.class, () -> EventBounds.apply(future)))
        .hasMessage("observed_at: after year 9999");
    SecuritySignal old = signal(null, Map.of());
    old.setObservedAt(Instant.parse("1900-01-01T00:00:00Z"));
    assertThat(catchThrowableOfType(EventFormatException.class, () -> EventBounds.apply(old)))
        .hasMessage("observed_at: before 2000-01-01");
  }

  @Test
  void shouldReplaceLoneSurrogatesInFreeTextAndKeepPairsWhole() {
    assertThat(BoundedText.cut("a\uD800b", 100)).isEqualTo("a\uFFFDb");
    assertThat(BoundedText.cut("a\uD83D\uDE00b", 100)).isEqualTo("a\uD83D\uDE00b");
    String cut = BoundedText.cut("\uD83D\uDE00".repeat(100), 50);
    assertThat(cut).hasSizeLessThanOrEqualTo(50);
    assertThat(cut.codePoints().boxed()).noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
  }
}
