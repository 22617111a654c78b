package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.redactionrules.keys.DeterministicCipher;
import dev.vigil.redactionrules.keys.EnvKeyProvider;
import dev.vigil.redactionrules.keys.FileKeyProvider;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.Reidentifier;
import dev.vigil.redactionrules.ops.Operators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeysAndOperatorsTest {
  private static final String MATERIAL =
      Base64.getEncoder()
          .encodeToString(
              new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                24, 25, 26, 27, 28, 29, 30, 31, 32
              });

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.0.2.45, 192.0.2.0",
    "203.0.113.255, 203.0.113.0",
    "2001:db8:85a3:8d3:1319:8a2e:370:7348, 2001:db8:85a3::",
    "fe80::1, fe80::",
    "not-an-ip, [IP]",
    "192.0.2.045, [IP]"
  })
  void shouldTruncateIpsToTheirNetwork(String in, String out) throws Exception {
    assertThat(Operators.truncateIp(24, 48).apply(in, "ipv4")).isEqualTo(out);
  }

  @Test
  void shouldMaskAllButTheLastCharactersAndShortValuesWhole() throws Exception {
    assertThat(Operators.mask(4, '*').apply("4242424242424242", "card"))
        .isEqualTo("************4242");
    assertThat(Operators.mask(4, '#').apply("1234567", "x")).isEqualTo("#######");
  }

  @Test
  void shouldRedactToTheTypeTagOrTheGivenTag() throws Exception {
    assertThat(Operators.redact(null).apply("a@example.com", "email")).isEqualTo("[EMAIL]");
    assertThat(Operators.redact("<gone>").apply("a@example.com", "email")).isEqualTo("<gone>");
  }

  @Test
  void shouldEncryptDeterministicallyAndDecryptForAuthorisedReidentification() throws Exception {
    // Given a deterministic cipher over test key k1
    TestKeys keys = TestKeys.of("k1");
    var encrypt = Operators.encrypt("k1", keys);

    // When a value is encrypted twice
    String t1 = encrypt.apply("alice@example.com", "email");
    String t2 = encrypt.apply("alice@example.com", "email");

    // Then the tokens are equal, opaque, and decrypt to the value
    assertThat(t1).isEqualTo(t2).startsWith("enc:k1:").doesNotContain("alice");
    assertThat(new Reidentifier(keys).decrypt(t1)).isEqualTo("alice@example.com");
    assertThat(encrypt.apply("bob@example.com", "email")).isNotEqualTo(t1);
  }

  @Test
  void shouldRejectATamperedOrForeignToken() throws Exception {
    TestKeys keys = TestKeys.of("k1", "k2");
    String token = Operators.encrypt("k1", keys).apply("alice", "x");
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    Reidentifier r = new Reidentifier(keys);
    assertThatThrownBy(() -> r.decrypt(tampered)).isInstanceOf(GeneralSecurityException.class);
    DeterministicCipher k2 = new DeterministicCipher("k2", keys.keyMaterial("k2"));
    assertThatThrownBy(() -> k2.decrypt(token)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void shouldGiveEqualPseudonymsForEqualMaterialUnderOneKeyId() throws Exception {
    // Given the same material delivered by a file on one site and the environment on the other
    Path dir = Files.createTempDirectory("keys");
    Path f = dir.resolve("keys.properties");
    Files.writeString(f, "# site keys\nshared = " + MATERIAL + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    var fileSite = Operators.pseudonym("shared", FileKeyProvider.load(f));
    var envSite =
        Operators.pseudonym(
            "shared", new EnvKeyProvider(Map.of("VIGIL_REDACTION_KEY_SHARED", MATERIAL)));

    // Then both sites give the same pseudonym, 26 base32 characters after the key id
    String p = fileSite.apply("alice", "redacted");
    assertThat(envSite.apply("alice", "redacted")).isEqualTo(p);
    assertThat(p).matches("pn:shared:[a-z2-7]{26}");
  }

  @Test
  void shouldRefuseAKeyFileOthersCanRead(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keys");
    Files.writeString(f, "k = " + MATERIAL + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> FileKeyProvider.load(f))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("must not be readable by group or others");
  }

  @Test
  void shouldReportBadKeyFileLinesWithoutTheirMaterial(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("keys");
    Files.writeString(f, "k1 = " + MATERIAL + "\nk2 = c2hvcnQ=\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> FileKeyProvider.load(f))
        .isInstanceOf(KeyException.class)
        .hasMessage(f + ":2: key k2 is shorter than 32 bytes")
        .hasMessageNotContaining("c2hvcnQ=");
    Files.writeString(f, "k1 = " + MATERIAL + "\n");
    FileKeyProvider p = FileKeyProvider.load(f);
    assertThat(p.toString()).doesNotContain(MATERIAL);
    assertThatThrownBy(() -> p.keyMaterial("k9")).hasMessage("key k9 is not in " + f);
  }
}
