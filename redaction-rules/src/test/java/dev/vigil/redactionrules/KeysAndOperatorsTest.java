package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyInfo;
import dev.vigil.redactionrules.keys.KeyPurpose;
import dev.vigil.redactionrules.keys.KeyStatus;
import dev.vigil.redactionrules.keys.KeysetStore;
import dev.vigil.redactionrules.keys.RedactionKeyset;
import dev.vigil.redactionrules.keys.Reidentifier;
import dev.vigil.redactionrules.ops.Operators;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
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
    // Given the encrypt operator over test keyset k1
    TestKeys keys = TestKeys.of("k1");
    var encrypt = Operators.encrypt("k1", keys);

    // When a value is encrypted twice
    String t1 = encrypt.apply("alice@example.com", "email");
    String t2 = encrypt.apply("alice@example.com", "email");

    // Then the tokens are equal, opaque, name the primary key, and decrypt to the value
    String keyId =
        keys.keyset("k1").keys().stream()
            .filter(k -> k.purpose() == KeyPurpose.ENCRYPT)
            .findFirst()
            .orElseThrow()
            .idHex();
    assertThat(t1).isEqualTo(t2).startsWith("enc:k1:" + keyId + ":").doesNotContain("alice");
    assertThat(new Reidentifier(keys).decrypt(t1)).isEqualTo("alice@example.com");
    assertThat(encrypt.apply("bob@example.com", "email")).isNotEqualTo(t1);
  }

  @Test
  void shouldRejectATamperedOrForeignToken() throws Exception {
    TestKeys keys = TestKeys.of("k1", "k2");
    String token = Operators.encrypt("k1", keys).apply("alice", "x");
    // a character whose six bits are all data (the last one may carry only unused padding bits,
    // which the base64 decoder ignores: changing it could leave the ciphertext intact)
    int i = token.lastIndexOf(':') + 5;
    char c = token.charAt(i);
    String tampered = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
    Reidentifier r = new Reidentifier(keys);
    assertThatThrownBy(() -> r.decrypt(tampered)).isInstanceOf(GeneralSecurityException.class);
    assertThatThrownBy(() -> keys.keyset("k2").decrypt(token))
        .isInstanceOf(GeneralSecurityException.class);
    String foreign = "enc:k2:" + token.substring("enc:k1:".length());
    assertThatThrownBy(() -> r.decrypt(foreign)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void shouldWriteTokensThatTinkAloneDecryptsWithTheKeysetFileLoadedIndependently(@TempDir Path dir)
      throws Exception {
    // Given a keyset written by vigil's store and a token from the encrypt operator
    KeysetStore store = KeysetStore.open(dir);
    store.create("site", Instant.parse("2026-12-01T00:00:00Z"));
    String token = Operators.encrypt("site", KeysetStore.open(dir)).apply("alice@example.com", "x");

    // When the keyset file is parsed with Tink's own API and the token body decrypted with it
    DeterministicAeadConfig.register();
    KeysetHandle handle =
        TinkJsonProtoKeysetFormat.parseKeyset(
            Files.readString(dir.resolve("site.encrypt.json")), InsecureSecretKeyAccess.get());
    DeterministicAead tink =
        handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
    String[] parts = token.split(":", 4);
    byte[] plain =
        tink.decryptDeterministically(Base64.getUrlDecoder().decode(parts[3]), new byte[0]);

    // Then Tink gets the value back, and the id in the token is the primary key's id
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("alice@example.com");
    assertThat(Integer.parseUnsignedInt(parts[2], 16)).isEqualTo(handle.getPrimary().getId());
    // and Tink's own encryption of the value is the same token body (deterministic, same key)
    assertThat(
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    tink.encryptDeterministically(
                        "alice@example.com".getBytes(StandardCharsets.UTF_8), new byte[0])))
        .isEqualTo(parts[3]);
  }

  @Test
  void shouldKeepValuesFromBeforeARotationResolvableWhileNewValuesUseTheNewKey(@TempDir Path dir)
      throws Exception {
    // Given values pseudonymised and encrypted before a rotation
    KeysetStore.open(dir).create("site", Instant.parse("2026-12-01T00:00:00Z"));
    KeysetStore before = KeysetStore.open(dir);
    String pnOld = Operators.pseudonym("site", before).apply("alice", "user");
    String encOld = Operators.encrypt("site", before).apply("alice", "user");

    // When the keyset is rotated and a fresh process redacts the same value
    RedactionKeyset rotated =
        KeysetStore.open(dir).rotate("site", Instant.parse("2026-12-02T00:00:00Z"));
    KeysetStore after = KeysetStore.open(dir);
    String pnNew = Operators.pseudonym("site", after).apply("alice", "user");
    String encNew = Operators.encrypt("site", after).apply("alice", "user");

    // Then new values carry the new primary key id, old ones keep theirs
    assertThat(Reidentifier.parse(pnNew).keyIdHex())
        .isEqualTo(rotated.primaryPseudonymKeyId())
        .isNotEqualTo(Reidentifier.parse(pnOld).keyIdHex());
    assertThat(Reidentifier.parse(encNew).keyId()).isNotEqualTo(Reidentifier.parse(encOld).keyId());
    // and both old and new resolve with the rotated keyset
    Reidentifier r = new Reidentifier(after);
    assertThat(r.decrypt(encOld)).isEqualTo("alice");
    assertThat(r.decrypt(encNew)).isEqualTo("alice");
    assertThat(r.isPseudonymOf(pnOld, "alice")).isTrue();
    assertThat(r.isPseudonymOf(pnNew, "alice")).isTrue();
    assertThat(r.isPseudonymOf(pnOld, "bob")).isFalse();
    // and the listing shows two keys per purpose, one primary each, with creation times
    assertThat(rotated.keys())
        .extracting(KeyInfo::status)
        .containsExactlyInAnyOrder(
            KeyStatus.PRIMARY, KeyStatus.ENABLED, KeyStatus.PRIMARY, KeyStatus.ENABLED);
    assertThat(after.keyset("site").keys()).allSatisfy(k -> assertThat(k.created()).isPresent());
  }

  @Test
  void shouldGiveEqualPseudonymsAndFingerprintsOnSitesWithACopyOfTheSameKeyset(
      @TempDir Path siteA, @TempDir Path siteB) throws Exception {
    // Given site B holding a copy of site A's keyset files
    KeysetStore.open(siteA).create("shared", Instant.now());
    for (String f :
        new String[] {"shared.pseudonym.json", "shared.encrypt.json", "shared.created"}) {
      Files.copy(siteA.resolve(f), siteB.resolve(f));
    }
    var a = KeysetStore.open(siteA);
    var b = KeysetStore.open(siteB);

    // Then both sites give the same pseudonym (26 base32 characters after the key id)
    String p = Operators.pseudonym("shared", a).apply("alice", "redacted");
    assertThat(Operators.pseudonym("shared", b).apply("alice", "redacted")).isEqualTo(p);
    assertThat(p).matches("pn:shared:[0-9a-f]{8}:[a-z2-7]{26}");
    assertThat(a.keyset("shared").fingerprint())
        .isEqualTo(b.keyset("shared").fingerprint())
        .matches("sha256:[0-9a-f]{64}");

    // When site B rotates alone, or a third site generated its own keyset of the same name
    b.rotate("shared", Instant.now());
    KeysetStore c = KeysetStore.openCreatingMissing(siteA.resolve("other-site"));

    // Then the fingerprints differ
    assertThat(b.keyset("shared").fingerprint()).isNotEqualTo(a.keyset("shared").fingerprint());
    assertThat(c.keyset("shared").fingerprint()).isNotEqualTo(a.keyset("shared").fingerprint());
  }

  @Test
  void shouldRefuseAKeysetFileOthersCanRead(@TempDir Path dir) throws Exception {
    KeysetStore.open(dir).create("k", Instant.now());
    Files.setPosixFilePermissions(
        dir.resolve("k.encrypt.json"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeysetStore.open(dir).keyset("k"))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("must not be readable by group or others");
  }

  @Test
  void shouldWriteKeysetFilesOnlyTheOwnerCanRead(@TempDir Path dir) throws Exception {
    KeysetStore.open(dir.resolve("keys")).create("k", Instant.now());
    try (var files = Files.list(dir.resolve("keys"))) {
      assertThat(files.toList())
          .hasSize(3)
          .allSatisfy(
              f ->
                  assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                      .isEqualTo("rw-------"));
    }
  }

  @Test
  void shouldPointAnOldFormatKeyFileAtTheMigrationInsteadOfReadingIt(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("redaction.keys");
    Files.writeString(f, "k1 = " + MATERIAL + "\n");
    assertThatThrownBy(() -> KeysetStore.open(f))
        .isInstanceOf(KeyException.class)
        .hasMessageContaining("format used before Tink keysets")
        .hasMessageNotContaining(MATERIAL);
  }

  @Test
  void shouldNeverShowKeyMaterialInNamesListingsOrErrors(@TempDir Path dir) throws Exception {
    KeysetStore store = KeysetStore.open(dir);
    RedactionKeyset k = store.create("k", Instant.now());
    String keysetJson = Files.readString(dir.resolve("k.pseudonym.json"));
    String material = keysetJson.replaceAll("(?s).*\"value\":\\s*\"([^\"]+)\".*", "$1");
    assertThat(material).isNotBlank().isNotEqualTo(keysetJson);
    assertThat(k + " " + store + " " + k.keys() + " " + k.fingerprint()).doesNotContain(material);
    assertThatThrownBy(() -> store.keyset("nope")).hasMessageNotContaining(material);
  }
}
