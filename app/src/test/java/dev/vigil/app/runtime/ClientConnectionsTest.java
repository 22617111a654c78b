package dev.vigil.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.platform.security.PlatformCredentials;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConnectionsTest {

  @Test
  void shouldTakeTheCredentialsOfTheDataDirThatEndpointsNamesForAnExternalLocalCluster(
      @TempDir Path tmp) {
    // Given a secured platform's data dir and an instance whose endpoints.json points at it
    Path platform = tmp.resolve("platform");
    PlatformCredentials credentials = PlatformCredentials.prepare(platform, List.of("127.0.0.1"));
    Map<String, String> endpoints =
        Map.of(
            "bootstrap",
            "127.0.0.1:9093",
            ClientConnections.SECURITY_KEY,
            "SASL_SSL",
            ClientConnections.CREDENTIALS_KEY,
            platform.toString());

    // When a client command connects through the instance's data dir
    Map<String, Object> props =
        ClientConnections.local(tmp.resolve("instance"), endpoints, PlatformCredentials.ADMIN);

    // Then it uses the platform's CA and the admin's SCRAM login from there
    assertThat(props)
        .containsEntry("bootstrap.servers", "127.0.0.1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", credentials.caCertificate().toString());
    assertThat((String) props.get("sasl.jaas.config")).contains(PlatformCredentials.ADMIN);
  }

  @Test
  void shouldConnectInPlaintextWhenEndpointsSaysNothingAboutSecurity(@TempDir Path tmp) {
    assertThat(ClientConnections.local(tmp, Map.of("bootstrap", "127.0.0.1:9092"), "anyone"))
        .containsOnly(Map.entry("bootstrap.servers", "127.0.0.1:9092"));
  }
}
