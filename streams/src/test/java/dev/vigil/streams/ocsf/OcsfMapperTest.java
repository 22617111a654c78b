package dev.vigil.streams.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.SampleEvents;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-record mapping, each output checked by the OCSF validator. */
class OcsfMapperTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldMapARedactedSignalToAValidDetectionFindingWithoutPlantedPii() throws Exception {
    // Given a signal with planted PII, redacted by the default rules
    SecuritySignal redacted = (SecuritySignal) OcsfFixtures.redact(OcsfFixtures.plantedSignal(1));
    // When it is mapped
    Exported.Event event =
        (Exported.Event)
            OcsfFixtures.export(
                "payments", redacted, OcsfFixtures.redactedProvenance(EventKind.SECURITY));
    // Then it is a valid Detection Finding without any planted value
    assertThat(OcsfValidator.shared().validate(event.json())).isEmpty();
    assertThat(event.json()).doesNotContain(OcsfFixtures.PLANTED).doesNotContain("\"alice\"");
    JsonNode e = JSON.readTree(event.json());
    assertThat(e.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(e.get("type_uid").asLong()).isEqualTo(200401);
    assertThat(e.get("severity_id").asInt()).isEqualTo(4);
    assertThat(e.get("time").asLong())
        .isEqualTo(Instant.parse("2026-11-27T03:00:00.001Z").toEpochMilli());
    assertThat(e.at("/metadata/uid").asText()).isEqualTo(redacted.getEventId().toString());
    assertThat(e.at("/metadata/correlation_uid").asText()).isEqualTo("1234567890");
    assertThat(e.at("/metadata/tags/0/value").asText()).isEqualTo("vigil-default");
    assertThat(e.at("/metadata/tags/1/name").asText()).isEqualTo("vigil.ruleset.version");
    assertThat(e.at("/metadata/log_name").asText()).isEqualTo(Topics.SECURITY.name());
    assertThat(e.at("/finding_info/title").asText()).isEqualTo("ET POLICY login attempt 1");
    assertThat(e.at("/finding_info/analytic/uid").asText()).isEqualTo("2017318");
    assertThat(e.at("/finding_info/attacks/1/sub_technique/uid").asText()).isEqualTo("T1059.004");
    assertThat(e.at("/attacks/1/technique/uid").asText()).isEqualTo("T1059");
    assertThat(e.at("/evidences/0/src_endpoint/uid").asText()).startsWith("pn:vigil-pseudonym:");
    assertThat(e.at("/evidences/0/src_endpoint/port").asInt()).isEqualTo(51234);
    assertThat(e.at("/evidences/0/user/uid").asText()).isEqualTo(redacted.getSignal().getUser());
    assertThat(e.at("/unmapped/attributes/note").asText())
        .isEqualTo(redacted.getSignal().getAttributes().get("note"))
        .startsWith("card ");
    assertThat(e.at("/unmapped/attributes").has("signature_id")).isFalse();
    assertThat(e.at("/unmapped/site").asText()).isEqualTo("primary");
  }

  /** One planted value of every type the redaction property test plants, by type. */
  private static final Map<String, String> PLANTED_BY_TYPE =
      Map.ofEntries(
          Map.entry("email", "mary.major@example.com"),
          Map.entry("ipv4", "198.51.100.23"),
          Map.entry("ipv6", "2001:db8:7a::7b"),
          Map.entry("card", "4111111111111111"),
          Map.entry("iban", "DE89370400440532013000"),
          Map.entry("ssn", "078-05-1120"),
          Map.entry("phone", "+1 415 555 2671"),
          Map.entry("aws_key", "AKIAIOSFODNN7EXAMPLE"),
          Map.entry("password_pair", "Xy9hunter2secret"),
          Map.entry("mac", "00:1d:a2:0f:10:11"));

  @Test
  void shouldCarryNoPlantedValueOfAnyTypeIntoSignalOrPostureEvents() throws Exception {
    PostureLedger ledger = PostureLedger.inMemory();
    for (Map.Entry<String, String> p : PLANTED_BY_TYPE.entrySet()) {
      String planted =
          p.getKey().equals("password_pair") ? "password=" + p.getValue() : p.getValue();
      // Given a signal and a posture violation with the value planted in every free-text field
      SecuritySignal signal = OcsfFixtures.plantedSignal(7);
      signal.getSignal().setMessage("seen " + planted + " here");
      signal.getSignal().setAttributes(Map.of("detail", "x " + planted + " y", "src_port", "22"));
      PostureFinding posture = posture(FindingStatus.VIOLATION, Severity.HIGH);
      posture.getFinding().setObserved("value " + planted);
      posture.getFinding().setDetails(Map.of("line", "conf " + planted));
      // When both are redacted by the default rules and exported
      JsonNode detection =
          valid(
              OcsfFixtures.export(
                  "payments",
                  OcsfFixtures.redact(signal),
                  OcsfFixtures.redactedProvenance(EventKind.SECURITY)));
      ledger.close("posture:dr:payments:CERTIFICATE:tls-main");
      JsonNode compliance =
          valid(
              OcsfFixtures.MAPPER.map(
                  "payments",
                  OcsfFixtures.redact(posture),
                  OcsfFixtures.redactedProvenance(EventKind.POSTURE),
                  ledger));
      // Then neither event carries the value
      assertThat(detection.toString()).as(p.getKey()).doesNotContain(p.getValue());
      assertThat(compliance.toString()).as(p.getKey()).doesNotContain(p.getValue());
    }
  }

