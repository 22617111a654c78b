package dev.vigil.streams.ocsf;

import dev.vigil.redactionrules.RedactionEngine;
import dev.vigil.redactionrules.RedactionOutcome;
import dev.vigil.redactionrules.RuleSetLoader;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.streams.redaction.RedactionApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Shared fixtures of the OCSF tests: the shipped default rules with fixed test keys, and the
 * planted PII values the redaction tests use (redaction/Fixtures).
 */
public final class OcsfFixtures {
  public static final String PLANTED_EMAIL = "alice.liddell@example.org";
  public static final String PLANTED_USER = "alice";
  public static final String PLANTED_IP = "203.0.113.77";
  public static final String PLANTED_CARD = "4111 1111 1111 1111";
  public static final List<String> PLANTED =
      List.of(PLANTED_EMAIL, PLANTED_IP, PLANTED_CARD, "4111111111111111");

  /** Throw-away Tink keysets (as in the redaction tests). */
  public static final KeyProvider KEYS = new dev.vigil.redactionrules.keys.EphemeralKeys();

  public static final OcsfMapper MAPPER = new OcsfMapper("0.1.0-test");

  private static final RedactionEngine ENGINE = engine();

  private OcsfFixtures() {}

  /** {@code value} mapped with a fresh posture ledger (no violation open). */
  public static Exported export(String key, SpecificRecord value, Provenance provenance) {
    return MAPPER.map(key, value, provenance, PostureLedger.inMemory());
  }

  /** The default rule set's engine. */
  public static RedactionEngine engine() {
    try (InputStream in =
        RedactionApp.class.getResourceAsStream(RedactionApp.DEFAULT_RULES_RESOURCE)) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return RedactionEngine.create(RuleSetLoader.load("default.yaml", yaml, KEYS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code event} redacted by the default rules, as the redactor writes it. */
  public static SpecificRecord redact(SpecificRecord event) {
    RedactionOutcome outcome = ENGINE.redact(event);
    if (outcome instanceof RedactionOutcome.Redacted r) {
      return r.event();
    }
    throw new AssertionError("redaction failed: " + outcome);
  }

  /** The provenance the redactor's headers give a record of {@code kind}. */
  public static Provenance redactedProvenance(EventKind kind) {
    return Provenance.redacted(
        Topics.redacted(kind).name(), ENGINE.ruleSetId(), Integer.toString(ENGINE.version()));
  }

  /** A raw signal with PII planted in the user, source address and message. */
  public static SecuritySignal plantedSignal(int n) {
    return SampleEvents.security(
            "payments",
            "primary",
            "suricata-1",
            Instant.parse("2026-11-27T03:00:00Z").plusMillis(n),
            Signal.newBuilder()
                .setOrigin(SignalOrigin.SURICATA)
                .setSeverity(Severity.HIGH)
                .setCategory("attempted-admin")
                .setSignature("ET POLICY login attempt " + n)
                .setSrcIp(PLANTED_IP)
                .setDstIp("2001:db8::7")
                .setUser(PLANTED_USER)
                .setHost("db-1.payments.internal")
                .setMessage("login by " + PLANTED_EMAIL + " paid with " + PLANTED_CARD)
                .setAttributes(
                    Map.of(
                        "signature_id", "2017318",
                        "src_port", "51234",
                        "dest_port", "443",
                        "flow_id", "1234567890",
                        "mitre_ids", "T1190,T1059.004",
                        "note", "card " + PLANTED_CARD))
                .build())
        .setEventId(UUID.nameUUIDFromBytes(("signal-" + n).getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
