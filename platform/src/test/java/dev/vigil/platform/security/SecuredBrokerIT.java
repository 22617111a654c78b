package dev.vigil.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuredBrokerIT {
  @TempDir static Path dir;
  static PlatformCredentials credentials;
  static EmbeddedKafkaBroker broker;
  static long startMs;

  @BeforeAll
  static void startSecuredBroker() {
    long t0 = System.nanoTime();
    credentials = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    broker =
        EmbeddedKafkaBroker.start(
            BrokerSettings.loopback(dir.resolve("kafka"))
                .secured(new BrokerSecurity(credentials, BrokerSecurity.ClientAuth.NONE)));
    startMs = (System.nanoTime() - t0) / 1_000_000;
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void shouldLetTheAdminCreateTopicsOverSaslSsl() throws Exception {
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      admin
          .createTopics(Set.of(new NewTopic("secured-t", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("secured-t");
    }
    System.out.printf("secured broker start (CA + certificate + format + start): %d ms%n", startMs);
  }

  @Test
  void shouldProvisionUsersWithScramSha512AtKafkasMinimumIterationCount() throws Exception {
    // Given a user provisioned as vigil run provisions its components
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      PlatformUsers.provision(admin, credentials, Map.of("vigil-it-user", List.of()), false);

      // Then its credential is SCRAM-SHA-512 at 4096 iterations
      var described =
          admin
              .describeUserScramCredentials(List.of("vigil-it-user"))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get("vigil-it-user");
      assertThat(described.credentialInfos())
          .singleElement()
          .satisfies(
              info -> {
                assertThat(info.mechanism()).isEqualTo(ScramMechanism.SCRAM_SHA_512);
                assertThat(info.iterations()).isEqualTo(4096);
              });
    }
    // And the user logs in with its password
    Map<String, Object> props = new HashMap<>(credentials.clientProperties("vigil-it-user"));
    props.put("bootstrap.servers", broker.bootstrapServers());
    try (Admin login = Admin.create(props)) {
      assertThat(login.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).isNotBlank();
    }
  }

  @Test
  void shouldRefuseAPlaintextClient() {
    Map<String, Object> plain =
        Map.of(
            "bootstrap.servers",
            broker.bootstrapServers(),
            "request.timeout.ms",
            3000,
            "default.api.timeout.ms",
            5000);
    try (Admin admin = Admin.create(plain)) {
      // the TLS listener never answers a plaintext request: the call times out, nothing is read
      assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }
  }

  @Test
  void shouldRefuseAWrongPassword() {
    Map<String, Object> wrong = new HashMap<>(broker.adminClientProperties());
    wrong.put(
        "sasl.jaas.config",
        PlatformCredentials.jaas(PlatformCredentials.ADMIN, "not-the-password"));
    wrong.put("request.timeout.ms", 5000);
    wrong.put("default.api.timeout.ms", 10000);
    try (Admin admin = Admin.create(wrong)) {
      assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class)
          .hasMessageNotContaining("not-the-password");
    }
  }

  @Test
  void shouldRefuseAClientThatDoesNotTrustThePlatformCa() {
    Map<String, Object> untrusting = new HashMap<>(broker.adminClientProperties());
    untrusting.remove("ssl.truststore.type");
    untrusting.remove("ssl.truststore.location");
    untrusting.put("request.timeout.ms", 5000);
    untrusting.put("default.api.timeout.ms", 10000);
    try (Admin admin = Admin.create(untrusting)) {
      assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
    }
  }
}
