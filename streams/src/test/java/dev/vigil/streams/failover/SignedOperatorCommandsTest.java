package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.signing.CommandSigning;
import dev.vigil.schemas.signing.SignatureRefusal;
import dev.vigil.schemas.signing.SigningKey;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.failover.config.CommandPolicy;
import dev.vigil.streams.failover.config.FailoverPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signed operator commands (issue 12): with keys listed in {@code failover.commands.keys} the
 * correlator takes only commands signed by one of them, timely and with a fresh nonce; every
 * refusal is audited ({@code command.refused}, without payload) and alerted, and changes nothing.
 */
class SignedOperatorCommandsTest {
  private static final SigningKey ALICE = SigningKey.generate("alice-2026");
  private static final SigningKey BOB = SigningKey.generate("bob-2026");
  private static final Map<String, TrustedKey> KEYS =
      Map.of(
          "alice-2026", new TrustedKey("alice", ALICE.publicKeyBase64()),
          "bob-2026", new TrustedKey("bob", BOB.publicKeyBase64()));

  private static FailoverPolicy policy(CommandPolicy commands) {
    return FailoverPolicy.defaults().withCommands(commands);
  }

  private static Harness signedHarness() {
    return new Harness(Harness.config(policy(CommandPolicy.defaults().signedBy(KEYS)))).steady();
  }

  private static OperatorCommand waive(Harness h) {
    OperatorCommand c =
        h.command(OperatorAction.WAIVE, GateName.INTRUSION, h.now.plus(Duration.ofMinutes(10)));
    c.setOperator("root"); // typed, not verified: must not reach the trail
    return c;
  }

  private static AuditEntry only(Harness h) {
    assertThat(h.last.audit()).hasSize(1);
    return h.last.audit().get(0);
  }

  private static void assertRefused(Harness h, SignatureRefusal reason, String actor) {
    AuditEntry a = only(h);
    assertThat(a.action()).isEqualTo(AuditAction.COMMAND_REFUSED);
    assertThat(a.actor()).isEqualTo(actor);
    assertThat(a.details())
        .containsEntry(SignatureRefusal.AUDIT_KEY, reason.name())
        .containsEntry(CommandVerdict.AUDIT_KEY, CommandVerdict.REJECTED.name());
    assertThat(a.details().get(CommandVerdict.TEXT_KEY)).startsWith("rejected: " + reason.label());
    assertThat(a.payloadJson()).isNull();
    assertThat(a.toString()).doesNotContain("root");
    // Alerted: the refusal alert is open; a refusal of the same command again (a replay of a
    // replay) is not paged twice
    assertThat(h.state.openAlertKeys()).contains(key("command-refused"));
    if (!h.last.alerts().isEmpty()) {
      Alert alert = h.last.alerts().get(h.last.alerts().size() - 1);
      assertThat(alert.getDedupKey()).isEqualTo(key("command-refused"));
      assertThat(alert.getAction()).isEqualTo(AlertAction.TRIGGER);
      assertThat(alert.getSeverity()).isEqualTo(AlertSeverity.SEV2);
      assertThat(alert.getDetails()).containsEntry(SignatureRefusal.AUDIT_KEY, reason.name());
    }
    assertThat(h.triggers).isEmpty();
  }

