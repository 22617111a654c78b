package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import dev.vigil.redactionrules.keys.KeysetStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil keys} without a broker: nothing changes unaudited; the posture report line. */
class KeysCommandTest {
  @TempDir Path dir;

  @Test
  void shouldLeaveTheKeysetUnchangedWhenTheAuditTrailCannotBeReached() throws Exception {
    // Given a keyset and no running vigil (no endpoints.json in the data dir)
    Path keys = dir.resolve("keys");
    KeysetStore.open(keys).create("k", Instant.now());
    String before = Files.readString(keys.resolve("k.pseudonym.json"));

    // When a rotation is asked for
    CliRun r =
        CliRun.vigil("keys", "rotate", "k", "--dir", keys.toString(), "--data-dir", dir.toString());

    // Then it fails before touching the keyset
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("endpoints.json");
    assertThat(Files.readString(keys.resolve("k.pseudonym.json"))).isEqualTo(before);
  }

  @Test
  void shouldPrintOneKeyReportLinePerKeysetForThePostureCheck() throws Exception {
    Path keys = dir.resolve("keys");
    var k = KeysetStore.open(keys).create("vigil-pseudonym", Instant.now());
    CliRun r = CliRun.vigil("keys", "report", "--dir", keys.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "redaction/vigil-pseudonym "
                + k.primaryPseudonymKeyId()
                + " "
                + k.fingerprint()
                + System.lineSeparator());
  }

  @Test
  void shouldRefuseAKeyFileOfTheFormatUsedBeforeKeysets() throws Exception {
    Path old = Files.writeString(dir.resolve("redaction.keys"), "vigil-pseudonym = AAAA\n");
    CliRun r = CliRun.vigil("keys", "report", "--dir", old.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("format used before Tink keysets").doesNotContain("AAAA");
  }

  @Test
  void shouldWriteAnOwnerOnlySigningKeyAndPrintOnlyItsPublicHalf() throws Exception {
    Path key = dir.resolve("alice.key");
    CliRun r =
        CliRun.vigil(
            "keys",
            "signing-keygen",
            "--out",
            key.toString(),
            "--owner",
            "alice",
            "--key-id",
            "a1");
    assertThat(r.code()).as(r.err()).isZero();
    var read = SigningKeyFiles.read(key);
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(r.out()).contains("  a1: {owner: alice, publicKey: " + read.publicKeyBase64() + "}");
    String privateKey =
        Files.readAllLines(key).stream()
            .filter(l -> l.startsWith("private_key="))
            .findFirst()
            .orElseThrow()
            .substring("private_key=".length());
    assertThat(r.out() + r.err()).doesNotContain(privateKey);
    // never overwritten
    CliRun again =
        CliRun.vigil("keys", "operator-keygen", "--out", key.toString(), "--owner", "bob");
    assertThat(again.code()).isNotZero();
    assertThat(SigningKeyFiles.read(key).publicKeyBase64()).isEqualTo(read.publicKeyBase64());
  }

  @Test
  void shouldRefuseASigningKeyFileThatOthersCanRead() throws Exception {
    Path key = dir.resolve("k.key");
    CliRun.vigil("keys", "signing-keygen", "--out", key.toString(), "--owner", "alice");
    Files.setPosixFilePermissions(
        key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKeyFiles.read(key))
        .hasMessageContaining("accessible to group or others");
  }
}
