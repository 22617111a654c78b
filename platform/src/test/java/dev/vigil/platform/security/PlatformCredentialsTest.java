package dev.vigil.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformCredentialsTest {
  @TempDir Path dir;

  @Test
  void aRestartWithTheSameHostNamesKeepsTheBrokerCertificate() throws Exception {
    PlatformCredentials first = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    String issued = Files.readString(first.brokerKeyStore());

    PlatformCredentials again = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));

    assertThat(Files.readString(again.brokerKeyStore())).isEqualTo(issued);
    assertThat(again.brokerCertificateCurrent(Set.of("127.0.0.1", "localhost"))).isTrue();
  }

  @Test
  void aNewHostNameGetsAFreshBrokerCertificateNamingIt() throws Exception {
    PlatformCredentials first = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    String issued = Files.readString(first.brokerKeyStore());

    PlatformCredentials again = PlatformCredentials.prepare(dir, List.of("vigil.example"));

    assertThat(Files.readString(again.brokerKeyStore())).isNotEqualTo(issued);
    assertThat(again.brokerCertificateCurrent(Set.of("vigil.example", "127.0.0.1"))).isTrue();
  }

  @Test
  void aBrokerKeyStoreOfAnotherCaIsReissued() throws Exception {
    PlatformCredentials first = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    Path other = dir.resolve("other");
    PlatformCredentials foreign = PlatformCredentials.prepare(other, List.of("127.0.0.1"));
    SecretFiles.write(first.brokerKeyStore(), Files.readString(foreign.brokerKeyStore()));

    assertThat(first.brokerCertificateCurrent(Set.of("127.0.0.1"))).isFalse();
    PlatformCredentials again = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    assertThat(again.brokerCertificateCurrent(Set.of("127.0.0.1"))).isTrue();
    assertThat(Files.readString(again.brokerKeyStore()))
        .isNotEqualTo(Files.readString(foreign.brokerKeyStore()));
  }

  @Test
  void aMissingOrUnreadableBrokerKeyStoreIsNotCurrent() throws Exception {
    PlatformCredentials credentials = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    SecretFiles.write(credentials.brokerKeyStore(), "not a certificate");
    assertThat(credentials.brokerCertificateCurrent(Set.of("127.0.0.1"))).isFalse();

    Files.delete(credentials.brokerKeyStore());
    assertThat(credentials.brokerCertificateCurrent(Set.of("127.0.0.1"))).isFalse();
  }
}