  @Test
  void shouldApplyACommandSignedByAListedKeyAndAuditItsOwnerAsTheActor() {
    Harness h = signedHarness();
    h.send(CommandSigning.sign(waive(h), ALICE));
    AuditEntry a = only(h);
    assertThat(a.action()).isEqualTo(AuditAction.COMMAND);
    assertThat(a.actor()).isEqualTo("alice");
    assertThat(a.details())
        .containsEntry("key_id", "alice-2026")
        .containsEntry(Commands.KEY_OWNER, "alice")
        .containsEntry(CommandVerdict.AUDIT_KEY, CommandVerdict.APPLIED.name());
    // The payload names the verified owner as operator; the typed name "root" is nowhere
    assertThat(a.payloadJson()).contains("\"operator\":\"alice\"").doesNotContain("root");
    assertThat(a.toString()).doesNotContain("root");
    assertThat(h.state.waivers.values())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.operator).isEqualTo("alice");
              assertThat(w.gate).isEqualTo(GateName.INTRUSION);
            });
    assertThat(h.alerts(key("command-refused"))).isEmpty();
  }

  @Test
  void shouldRefuseAuditAndAlertAnUnsignedCommand() {
    Harness h = signedHarness();
    h.send(waive(h));
    assertRefused(h, SignatureRefusal.UNSIGNED, Commands.UNVERIFIED);
    assertThat(h.last.alerts()).as("alerted").isNotEmpty();
    assertThat(h.state.waivers).isEmpty();
  }

  @Test
  void shouldRefuseAuditAndAlertACommandSignedByAnUnlistedKey() {
    Harness h = signedHarness();
    h.send(CommandSigning.sign(waive(h), SigningKey.generate("mallory")));
    assertRefused(h, SignatureRefusal.UNKNOWN_KEY, Commands.UNVERIFIED);
    assertThat(only(h).details()).containsEntry("key_id", "mallory");
    assertThat(h.state.waivers).isEmpty();
  }

  @Test
  void shouldRefuseACommandWhoseReasonWasChangedAfterSigning() {
    Harness h = signedHarness();
    OperatorCommand signed = CommandSigning.sign(waive(h), ALICE);
    signed.setReason("something else entirely");
    h.send(signed);
    assertRefused(h, SignatureRefusal.BAD_SIGNATURE, Commands.UNVERIFIED);
    assertThat(h.state.waivers).isEmpty();
  }

  @Test
  void shouldRefuseACommandSignedForAnotherServiceAndRetargeted() {
    Harness h = signedHarness();
    OperatorCommand forBilling = waive(h);
    forBilling.setService("billing");
    OperatorCommand retargeted = CommandSigning.sign(forBilling, ALICE);
    retargeted.setService(Harness.SVC);
    h.send(retargeted);
    assertRefused(h, SignatureRefusal.BAD_SIGNATURE, Commands.UNVERIFIED);
    assertThat(h.state.waivers).isEmpty();
  }

  @Test
  void shouldRefuseAReplayedCommandAlsoAfterTheStateIsReloaded() {
    // Given a signed waiver that was applied
    Harness h = signedHarness();
    OperatorCommand signed = CommandSigning.sign(waive(h), ALICE);
    h.send(signed);
    assertThat(only(h).action()).isEqualTo(AuditAction.COMMAND);
    h.advance(Duration.ofMinutes(1));

    // When the same record is sent again: refused as a replay, named by the key's owner
    h.send(OperatorCommand.newBuilder(signed).build());
    assertRefused(h, SignatureRefusal.REPLAYED, "alice");
    assertThat(h.last.alerts()).as("alerted").isNotEmpty();

    // And when a fresh engine reads the stored state (a restart) and the replay comes again
    Harness restarted = new Harness(h.engine.config());
    restarted.now = h.now.plus(Duration.ofMinutes(1));
    restarted.state = ServiceStateCodec.fromBytes(ServiceStateCodec.toBytes(h.state));
    restarted.send(OperatorCommand.newBuilder(signed).build());
    assertRefused(restarted, SignatureRefusal.REPLAYED, "alice");
    assertThat(restarted.state.waivers).hasSize(1);
  }

  @Test
  void shouldRefuseAStaleOrFutureCommandAndForgetNoncesOnlyOnceTheyAreStale() {
    Harness h = signedHarness();
    OperatorCommand old = CommandSigning.sign(waive(h), ALICE);
    h.send(CommandSigning.sign(h.command(OperatorAction.ABORT), BOB));
    assertThat(h.state.seenNonces).hasSize(1);
    h.advance(Duration.ofMinutes(6));
    h.send(old);
    assertRefused(h, SignatureRefusal.STALE, "alice");
    assertThat(h.state.seenNonces).as("kept for maxAge plus the clock skew").hasSize(1);
    h.advance(FailoverPolicy.DEFAULT_MAX_CLOCK_SKEW);
    h.send(old);
    assertRefused(h, SignatureRefusal.STALE, "alice");
    assertThat(h.state.seenNonces).as("pruned after maxAge plus the clock skew").isEmpty();

    OperatorCommand future = waive(h);
    future.setIssuedAt(h.now.plus(Duration.ofMinutes(10)));
    h.send(CommandSigning.sign(future, ALICE));
    assertRefused(h, SignatureRefusal.STALE, "alice");
    assertThat(h.state.waivers).isEmpty();
  }

  @Test
  void shouldNotLetOneKeySatisfyTheTwoPersonRuleByTypingTwoNames() {
    CommandPolicy twoPerson =
        new CommandPolicy(
            CommandPolicy.DEFAULT_MAX_AGE,
            new CommandPolicy.TwoPersonRule(true, false, Duration.ofMinutes(15)),
            KEYS,
            true);
    Harness h = new Harness(Harness.config(policy(twoPerson))).steady();
    OperatorCommand first = h.command(OperatorAction.FORCE);
    first.setOperator("alice");
    h.send(CommandSigning.sign(first, ALICE));
    OperatorCommand second = h.command(OperatorAction.FORCE);
    second.setOperator("bob");
    h.send(CommandSigning.sign(second, ALICE));
    assertThat(CommandVerdict.of(only(h).details())).contains(CommandVerdict.PENDING);
    assertThat(h.triggers).isEmpty();

    OperatorCommand byBob = h.command(OperatorAction.FORCE);
    h.send(CommandSigning.sign(byBob, BOB));
    assertThat(h.audit.get(h.audit.size() - 1 - (h.last.audit().size() - 1)).actor())
        .isEqualTo("bob");
    assertThat(h.stages()).containsExactly("PREPARE:0");
  }

  @Test
  void shouldAcceptUnsignedCommandsWhenNoKeyIsListed() {
    Harness h = Harness.standard().steady();
    h.send(waive(h));
    assertThat(only(h).action()).isEqualTo(AuditAction.COMMAND);
    assertThat(only(h).actor()).isEqualTo("root");
  }

  @Test
  void shouldStillCheckSignedCommandsWhileUnsignedOnesAreAllowedDuringAMigration() {
    CommandPolicy migrating =
        new CommandPolicy(
            CommandPolicy.DEFAULT_MAX_AGE, CommandPolicy.TwoPersonRule.OFF, KEYS, false);
    Harness h = new Harness(Harness.config(policy(migrating))).steady();
    h.send(CommandSigning.sign(waive(h), SigningKey.generate("mallory")));
    assertRefused(h, SignatureRefusal.UNKNOWN_KEY, Commands.UNVERIFIED);
    h.send(waive(h));
    assertThat(only(h).action()).isEqualTo(AuditAction.COMMAND);
    assertThat(only(h).actor()).isEqualTo("root");
  }
}
