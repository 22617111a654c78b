package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import dev.vigil.redactionrules.keys.KeysetStore;
import java.io.PrintWriter;
import java.io.StringWriter;
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
    Result r = run("keys", "rotate", "k", "--dir", keys.toString(), "--data-dir", dir.toString());

    // Then it fails before touching the keyset
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("endpoints.json");
    assertThat(Files.readString(keys.resolve("k.pseudonym.json"))).isEqualTo(before);
  }

  @Test
  void shouldPrintOneKeyReportLinePerKeysetForThePostureCheck() throws Exception {
    Path keys = dir.resolve("keys");
    var k = KeysetStore.open(keys).create("vigil-pseudonym", Instant.now());
    Result r = run("keys", "report", "--dir", keys.toString());
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
    Result r = run("keys", "report", "--dir", old.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("format used before Tink keysets").doesNotContain("AAAA");
  }

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }
}
