package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedactionEngineTest {
  private static final String RULES =
      """
      ruleset: test
      version: 3
      on_error: quarantine
      keys: [k1]
      fields:
        security:
          - {path: signal.user, operator: pseudonym, key: k1}
          - {path: signal.src_ip, operator: truncate_ip}
          - {path: signal.host, operator: drop}
          - {path: signal.attributes.http.hostname, operator: mask, keep_last: 4}
          - {path: signal.attributes.flow_id, operator: keep}
          - {path: signal.attributes.cookie, operator: drop}
        health:
          - {path: check.vantage, operator: redact, tag: '[VANTAGE]'}
      scan:
        detectors:
          - {type: email, operator: redact}
          - {type: ipv4, operator: truncate_ip}
          - {type: card, operator: redact}
      """;

  private final RedactionEngine engine = RedactionEngine.create(load(RULES, TestKeys.of("k1")));

  private static RuleSet load(String yaml, KeyProvider keys) {
    try {
      return RuleSetLoader.load("test.yaml", yaml, keys);
    } catch (RuleSetException e) {
      throw new AssertionError(e);
    }
  }

  private static RedactionOutcome.Redacted redacted(RedactionOutcome o) {
    assertThat(o).isInstanceOf(RedactionOutcome.Redacted.class);
    return (RedactionOutcome.Redacted) o;
  }

  @Test
  void shouldApplyFieldRulesAndScanEveryOtherStringField() {
    // Given a security event with PII in structured fields, the message and attributes
    SecuritySignal in =
        Events.security(
            "alice",
            "192.0.2.45",
            "login by bob@example.com from 203.0.113.9 with card 4242 4242 4242 4242",
            Map.of(
                "http.hostname", "intranet.example.com",
                "flow_id", "4242424242424242",
                "cookie", "sid=abc",
                "http.referer", "mailto:carol@example.org"));

    // When it is redacted
    SecuritySignal out = (SecuritySignal) redacted(engine.redact(in)).event();

    // Then field rules and the scan were applied
    assertThat(out.getSignal().getUser()).matches("pn:k1:[0-9a-f]{8}:[a-z2-7]{26}");
    assertThat(out.getSignal().getSrcIp()).isEqualTo("192.0.2.0");
    assertThat(out.getSignal().getHost()).isNull();
    assertThat(out.getSignal().getMessage())
        .isEqualTo("login by [EMAIL] from 203.0.113.0 with card [CARD]");
    assertThat(out.getSignal().getAttributes())
        .containsEntry("http.hostname", "****************.com")
        .containsEntry("flow_id", "4242424242424242")
        .containsEntry("http.referer", "mailto:[EMAIL]")
        .doesNotContainKey("cookie");
    // and the envelope is untouched
    assertThat(out.getEventId()).isEqualTo(in.getEventId());
    assertThat(out.getSite()).isEqualTo("primary");
    assertThat(out.getObservedAt()).isEqualTo(in.getObservedAt());
  }

  @Test
  void shouldNotMutateTheInputEvent() {
    // Given an event and a copy of its state
    SecuritySignal in =
        Events.security(
            "alice", "192.0.2.45", "mail bob@example.com", Map.of("k", "x@example.com"));
    SecuritySignal before = SecuritySignal.newBuilder(in).build();

    // When it is redacted
    redacted(engine.redact(in));

    // Then the input is unchanged
    assertThat(in).isEqualTo(before);
    assertThat(in.getSignal().getMessage()).isEqualTo("mail bob@example.com");
  }

  @Test
  void shouldRedactInPlaceExactlyAsACopyAndHashTheBinaryItReturns() throws Exception {
    // Given two equal events
    SecuritySignal a =
        Events.security(
            "alice", "192.0.2.45", "mail bob@example.com", Map.of("k", "x@example.com"));
    SecuritySignal b = SecuritySignal.newBuilder(a).build();

    // When one is redacted on a copy and the other in place
    RedactionOutcome.Redacted copied = redacted(engine.redact(a));
    RedactionOutcome.Redacted inPlace = redacted(engine.redactInPlace(b));

    // Then the results are equal, the in-place one is the input itself, and the hash is that of
    // the returned Avro binary, which decodes to the redacted event
    assertThat(inPlace.event()).isSameAs(b).isEqualTo(copied.event());
    assertThat(inPlace.contentHash()).isEqualTo(copied.contentHash());
    assertThat(inPlace.binary()).isEqualTo(copied.binary());
    assertThat(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(inPlace.binary())))
        .isEqualTo(inPlace.contentHash());
    SecuritySignal decoded =
        new org.apache.avro.specific.SpecificDatumReader<>(SecuritySignal.class)
            .read(
                null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(inPlace.binary(), null));
    assertThat(decoded).isEqualTo(copied.event());
    assertThat(b.getSignal().getMessage()).isEqualTo("mail [EMAIL]");
  }

  @Test
  void shouldHashTheRedactedRecordDeterministically() {
    // Given two equal events
    SecuritySignal a = Events.security("alice", "192.0.2.45", "m bob@example.com", Map.of());
    SecuritySignal b = Events.security("alice", "192.0.2.45", "m bob@example.com", Map.of());
    SecuritySignal c = Events.security("alice2", "192.0.2.45", "m bob@example.com", Map.of());

    // When they are redacted
    String ha = redacted(engine.redact(a)).contentHash();
    String hb = redacted(engine.redact(b)).contentHash();
    String hc = redacted(engine.redact(c)).contentHash();

    // Then equal inputs hash equally, different ones differently, as SHA-256 hex
    assertThat(ha).isEqualTo(hb).matches("[0-9a-f]{64}");
    assertThat(hc).isNotEqualTo(ha);
  }

  @Test
  void shouldCountSpansPerDetector() {
    // Given a message with two e-mails and one IPv4 address, and dst_ip (no rule, so scanned)
    SecuritySignal in =
        Events.security("u", null, "a@example.com b@example.com 192.0.2.1", Map.of());

    // When it is redacted
    RedactionOutcome.Redacted out = redacted(engine.redact(in));

    // Then the counts say so
    assertThat(out.countsByDetector()).containsEntry("email", 2).containsEntry("ipv4", 2);
  }

  @Test
  void shouldRedactHealthAndPostureEvents() {
    // Given a health event and a posture finding with PII in free text
    HealthCheckResult h =
        Events.health("https://admin:hunter2@192.0.2.10/login", "timeout talking to 192.0.2.10");
    PostureFinding p = Events.posture("owner=ops@example.com", Map.of("contact", "x@example.org"));

    // When redacted
    HealthCheckResult hr = (HealthCheckResult) redacted(engine.redact(h)).event();
    PostureFinding pr = (PostureFinding) redacted(engine.redact(p)).event();

    // Then the field rule and the scan apply per kind
    assertThat(hr.getCheck().getVantage()).isEqualTo("[VANTAGE]");
    assertThat(hr.getCheck().getError()).isEqualTo("timeout talking to 192.0.2.0");
    assertThat(pr.getFinding().getObserved()).isEqualTo("owner=[EMAIL]");
    assertThat(pr.getFinding().getDetails()).containsEntry("contact", "[EMAIL]");
  }

  @Test
  void shouldFailClosedWhenTheKeyProviderFailsDuringRedaction() {
    // Given a key provider that serves the key at load time and fails afterwards
    AtomicInteger calls = new AtomicInteger();
    KeyProvider flaky =
        id -> {
          if (calls.incrementAndGet() > 1) {
            throw new KeyException("key " + id + " is unavailable (HSM down)");
          }
          return TestKeys.of("k1").keyset(id);
        };
    RedactionEngine e = RedactionEngine.create(load(RULES, flaky));
    SecuritySignal in = Events.security("alice", "192.0.2.45", "secret-user alice", Map.of());

    // When an event is redacted on a thread that has not resolved the key yet
    RedactionOutcome[] out = new RedactionOutcome[1];
    Thread t = new Thread(() -> out[0] = e.redact(in));
    t.start();
    join(t);

    // Then the outcome is Failed, names the rule path, and carries no event value
    assertThat(out[0]).isInstanceOf(RedactionOutcome.Failed.class);
    RedactionOutcome.Failed f = (RedactionOutcome.Failed) out[0];
    assertThat(f.stage()).isEqualTo("redact");
    assertThat(f.errorClass()).isEqualTo(KeyException.class.getName());
    assertThat(f.reason()).contains("signal.user").contains("pseudonym").doesNotContain("alice");
  }

  @Test
  void shouldFailClosedOnAnEventThatCannotBeEncoded() {
    // Given an event whose required string field is null (invalid Avro)
    SecuritySignal in = Events.security("alice", "192.0.2.45", "bob@example.com", Map.of());
    in.getSignal().setCategory(null);

    // When it is redacted
    RedactionOutcome out = engine.redact(in);

    // Then it fails at encoding and no record is returned
    assertThat(out).isInstanceOf(RedactionOutcome.Failed.class);
    assertThat(((RedactionOutcome.Failed) out).stage()).isEqualTo("encode");
    assertThat(out.toString()).doesNotContain("bob@example.com").doesNotContain("alice");
  }

  @Test
  void shouldRejectAnEventWhoseKindContradictsItsType() {
    // Given a security signal that claims to be a health event
    SecuritySignal in = Events.security("alice", null, "m", Map.of());
    in.setKind(EventKind.HEALTH);

    // When it is redacted
    RedactionOutcome out = engine.redact(in);

    // Then it fails validation
    assertThat(out)
        .isEqualTo(
            new RedactionOutcome.Failed(
                "validate", "KindMismatch", "kind field contradicts the record type"));
  }

  @Test
  void shouldFailForNullAndNonEventRecords() {
    // When a null and a nested (non-event) record are redacted, Then both fail at dispatch
    assertThat(engine.redact(null)).isInstanceOf(RedactionOutcome.Failed.class);
    RedactionOutcome nested = engine.redact(Events.security("a", null, "m", Map.of()).getSignal());
    assertThat(((RedactionOutcome.Failed) nested).stage()).isEqualTo("dispatch");
  }

  @Test
  void shouldReportMetricsPerDetectorOperatorAndFailure() {
    // Given an engine with a recording metrics listener
    List<String> seen = new ArrayList<>();
    RedactionMetrics m =
        new RedactionMetrics() {
          @Override
          public void detectorHits(String kind, String detector, int count) {
            seen.add("hit " + kind + " " + detector + " " + count);
          }

          @Override
          public void operatorApplied(String kind, String operator, int count) {
            seen.add("op " + kind + " " + operator + " " + count);
          }

          @Override
          public void failed(String kind, String stage, String errorClass) {
            seen.add("fail " + kind + " " + stage);
          }
        };
    RedactionEngine e = RedactionEngine.create(load(RULES, TestKeys.of("k1")), m);

    // When one good and one bad event are redacted
    e.redact(Events.security("alice", null, "x@example.com", Map.of()));
    SecuritySignal bad = Events.security("alice", null, "m", Map.of());
    bad.setKind(EventKind.POSTURE);
    e.redact(bad);

    // Then the listener saw hits, operators and the failure
    assertThat(seen)
        .contains(
            "hit security email 1",
            "op security redact 1",
            "op security pseudonym 1",
            "fail security validate");
  }

  @Test
  void shouldExposeRuleSetIdAndVersion() {
    assertThat(engine.ruleSetId()).isEqualTo("test");
    assertThat(engine.version()).isEqualTo(3);
  }

  @Test
  void shouldBeUsableFromManyThreadsWithEqualResults() throws Exception {
    // Given one engine and one event
    SecuritySignal in =
        Events.security("alice", "192.0.2.45", "bob@example.com 192.0.2.9", Map.of());
    String expected = redacted(engine.redact(in)).contentHash();

    // When 4 threads redact it 200 times each
    List<Thread> threads = new ArrayList<>();
    List<String> hashes = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      Thread t =
          new Thread(
              () -> {
                for (int k = 0; k < 200; k++) {
                  hashes.add(((RedactionOutcome.Redacted) engine.redact(in)).contentHash());
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      join(t);
    }

    // Then every result is the same
    assertThat(hashes).hasSize(800).containsOnly(expected);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldFailAnEventWithAHostileIdentifierAtTheBoundsStageWithoutEchoingIt() {
    // Given an event written straight to a raw topic, past ingest, with U+202E in its service
    SecuritySignal in = Events.security("alice", null, "m", Map.of());
    in.setService("pay\u202Eevil");

    // When it is redacted
    RedactionOutcome out = RedactionEngine.create(TestKeys.defaultRules()).redact(in);

    // Then it fails (and is quarantined by the redactor) naming the field and the rule
    assertThat(out)
        .isEqualTo(
            new RedactionOutcome.Failed(
                "bounds",
                "OutOfBounds",
                "service: contains a format character (bidi override or zero-width)"));
  }
}
