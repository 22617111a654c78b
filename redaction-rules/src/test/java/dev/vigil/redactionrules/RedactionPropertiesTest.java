package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.json.EventJson;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/** Generated events with planted PII of every covered type, redacted by the default rules. */
class RedactionPropertiesTest {
  private static final RedactionEngine ENGINE = RedactionEngine.create(TestKeys.defaultRules());
  private static final EventJson JSON = new EventJson();

  /** A planted value and its type. */
  record Pii(String type, String value) {}

  @Provide
  Arbitrary<Pii> pii() {
    Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(3).ofMaxLength(10);
    Arbitrary<Integer> octet = Arbitraries.integers().between(1, 254);
    return Arbitraries.oneOf(
        Combinators.combine(word, word)
            .as((a, b) -> new Pii("email", a + "." + b + "@example.com")),
        Combinators.combine(octet, octet).as((a, b) -> new Pii("ipv4", "198.51." + a + "." + b)),
        Arbitraries.integers()
            .between(1, 0xfffe)
            .map(
                i ->
                    new Pii(
                        "ipv6",
                        "2001:db8:" + Integer.toHexString(i) + "::" + Integer.toHexString(i + 1))),
        cards().map(c -> new Pii("card", c)),
        Arbitraries.of(
                "DE89370400440532013000",
                "GB29 NWBK 6016 1331 9268 19",
                "FR1420041010050500013M02606",
                "NL91ABNA0417164300",
                "CH9300762011623852957")
            .map(v -> new Pii("iban", v)),
        Combinators.combine(
                Arbitraries.integers().between(1, 665),
                Arbitraries.integers().between(1, 99),
                Arbitraries.integers().between(1, 9999))
            .as((a, g, s) -> new Pii("ssn", String.format("%03d-%02d-%04d", a, g, s))),
        Arbitraries.longs()
            .between(2_000_000_000L, 9_999_999_999L)
            .map(
                n ->
                    new Pii(
                        "phone",
                        String.format(
                            "+1 %03d %03d %04d", n / 10_000_000, n / 10_000 % 1000, n % 10_000))),
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .numeric()
            .ofLength(16)
            .map(s -> new Pii("aws_key", "AKIA" + s.toUpperCase())),
        Arbitraries.strings()
            .alpha()
            .numeric()
            .ofMinLength(6)
            .ofMaxLength(20)
            .map(s -> new Pii("password_pair", "Xy9" + s)),
        Arbitraries.integers()
            .between(0, 0xffffff)
            .map(
                i ->
                    new Pii(
                        "mac",
                        String.format(
                            "00:1d:a2:%02x:%02x:%02x", i >> 16, (i >> 8) & 255, i & 255))));
  }

  private static Arbitrary<String> cards() {
    return Arbitraries.strings()
        .numeric()
        .ofLength(14)
        .map(
            body -> {
              String partial = "4" + body;
              for (int d = 0; d < 10; d++) {
                if (dev.vigil.redactionrules.detect.Checksums.luhn(partial + d)) {
                  return partial + d;
                }
              }
              throw new IllegalStateException();
            });
  }

  /** The context a value is planted in, by type (pairs and keys need their key word). */
  private static String plant(Pii p, String before, String after) {
    String v = p.type().equals("password_pair") ? "password=" + p.value() : p.value();
    return before + " " + v + " " + after;
  }

  @Property(tries = 300)
  void plantedPiiNeverSurvivesRedaction(
      @ForAll("pii") Pii inMessage,
      @ForAll("pii") Pii inAttribute,
      @ForAll("pii") Pii inUser,
      @ForAll("words") String before,
      @ForAll("words") String after) {
    // Given an event with PII planted in the message, an attribute and the user field
    SecuritySignal in =
        Events.security(
            inUser.value(),
            "192.0.2.1",
            plant(inMessage, before, after),
            Map.of("http.url", plant(inAttribute, before, after)));

    // When it is redacted by the default rules
    RedactionOutcome out = ENGINE.redact(in);

    // Then no planted value is anywhere in its JSON form
    assertThat(out).isInstanceOf(RedactionOutcome.Redacted.class);
    String json = JSON.toJson(((RedactionOutcome.Redacted) out).event());
    for (Pii p : new Pii[] {inMessage, inAttribute, inUser}) {
      assertThat(json).as("%s planted", p.type()).doesNotContain(p.value());
    }
    assertThat(json).doesNotContain("192.0.2.1\"");
  }

  @Provide
  Arbitrary<String> words() {
    return Arbitraries.of("", "user", "login failed for", "from", "to:", "(", "ref A-17,", "\t");
  }

  @Property(tries = 200)
  void equalInputsGiveEqualPseudonymsUnderOneKeyAndDifferentOnesUnderTwo(@ForAll("pii") Pii user)
      throws Exception {
    // Given two engines whose rule sets use different key ids, and one engine loaded twice
    RedactionEngine k1 = engine("k1");
    RedactionEngine k1Again = engine("k1");
    RedactionEngine k2 = engine("k2");
    SecuritySignal a = Events.security(user.value(), null, "m", Map.of());
    SecuritySignal b = Events.security(user.value(), null, "other message", Map.of());

    // When the same user is redacted in two events
    String u1 = user(k1, a);
    String u1b = user(k1Again, b);
    String u2 = user(k2, a);

    // Then the pseudonyms are equal under one key id (another site, another event) and differ under
    // two
    assertThat(u1).isEqualTo(u1b).startsWith("pn:k1:");
    assertThat(u2).startsWith("pn:k2:");
    assertThat(u2.substring(6)).isNotEqualTo(u1.substring(6));
  }

  private static RedactionEngine engine(String key) throws RuleSetException {
    return RedactionEngine.create(
        RuleSetLoader.load(
            "k.yaml",
            "ruleset: k\nversion: 1\non_error: quarantine\nkeys: ["
                + key
                + "]\n"
                + "fields: {security: [{path: signal.user, operator: pseudonym, key: "
                + key
                + "}]}\n"
                + "scan: {detectors: [{type: email, operator: redact}]}\n",
            TestKeys.of(key)));
  }

  private static String user(RedactionEngine e, SecuritySignal s) {
    return ((SecuritySignal) ((RedactionOutcome.Redacted) e.redact(s)).event())
        .getSignal()
        .getUser();
  }

  @Property(tries = 200)
  void redactedOutputStaysValidAgainstTheSchema(
      @ForAll("pii") Pii planted, @ForAll("words") String before) throws Exception {
    // Given an event with planted PII
    SecuritySignal in =
        Events.security(
            "alice", "2001:db8::7", plant(planted, before, "x"), Map.of("k", planted.value()));

    // When it is redacted and round-tripped through Avro binary and the JSON form
    RedactionOutcome.Redacted out = (RedactionOutcome.Redacted) ENGINE.redact(in);
    SecuritySignal redacted = (SecuritySignal) out.event();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(SecuritySignal.class).write(redacted, enc);
    enc.flush();
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
    SecuritySignal back = new SpecificDatumReader<>(SecuritySignal.class).read(null, dec);

    // Then it decodes to an equal record, its hash is of those bytes, and its JSON form parses
    assertThat(back).isEqualTo(redacted);
    assertThat(out.contentHash())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(bytes.toByteArray())));
    assertThat(JSON.parse(JSON.toJson(redacted))).isEqualTo(redacted);
  }
}
