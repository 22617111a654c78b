package dev.vigil.schemas.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SigningTest {
  private static final SigningKey ALICE = SigningKey.generate("alice-1");
  private static final Verifier TRUSTING_ALICE =
      new Verifier(Map.of("alice-1", new TrustedKey("alice", ALICE.publicKeyBase64())));

  private static OperatorCommand command() {
    Instant now = Instant.parse("2026-03-02T08:00:00Z");
    return OperatorCommand.newBuilder()
        .setCommandId("cmd-1")
        .setService("payments")
        .setAction(OperatorAction.WAIVE)
        .setGate(GateName.INTRUSION)
        .setReason("sensor swap")
        .setOperator("whoever")
        .setIssuedAt(now)
        .setExpiresAt(now.plusSeconds(600))
        .build();
  }

  @Test
  void shouldAcceptACommandSignedByAListedKeyAndNameItsOwner() {
    OperatorCommand signed = CommandSigning.sign(command(), ALICE);
    assertThat(signed.getKeyId()).isEqualTo("alice-1");
    assertThat(signed.getNonce()).matches(CommandSigning.NONCE);
    assertThat(CommandSigning.verify(signed, TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Valid("alice-1", "alice"));
  }

  @Test
  void shouldRefuseACommandWithAnyCoveredFieldChangedAfterSigning() {
    OperatorCommand signed = CommandSigning.sign(command(), ALICE);
    Map<String, UnaryOperator<OperatorCommand>> tamper =
        Map.of(
            "command_id", c -> OperatorCommand.newBuilder(c).setCommandId("cmd-2").build(),
            "service", c -> OperatorCommand.newBuilder(c).setService("billing").build(),
            "action", c -> OperatorCommand.newBuilder(c).setAction(OperatorAction.FORCE).build(),
            "gate", c -> OperatorCommand.newBuilder(c).setGate(GateName.DRIFT).build(),
            "reason", c -> OperatorCommand.newBuilder(c).setReason("other").build(),
            "issued_at",
                c ->
                    OperatorCommand.newBuilder(c)
                        .setIssuedAt(c.getIssuedAt().plusMillis(1))
                        .build(),
            "expires_at", c -> OperatorCommand.newBuilder(c).setExpiresAt(null).build(),
            "nonce",
                c -> OperatorCommand.newBuilder(c).setNonce(CommandSigning.newNonce()).build());
    tamper.forEach(
        (field, change) ->
            assertThat(CommandSigning.verify(change.apply(signed), TRUSTING_ALICE))
                .as(field)
                .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.BAD_SIGNATURE)));
  }

  @Test
  void shouldRefuseUnsignedAndForeignCommands() {
    assertThat(CommandSigning.verify(command(), TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.UNSIGNED));
    OperatorCommand mallory = CommandSigning.sign(command(), SigningKey.generate("mallory"));
    assertThat(CommandSigning.verify(mallory, TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.UNKNOWN_KEY));
    // Mallory's signature under Alice's key id
    OperatorCommand posing =
        OperatorCommand.newBuilder(mallory)
            .setKeyId("alice-1")
            .setSignature(
                Base64.getEncoder()
                    .encodeToString(
                        SigningKey.generate("alice-1")
                            .sign(
                                CommandSigning.canonical(
                                    OperatorCommand.newBuilder(mallory)
                                        .setKeyId("alice-1")
                                        .build()))))
            .build();
    assertThat(CommandSigning.verify(posing, TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.BAD_SIGNATURE));
  }

  @Test
  void shouldNotLetTheTypedOperatorNameMatter() {
    OperatorCommand signed = CommandSigning.sign(command(), ALICE);
    OperatorCommand renamed = OperatorCommand.newBuilder(signed).setOperator("root").build();
    assertThat(CommandSigning.verify(renamed, TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Valid("alice-1", "alice"));
  }

  @Test
  void shouldRoundTripAKeyFileWithoutShowingThePrivateKey() {
    SigningKey read = SigningKey.parse(ALICE.toText());
    assertThat(read.keyId()).isEqualTo("alice-1");
    assertThat(read.publicKeyBase64()).isEqualTo(ALICE.publicKeyBase64());
    assertThat(read.toString()).isEqualTo("SigningKey[alice-1]").doesNotContain("private");
    assertThatThrownBy(() -> SigningKey.parse("key_id=a\nprivate_key=AAAA\n"))
        .hasMessage("private_key is not a 32-byte Ed25519 seed");
    assertThatThrownBy(() -> new TrustedKey("alice", "AAAA"))
        .hasMessage("publicKey is not a 32-byte Ed25519 public key");
  }

  @Test
  void shouldAcceptASignedRuleSetAndRefuseAnEditedOrUnsignedOne() {
    String yaml = "id: vigil-default\nversion: 2\nrules: []\n";
    String signed = RuleSetSigning.sign(yaml, ALICE);
    assertThat(signed).startsWith(yaml).contains("# vigil-signature: alice-1 ");
    assertThat(RuleSetSigning.split(signed).text()).isEqualTo(yaml);
    assertThat(RuleSetSigning.verify(signed, TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Valid("alice-1", "alice"));
    assertThat(RuleSetSigning.verify(signed.replace("version: 2", "version: 3"), TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.BAD_SIGNATURE));
    assertThat(RuleSetSigning.verify(yaml, TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.UNSIGNED));
    assertThat(
            RuleSetSigning.verify(
                RuleSetSigning.sign(yaml, SigningKey.generate("eve")), TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.UNKNOWN_KEY));
  }

  @Test
  void shouldBindARuleSetSignatureToItsIssueTimeAndNonce() {
    String yaml = "id: vigil-default\nversion: 2\nrules: []\n";
    String signed =
        RuleSetSigning.sign(yaml, ALICE, java.time.Instant.ofEpochMilli(1000), "nonce-0001");
    assertThat(signed).contains("# vigil-signature: alice-1 1000 nonce-0001 ");
    assertThat(RuleSetSigning.verify(signed, TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Valid("alice-1", "alice"));
    assertThat(RuleSetSigning.verify(signed.replace(" 1000 ", " 2000 "), TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.BAD_SIGNATURE));
    assertThat(RuleSetSigning.verify(signed.replace("nonce-0001", "nonce-0002"), TRUSTING_ALICE))
        .isEqualTo(new Verifier.Result.Refused(SignatureRefusal.BAD_SIGNATURE));
    assertThat(RuleSetSigning.split(signed).nonce()).isEqualTo("nonce-0001");
  }
}
