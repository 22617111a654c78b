package dev.vigil.streams.redaction;

import dev.vigil.redactionrules.keys.EphemeralKeys;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events with planted PII and the rule texts the redaction tests use. */
final class Fixtures {
  static final String PLANTED_EMAIL = "alice.liddell@example.org";
  static final String PLANTED_USER = "alice";
  static final String PLANTED_IP = "203.0.113.77";
  static final String PLANTED_CARD = "4111 1111 1111 1111";

  /** Every keyset name resolves to a keyset generated once per JVM (the same on both "sites"). */
  static final KeyProvider KEYS = new EphemeralKeys();

  private Fixtures() {}

  static SecuritySignal signal(int n) {
    return SampleEvents.security(
            "payments",
            n % 2 == 0 ? "primary" : "backup",
            "suricata-1",
            Instant.parse("2026-11-27T03:00:00Z").plusMillis(n),
            Signal.newBuilder()
                .setOrigin(SignalOrigin.SURICATA)
                .setSeverity(Severity.HIGH)
                .setCategory("attempted-admin")
                .setSignature("ET POLICY login attempt " + n)
                .setSrcIp(PLANTED_IP)
                .setUser(PLANTED_USER)
                .setMessage("login by " + PLANTED_EMAIL + " paid with " + PLANTED_CARD)
                .setAttributes(Map.of("n", Integer.toString(n)))
                .build())
        .setEventId(UUID.nameUUIDFromBytes(("signal-" + n).getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  static String defaultRules() {
    try (InputStream in = Fixtures.class.getResourceAsStream(RedactionApp.DEFAULT_RULES_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The default rules with another version number. */
  static String defaultRules(int version) {
    return defaultRules().replaceFirst("(?m)^version: \\d+$", "version: " + version);
  }

  /** Registers the redacted topics' schemas, as the bootstrap does (the redactor only looks up). */
  static void registerRedactedSubjects(SchemaRegistryClient registry) {
    for (EventKind kind : EventKind.values()) {
      var topic = Topics.redacted(kind);
      registry.register(topic.valueSubject(), topic.valueSchema().orElseThrow());
    }
  }
}
