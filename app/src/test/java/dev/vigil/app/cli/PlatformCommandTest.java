package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import dev.vigil.app.config.PlatformSection;
import dev.vigil.app.config.VigilConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformCommandTest {

  @Test
  void shouldNameThreeBrokersAfterTheThreeLocationsAndOthersByNumber() {
    PlatformCommand command = new PlatformCommand();

    assertThat(command.racks(Optional.of(3), List.of(), List.of()))
        .containsExactly("primary", "backup", "witness");
    assertThat(command.racks(Optional.of(2), List.of(), List.of()))
        .containsExactly("rack-1", "rack-2");
    assertThat(command.racks(Optional.of(1), List.of(), List.of("a", "b"))).isEmpty();
    assertThat(command.racks(Optional.empty(), List.of("dc1", "dc2"), List.of()))
        .containsExactly("dc1", "dc2");
    assertThat(command.racks(Optional.empty(), List.of(), List.of("a", "b")))
        .containsExactly("a", "b");
  }

  @Test
  void shouldKeepALocalClusterSecuredUnlessInsecureIsAskedFor() {
    PlatformSection secured =
        VigilConfig.defaults().platform().withRacks(List.of("primary", "backup", "witness"));

    assertThat(secured.insecure()).isFalse();
    assertThat(secured.racks()).containsExactly("primary", "backup", "witness");
    assertThat(secured.withInsecure().insecure()).isTrue();
    assertThat(secured.withInsecure().withRacks(List.of("a", "b")).insecure()).isTrue();
  }

  @Test
  void shouldRefuseABrokerCountThatDisagreesWithTheRacksAsAUsageError() {
    CliRun run = CliRun.vigil("platform", "--brokers", "3", "--racks", "primary,backup");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--brokers 3 but --racks names 2 racks");
  }

  @Test
  void shouldRefuseMoreBrokersThanTheLocalClusterTakes() {
    CliRun run = CliRun.vigil("platform", "--brokers", "12");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--brokers must be 1..9 but was 12");
  }
}
