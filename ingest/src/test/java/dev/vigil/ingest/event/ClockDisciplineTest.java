package dev.vigil.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.schemas.event.SampleEvents;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClockDisciplineTest {
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  final ClockDiscipline discipline = ClockDiscipline.defaults();

  @Test
  void shouldRefuseAnEventTenMinutesInTheFutureNamingTheFieldAndTheRule() {
    assertThat(discipline.check(NOW.plus(Duration.ofMinutes(10)), NOW))
        .contains(
            new ClockDiscipline.Violation(
                "observed_at", "more than 2m in the future (clock skew)", "future_observed_at"));
    assertThat(discipline.check(NOW.plus(Duration.ofMinutes(10)), NOW).orElseThrow().reason())
        .isEqualTo("observed_at: more than 2m in the future (clock skew)");
  }

  @Test
  void shouldAcceptUpToTheSkewAndRefuseOneMillisecondPastIt() {
    assertThat(discipline.check(NOW.plusSeconds(30), NOW)).isEmpty();
    assertThat(discipline.check(NOW.plus(Duration.ofMinutes(2)), NOW)).isEmpty();
    assertThat(discipline.check(NOW.plus(Duration.ofMinutes(2)).plusMillis(1), NOW))
        .map(ClockDiscipline.Violation::code)
        .contains(ClockDiscipline.FUTURE);
  }

  @Test
  void shouldAcceptOldEventsButRefuseAClockThatWasNeverSet() {
    // a sensor archive from 2008 is evidence; 1970 is a sensor without a real-time clock
    assertThat(discipline.check(Instant.parse("2008-07-22T05:59:37Z"), NOW)).isEmpty();
    assertThat(discipline.check(Instant.parse("2000-01-01T00:00:00Z"), NOW)).isEmpty();
    assertThat(discipline.check(Instant.EPOCH, NOW).orElseThrow().reason())
        .isEqualTo("observed_at: before 2000-01-01 (clock not set)");
    assertThat(discipline.check(Instant.EPOCH, NOW).orElseThrow().code())
        .isEqualTo("observed_at_before_2000");
  }

  @Test
  void shouldCheckTheObservedAtOfAnEvent() {
    assertThat(discipline.check(signal(NOW.plus(Duration.ofMinutes(10))), NOW)).isPresent();
    assertThat(discipline.check(signal(NOW.minusSeconds(5)), NOW)).isEmpty();
  }

  @Test
  void shouldNameTheConfiguredSkewInTheReason() {
    ClockDiscipline strict = new ClockDiscipline(Duration.ofSeconds(90));
    assertThat(strict.check(NOW.plusSeconds(91), NOW).orElseThrow().reason())
        .isEqualTo("observed_at: more than 90s in the future (clock skew)");
    assertThat(new ClockDiscipline(Duration.ZERO).check(NOW.plusMillis(1), NOW)).isPresent();
    assertThat(ClockDiscipline.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(ClockDiscipline.format(Duration.ofHours(1))).isEqualTo("1h");
  }

  @Test
  void shouldRefuseASkewOutsideZeroToOneHour() {
    assertThatThrownBy(() -> new ClockDiscipline(Duration.ofMinutes(61)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max clock skew must be 0s..1h but was 61m");
    assertThatThrownBy(() -> new ClockDiscipline(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ClockDiscipline(Duration.ofHours(1)).maxFutureSkew())
        .isEqualTo(Duration.ofHours(1));
  }

  @Test
  void shouldExposeTheConfiguredSkewAsAGaugeInMilliseconds() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build();
        var gauge = new ClockDiscipline(Duration.ofSeconds(90)).registerGauge(otel)) {
      MetricData metric =
          reader.collectAllMetrics().stream()
              .filter(m -> m.getName().equals("vigil.ingest.clock_skew.max"))
              .findFirst()
              .orElseThrow();
      assertThat(metric.getUnit()).isEqualTo("ms");
      assertThat(metric.getLongGaugeData().getPoints())
          .singleElement()
          .satisfies(p -> assertThat(p.getValue()).isEqualTo(90_000L));
    }
  }

  private static SecuritySignal signal(Instant observedAt) {
    return SampleEvents.security(
            "shop",
            "primary",
            "test",
            observedAt,
            Signal.newBuilder()
                .setOrigin(SignalOrigin.SIEM)
                .setSeverity(Severity.LOW)
                .setCategory("c")
                .setSignature("s")
                .setAttributes(Map.of())
                .build())
        .build();
  }
}