  @Test
  void shouldPutAnAddressTheRulesKeptIntoIpWithAnIpObservable() throws Exception {
    // Given a signal whose addresses were kept (a rule set without address rules)
    SecuritySignal kept = OcsfFixtures.plantedSignal(2);
    kept.getSignal().setMessage(null);
    kept.getSignal().setAttributes(Map.of());
    Exported.Event event =
        (Exported.Event)
            OcsfFixtures.export(
                "payments", kept, OcsfFixtures.redactedProvenance(EventKind.SECURITY));
    assertThat(OcsfValidator.shared().validate(event.json())).isEmpty();
    JsonNode e = JSON.readTree(event.json());
    assertThat(e.at("/evidences/0/src_endpoint/ip").asText()).isEqualTo("203.0.113.77");
    assertThat(e.at("/evidences/0/dst_endpoint/ip").asText()).isEqualTo("2001:db8::7");
    assertThat(e.get("observables").findValuesAsText("name"))
        .contains("evidences.src_endpoint.ip", "evidences.dst_endpoint.ip", "resources.uid");
  }

  @Test
  void shouldNeverExportASignalThatCarriesNoRedactionHeaders() {
    Exported out =
        OcsfFixtures.export(
            "payments", OcsfFixtures.plantedSignal(3), Provenance.of(Topics.SECURITY.name()));
    assertThat(out)
        .isEqualTo(
            new Exported.Rejected(
                "provenance",
                "NotRedacted",
                "no vigil.ruleset.id/version headers: not written by the redactor"));
  }

  @Test
  void shouldReportAPostureControlsChangesNotItsRepetitions() throws Exception {
    // Given one ledger of open violations, as the topology's store keeps it
    PostureLedger ledger = PostureLedger.inMemory();
    Provenance provenance = OcsfFixtures.redactedProvenance(EventKind.POSTURE);
    // When a control passes with nothing open, Then nothing is reported
    assertThat(map(posture(FindingStatus.OK, Severity.HIGH), provenance, ledger))
        .isEqualTo(new Exported.Skipped("posture control holds"));
    // When it is violated, Then the finding is created (compliance Fail)
    JsonNode opened =
        valid(map(posture(FindingStatus.VIOLATION, Severity.HIGH), provenance, ledger));
    assertThat(opened.get("class_uid").asInt()).isEqualTo(2003);
    assertThat(opened.get("activity_name").asText()).isEqualTo("Create");
    assertThat(opened.at("/compliance/status_id").asInt()).isEqualTo(3);
    assertThat(opened.at("/finding_info/title").asText())
        .isEqualTo("certificate control tls-main violated");
    assertThat(opened.at("/unmapped/not_after").asLong())
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
    // When the same violation is reported again, Then nothing; when it changes, an update
    assertThat(map(posture(FindingStatus.VIOLATION, Severity.HIGH), provenance, ledger))
        .isEqualTo(new Exported.Skipped("posture violation unchanged"));
    JsonNode updated =
        valid(map(posture(FindingStatus.VIOLATION, Severity.CRITICAL), provenance, ledger));
    assertThat(updated.get("activity_name").asText()).isEqualTo("Update");
    assertThat(updated.get("severity_id").asInt()).isEqualTo(5);
    // When it passes, Then the same finding is closed as resolved, once
    JsonNode closed = valid(map(posture(FindingStatus.OK, Severity.HIGH), provenance, ledger));
    assertThat(closed.get("activity_name").asText()).isEqualTo("Close");
    assertThat(closed.get("status").asText()).isEqualTo("Resolved");
    assertThat(closed.at("/compliance/status").asText()).isEqualTo("Pass");
    assertThat(closed.at("/finding_info/uid")).isEqualTo(opened.at("/finding_info/uid"));
    assertThat(map(posture(FindingStatus.OK, Severity.HIGH), provenance, ledger))
        .isInstanceOf(Exported.Skipped.class);
  }

