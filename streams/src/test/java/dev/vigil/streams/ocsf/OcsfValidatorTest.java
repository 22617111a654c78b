package dev.vigil.streams.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The test-side OCSF validator rejects what an independent OCSF validator would reject. */
class OcsfValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OcsfValidator VALIDATOR = OcsfValidator.shared();

  /** A minimal valid Detection Finding (2004), written by hand from the schema. */
  private static final String VALID =
      """
      {"class_uid":2004,"class_name":"Detection Finding","category_uid":2,
       "category_name":"Findings","activity_id":1,"activity_name":"Create","type_uid":200401,
       "type_name":"Detection Finding: Create","severity_id":4,"severity":"High",
       "time":1764816000000,"status_id":1,"status":"New",
       "metadata":{"version":"1.8.0","uid":"e-1","product":{"name":"Vigil","vendor_name":"Vigil"}},
       "finding_info":{"uid":"e-1","title":"ET TROJAN IRC C2",
         "analytic":{"type_id":1,"type":"Rule","uid":"2017318"}},
       "evidences":[{"src_endpoint":{"uid":"tok-1","port":6667}}],
       "observables":[{"name":"resources.uid","type_id":10,"value":"payments"}],
       "resources":[{"uid":"payments","name":"payments"}],
       "unmapped":{"anything":{"goes":[1,"two"]}}}
      """;

  @Test
  void shouldAcceptAHandWrittenDetectionFinding() {
    assertThat(VALIDATOR.validate(VALID)).isEmpty();
  }

  @Test
  void shouldRejectAMissingRequiredAttributeAtAnyDepth() {
    assertThat(errors(e -> e.remove("time")))
        .containsExactly("$.time: required by detection_finding");
    assertThat(errors(e -> ((ObjectNode) e.get("finding_info")).remove("uid")))
        .containsExactly("$.finding_info.uid: required by finding_info");
    assertThat(errors(e -> ((ObjectNode) e.get("metadata")).remove("product")))
        .containsExactly("$.metadata.product: required by metadata");
    // recommended by the schema, required by SIEM-side validators and by this one
    assertThat(errors(e -> ((ObjectNode) e.get("finding_info")).remove("title")))
        .containsExactly("$.finding_info.title: required by finding_info");
  }

  @Test
  void shouldRejectAValueOutsideTheEnum() {
    assertThat(errors(e -> e.put("severity_id", 7).remove("severity")))
        .containsExactly("$.severity_id: 7 is not in the enum [0, 1, 2, 3, 4, 5, 6, 99]");
    assertThat(errors(e -> e.put("status_id", 9).remove("status"))).hasSize(1);
    assertThat(errors(e -> ((ObjectNode) e.at("/finding_info/analytic")).put("type_id", 42)))
        .singleElement()
        .asString()
        .startsWith("$.finding_info.analytic.type_id: 42 is not in the enum");
  }

  @Test
  void shouldRejectASiblingCaptionThatDoesNotMatchItsId() {
    assertThat(errors(e -> e.put("severity", "Low")))
        .containsExactly(
            "$.severity: must be the caption of severity_id 4 ('High') but was \"Low\"");
  }

  @Test
  void shouldRejectAnAttributeTheClassOrObjectDoesNotDefine() {
    assertThat(errors(e -> e.put("src_ip", "10.0.0.1")))
        .containsExactly("$.src_ip: not an attribute of detection_finding");
    assertThat(errors(e -> ((ObjectNode) e.get("finding_info")).put("severity", "x")))
        .containsExactly("$.finding_info.severity: not an attribute of finding_info");
  }

  @Test
  void shouldRejectWrongTypes() {
    assertThat(errors(e -> e.put("time", "2026-12-04T00:00:00Z")))
        .containsExactly("$.time: STRING is not a timestamp_t");
    assertThat(errors(e -> e.put("severity_id", "4")))
        .contains("$.severity_id: STRING is not a integer_t");
    assertThat(errors(e -> ((ObjectNode) e.at("/evidences/0/src_endpoint")).put("ip", "tok-1")))
        .containsExactly("$.evidences[0].src_endpoint.ip: does not match the ip_t pattern");
    assertThat(errors(e -> ((ObjectNode) e.at("/evidences/0/src_endpoint")).put("port", 70000)))
        .containsExactly("$.evidences[0].src_endpoint.port: 70000 is outside [0,65535] for port_t");
    assertThat(errors(e -> e.put("evidences", "x")))
        .containsExactly("$.evidences: must be an array of evidences");
    assertThat(errors(e -> e.putNull("message")))
        .containsExactly("$.message: null is not a value; omit the attribute");
  }

  @Test
  void shouldRejectInconsistentClassification() {
    assertThat(errors(e -> e.put("type_uid", 200402)))
        .containsExactly("$.type_uid: must be class_uid * 100 + activity_id = 200401");
    assertThat(errors(e -> e.put("category_uid", 3)))
        .containsExactly("$.category_uid: class 2004 is in category 2");
    assertThat(errors(e -> e.put("class_name", "Incident Finding")))
        .containsExactly("$.class_name: must be 'Detection Finding' but was \"Incident Finding\"");
    assertThat(errors(e -> e.put("class_uid", 2999)))
        .containsExactly("$.class_uid: 2999 is not a class of the schema");
    assertThat(errors(e -> e.put("activity_id", 2).put("type_uid", 200402)))
        .containsExactly(
            "$.type_name: must be 'Detection Finding: Update' but was \"Detection Finding: Create\"",
            "$.activity_name: must be the caption of activity_id 2 ('Update') but was \"Create\"");
  }

  @Test
  void shouldRequireTheSchemaVersionInMetadata() {
    assertThat(errors(e -> ((ObjectNode) e.get("metadata")).put("version", "1.1.0")))
        .containsExactly("$.metadata.version: must be the schema version 1.8.0 but was \"1.1.0\"");
  }

  @Test
  void shouldAllowProfileAttributesOnlyWithTheirProfile() {
    assertThat(errors(e -> e.put("action_id", 3)))
        .containsExactly("$.action_id: needs the 'security_control' profile in metadata.profiles");
    assertThat(
            errors(
                e -> {
                  e.put("action_id", 3);
                  ((ObjectNode) e.get("metadata")).putArray("profiles").add("security_control");
                }))
        .isEmpty();
    assertThat(errors(e -> ((ObjectNode) e.get("metadata")).putArray("profiles").add("nope")))
        .containsExactly("$.metadata.profiles: unknown profile 'nope'");
  }

  @Test
  void shouldRejectObservablesWhoseTypeDoesNotMatchTheNamedAttribute() {
    assertThat(errors(e -> ((ObjectNode) e.at("/observables/0")).put("type_id", 2)))
        .containsExactly("$.observables[0].type_id: 2 but resources.uid is of observable type 10");
    assertThat(errors(e -> ((ObjectNode) e.at("/observables/0")).put("name", "resources.nope")))
        .containsExactly("$.observables[0].name: 'resources.nope' names no observable attribute");
    assertThat(errors(e -> ((ObjectNode) e.at("/observables/0")).put("type_id", 1234)))
        .singleElement()
        .asString()
        .startsWith("$.observables[0].type_id: 1234 is not in the enum [0, 1, 2,");
  }

  @Test
  void shouldEnforceObjectConstraints() {
    assertThat(errors(e -> ((ObjectNode) e.at("/evidences/0/src_endpoint")).remove("uid")))
        .singleElement()
        .asString()
        .startsWith("$.evidences[0].src_endpoint: network_endpoint needs at least one of [ip, uid");
  }

  @Test
  void shouldCompileIncidentFindingWithItsInheritedAndOwnEnums() {
    var cls = OcsfSchema.load(OcsfValidator.schemaRoot()).eventClass(2005).orElseThrow();
    assertThat(cls.shape().attributes().get("status_id").enumCaptions())
        .containsEntry("3", "On Hold")
        .containsEntry("99", "Other");
    assertThat(cls.shape().attributes().get("finding_info_list").required()).isTrue();
    assertThat(cls.shape().constraints()).containsKey("at_least_one");
  }

  private static java.util.List<String> errors(Consumer<ObjectNode> change) {
    try {
      ObjectNode event = (ObjectNode) JSON.readTree(VALID);
      change.accept(event);
      return VALIDATOR.validate(event);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
