package dev.vigil.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsRunnerPropertiesTest {

  private static StreamsConfig config(Map<String, Object> overrides) {
    Properties p =
        StreamsRunner.properties(
            "vigil-test", Map.of("bootstrap.servers", "127.0.0.1:1"), Path.of("state"), overrides);
    return new StreamsConfig(p);
  }

  @Test
  void shouldLetRestoreConsumersWaitOnlyBrieflyForAnEmptyChangelog() {
    Map<String, Object> restore = config(Map.of()).getRestoreConsumerConfigs("client");
    Map<String, Object> main = config(Map.of()).getMainConsumerConfigs("g", "client", 0);

    assertThat(restore.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
        .isEqualTo(StreamsRunner.RESTORE_FETCH_MAX_WAIT_MS);
    // the main consumer keeps the client default: its empty fetches wait for new records
    assertThat(main).doesNotContainKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG);
  }

  @Test
  void shouldLetAnAppOverrideTheRestoreConsumersWait() {
    Map<String, Object> restore =
        config(
                Map.of(
                    StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                    500))
            .getRestoreConsumerConfigs("client");

    assertThat(restore.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG)).isEqualTo(500);
  }
}