  private static Exported map(PostureFinding p, Provenance provenance, PostureLedger ledger) {
    return OcsfFixtures.MAPPER.map("payments", p, provenance, ledger);
  }

  @Test
  void shouldMapAuditedCommandsAndRuleChangesToEntityManagementAndSkipOtherAuditEntries()
      throws Exception {
    JsonNode waive =
        valid(
            OcsfFixtures.export(
                "failover",
                audit(
                    "command",
                    "payments",
                    "ops-1",
                    Map.of(
                        "command",
                        "WAIVE",
                        "command_id",
                        "c-1",
                        "gate",
                        "INTRUSION",
                        "outcome",
                        "applied: INTRUSION waived on dr until 2026-11-27T04:00:00Z",
                        "reason",
                        "call with " + OcsfFixtures.PLANTED_EMAIL)),
                Provenance.of(Topics.AUDIT.name())));
    assertThat(waive.get("class_uid").asInt()).isEqualTo(3004);
    assertThat(waive.get("activity_id").asInt()).isEqualTo(12);
    assertThat(waive.get("status_id").asInt()).isEqualTo(1);
    assertThat(waive.at("/actor/user/name").asText()).isEqualTo("ops-1");
    assertThat(waive.at("/entity/data/gate").asText()).isEqualTo("INTRUSION");
    assertThat(waive.toString()).doesNotContain(OcsfFixtures.PLANTED_EMAIL);
    JsonNode approve =
        valid(
            OcsfFixtures.export(
                "failover",
                audit(
                    "command",
                    "payments",
                    "ops-2",
                    Map.of(
                        "command",
                        "APPROVE",
                        "command_id",
                        "c-2",
                        "outcome",
                        "ignored: nothing awaits approval")),
                Provenance.of(Topics.AUDIT.name())));
    assertThat(approve.get("activity_id").asInt()).isEqualTo(99);
    assertThat(approve.get("activity_name").asText()).isEqualTo("Approve");
    assertThat(approve.get("status_id").asInt()).isEqualTo(2);
    JsonNode rules =
        valid(
            OcsfFixtures.export(
                "redactor",
                audit(
                    "rules.published",
                    "vigil-default",
                    "rule-author",
                    Map.of("ruleset", "vigil-default", "version", "2", "sha256", "ab")),
                Provenance.of(Topics.AUDIT.name())));
    assertThat(rules.at("/entity/type_id").asInt()).isEqualTo(5);
    assertThat(rules.at("/entity/policy/version").asText()).isEqualTo("2");
    JsonNode rejected =
        valid(
            OcsfFixtures.export(
                "redactor",
                audit(
                    "rules.rejected",
                    "vigil-default",
                    "unknown",
                    Map.of("error", "RuleSetException", "sha256", "ab")),
                Provenance.of(Topics.AUDIT.name())));
    assertThat(rejected.get("status_id").asInt()).isEqualTo(2);
    assertThat(
            OcsfFixtures.export(
                "failover",
                audit("transition", "payments", "vigil-failover", Map.of()),
                Provenance.of(Topics.AUDIT.name())))
        .isInstanceOf(Exported.Skipped.class);
  }

  static JsonNode valid(Exported out) throws Exception {
    assertThat(out).isInstanceOf(Exported.Event.class);
    String json = ((Exported.Event) out).json();
    assertThat(OcsfValidator.shared().validate(json)).as(json).isEmpty();
    return JSON.readTree(json);
  }

  private static PostureFinding posture(FindingStatus status, Severity severity) {
    return SampleEvents.posture(
            "payments",
            "dr",
            "posture-1",
            Instant.parse("2026-11-27T03:00:00Z"),
            Finding.newBuilder()
                .setCheck(PostureCheck.CERTIFICATE)
                .setStatus(status)
                .setSeverity(severity)
                .setControlId("tls-main")
                .setCertFingerprint("AA:BB")
                .setNotAfter(Instant.parse("2026-12-01T00:00:00Z"))
                .build())
        .build();
  }

  private static AuditRecord audit(
      String action, String subject, String actor, Map<String, String> details) {
    return AuditRecord.newBuilder()
        .setSeq(7)
        .setRecordId("aud-" + action)
        .setOccurredAt(Instant.parse("2026-11-27T03:00:00Z"))
        .setActor(actor)
        .setAction(action)
        .setSubject(subject)
        .setDetails(details)
        .setPayloadJson("{\"reason\":\"call with " + OcsfFixtures.PLANTED_EMAIL + "\"}")
        .setPrevHash("0".repeat(64))
        .setHash("f".repeat(64))
        .setChain("failover")
        .build();
  }
}
