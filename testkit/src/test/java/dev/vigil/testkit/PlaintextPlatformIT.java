package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VigilPlatformExtension.class)
@PlaintextPlatform("proves the opt-out itself")
class PlaintextPlatformIT {

  @Test
  void shouldGiveAnOptedOutClassAPlaintextBrokerThatABareBootstrapReaches(VigilPlatform platform)
      throws Exception {
    // Given the plaintext opt-out, When a client with only the address lists the topics
    String topic = platform.uniqueName("plain");
    platform.createTopics(1, topic);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
      // Then it is served, without credentials
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
    }
    assertThat(platform.secured()).isFalse();
    assertThat(platform.clientProperties()).doesNotContainKey("security.protocol");
  }
}
