package dev.vigil.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.streams.runtime.StreamsSection;
import dev.vigil.streams.runtime.ThreadReplacementPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamsSectionTest {

  @Test
  void shouldDefaultToThreeReplacementsInTenMinutesAndAThirtySecondGrace() {
    // When a config has no streams key
    StreamsSection streams =
        ConfigLoader.parse("c.yaml", "telemetry: {prometheusPort: -1}\n").streams();

    // Then the defaults apply
    assertThat(streams.threadPolicy())
        .isEqualTo(new ThreadReplacementPolicy(3, Duration.ofMinutes(10)));
    assertThat(streams.alertGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(streams.commitInterval()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void shouldRunEveryStreamsAppWithTheConfiguredCommitInterval() {
    // When a config trades latency for backlog throughput
    VigilConfig config = ConfigLoader.parse("c.yaml", "streams: {commitInterval: 200ms}\n");

    // Then every Streams app of the instance commits every 200 ms
    assertThat(StreamsPlacement.overrides(config)).containsEntry("commit.interval.ms", 200L);
    assertThat(StreamsPlacement.overrides(VigilConfig.defaults()))
        .containsEntry("commit.interval.ms", 50L);
  }

  @Test
  void shouldReadTheStreamsKeys() {
    // When a config sets every streams key
    StreamsSection streams =
        ConfigLoader.parse(
                "c.yaml",
                "streams: {threadReplacements: 0, replacementWindow: 1h, alertGrace: 0s}\n")
            .streams();

    // Then they are read
    assertThat(streams.threadReplacements()).isZero();
    assertThat(streams.replacementWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(streams.alertGrace()).isZero();
  }

  @Test
  void shouldNameTheKeyOfAnInvalidOrUnknownValue() {
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "streams: {threadReplacements: -1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml line 1")
        .hasMessageContaining("streams.threadReplacements must be 0..100 but was -1");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "streams: {alertGrace: soon}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.alertGrace: expected a duration");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "streams: {alertgrace: 10s}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'streams.alertgrace'");
    assertThatThrownBy(() -> ConfigLoader.parse("c.yaml", "streams: {commitInterval: 5ms}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml line 1")
        .hasMessageContaining("streams.commitInterval must be 10ms..30s but was 5ms");
  }
}
