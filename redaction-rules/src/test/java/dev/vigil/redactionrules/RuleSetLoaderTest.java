package dev.vigil.redactionrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleSetLoaderTest {
  private static final String HEAD =
      """
      ruleset: t
      version: 1
      on_error: quarantine
      keys: [k1]
      """;
  private static final String SCAN =
      """
      scan:
        detectors:
          - {type: email, operator: redact}
      """;

  private static RuleSetException error(String yaml) {
    try {
      RuleSetLoader.load("rules/t.yaml", yaml, TestKeys.of("k1"));
    } catch (RuleSetException e) {
      return e;
    }
    throw new AssertionError("loaded although invalid:\n" + yaml);
  }

  @Test
  void shouldLoadTheShippedDefaultRuleSet() {
    // When the default rule set is loaded
    RuleSet rs = TestKeys.defaultRules();

    // Then it has its id, version, key and every built-in detector
    assertThat(rs.id()).isEqualTo("vigil-default");
    assertThat(rs.version()).isEqualTo(1);
    assertThat(rs.keyIds()).containsExactly("vigil-pseudonym");
    assertThat(rs.detectors())
        .containsExactlyInAnyOrderElementsOf(
            dev.vigil.redactionrules.detect.BuiltInDetectors.names());
  }

  @Test
  void shouldLoadFromAFileAndNameItInErrors(@TempDir Path dir) throws Exception {
    // Given a rule file with a bad on_error on line 3
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "ruleset: t\nversion: 1\non_error: pass_through\n" + SCAN);

    // When / Then loading it names file, line and path, and why
    assertThatThrownBy(() -> RuleSetLoader.load(f, TestKeys.of()))
        .isInstanceOf(RuleSetException.class)
        .hasMessage(
            f
                + ":3: on_error: only 'quarantine' is allowed: redaction fails closed and has no"
                + " pass-through mode");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown top-level key | extra: 1 | 5 | extra | unknown key 'extra'
          unknown field in a path | fields: {security: [{path: signal.usr, operator: drop}]} | 5 | fields.security[0].path | unknown field 'usr' in Signal
          path into a record | fields: {security: [{path: signal, operator: drop}]} | 5 | fields.security[0].path | is a record
          path into a number | fields: {health: [{path: check.latency_ms, operator: drop}]} | 5 | fields.health[0].path | has type long
          path below a string | fields: {security: [{path: signal.user.name, operator: drop}]} | 5 | fields.security[0].path | has no sub-fields
          protected envelope field | fields: {security: [{path: event_id, operator: drop}]} | 5 | fields.security[0].path | protected envelope field
          protected site | fields: {posture: [{path: site, operator: redact}]} | 5 | fields.posture[0].path | protected envelope field
          unknown kind | fields: {alerts: []} | 5 | fields.alerts | unknown key 'alerts'
          unknown operator | fields: {security: [{path: signal.user, operator: hash}]} | 5 | fields.security[0].operator | unknown operator 'hash'
          unknown operator parameter | fields: {security: [{path: signal.user, operator: redact, keep_last: 2}]} | 5 | fields.security[0].keep_last | unknown key 'keep_last' for operator redact
          undeclared key | fields: {security: [{path: signal.user, operator: pseudonym, key: k9}]} | 5 | fields.security[0].key | key 'k9' is not declared
          whole map transformed | fields: {security: [{path: signal.attributes, operator: redact}]} | 5 | fields.security[0].operator | a whole map can only be dropped
          star inside a key | fields: {security: [{path: signal.attributes.http*, operator: drop}]} | 5 | fields.security[0].path | only allowed as a whole map key
          mask out of range | fields: {security: [{path: signal.user, operator: mask, keep_last: 99}]} | 5 | fields.security[0].keep_last | between 0 and 16
          prefix out of range | fields: {security: [{path: signal.src_ip, operator: truncate_ip, ipv4_prefix: 33}]} | 5 | fields.security[0].ipv4_prefix | between 0 and 32
          """)
  void shouldRejectInvalidFieldRulesWithFileLineAndPath(
      String what, String fieldsLine, int line, String path, String problem) {
    // Given a rule file with one bad line (line 5, after the four header lines)
    String yaml = HEAD + fieldsLine.strip() + "\n" + SCAN;

    // When it is loaded
    RuleSetException e = error(yaml);

    // Then the error points at it
    assertThat(e.source()).isEqualTo("rules/t.yaml");
    assertThat(e.line()).as(what).isEqualTo(line);
    assertThat(e.path()).as(what).isEqualTo(path);
    assertThat(e.problem()).as(what).contains(problem);
    assertThat(e.getMessage()).startsWith("rules/t.yaml:" + line + ": " + path + ": ");
  }

  @Test
  void shouldRejectADuplicateRuleForAPathNamingBothLines() {
    // Given two rules for signal.user on lines 7 and 8
    String yaml =
        HEAD
            + """
            fields:
              security:
                - {path: signal.user, operator: drop}
                - {path: signal.user, operator: redact}
            """
            + SCAN;

    // When / Then
    RuleSetException e = error(yaml);
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.path()).isEqualTo("fields.security[1].path");
    assertThat(e.problem()).isEqualTo("duplicate rule for path 'signal.user' (first at line 7)");
  }

  @Test
  void shouldRejectAWholeMapRuleNextToAPerKeyRule() {
    String yaml =
        HEAD
            + """
            fields:
              security:
                - {path: signal.attributes.x, operator: drop}
                - {path: signal.attributes, operator: drop}
            """
            + SCAN;
    RuleSetException e = error(yaml);
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.problem()).contains("conflicts with the rule for the whole map");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown detector | {type: ssn2, operator: redact} | scan.detectors[0].type | unknown detector 'ssn2'
          pattern that does not compile | {type: custom, name: emp, pattern: 'EMP-(\\d+', operator: redact} | scan.detectors[0].pattern | pattern does not compile (RE2 syntax)
          backreference (not RE2) | {type: custom, name: emp, pattern: '(a)\\1', operator: redact} | scan.detectors[0].pattern | pattern does not compile
          lookahead (not RE2) | {type: custom, name: emp, pattern: 'a(?=b)', operator: redact} | scan.detectors[0].pattern | pattern does not compile
          empty-matching pattern | {type: custom, name: emp, pattern: 'a*', operator: redact} | scan.detectors[0].pattern | matches the empty string
          custom named like a built-in | {type: custom, name: email, pattern: 'x+', operator: redact} | scan.detectors[0].name | not be a built-in detector
          custom without pattern | {type: custom, name: emp, operator: redact} | scan.detectors[0] | needs 'pattern'
          pattern on a built-in | {type: email, pattern: 'x', operator: redact} | scan.detectors[0].pattern | unknown key 'pattern'
          keep in scan | {type: email, operator: keep} | scan.detectors[0].operator | 'keep' is for field rules
          truncate an e-mail | {type: email, operator: truncate_ip} | scan.detectors[0].operator | applies only to ipv4 and ipv6
          group out of range | {type: custom, name: emp, pattern: 'E(\\d)', group: 2, operator: redact} | scan.detectors[0].group | only 1 groups
          unknown phone region | {type: phone, operator: redact, regions: [US, XX]} | scan.detectors[0].regions[1] | unknown phone region 'XX'
          lower-case phone region | {type: phone, operator: redact, regions: [gb]} | scan.detectors[0].regions[0] | unknown phone region 'gb'
          phone region twice | {type: phone, operator: redact, regions: [US, GB, US]} | scan.detectors[0].regions[2] | region 'US' is listed twice
          phone regions not a list | {type: phone, operator: redact, regions: US} | scan.detectors[0].regions | expected a list
          regions on another detector | {type: email, operator: redact, regions: [US]} | scan.detectors[0].regions | unknown key 'regions'
          misspelt phone option | {type: phone, operator: redact, region: [US]} | scan.detectors[0].region | unknown key 'region'
          """)
  void shouldRejectInvalidScanRulesWithFileLineAndPath(
      String what, String detector, String path, String problem) {
    // Given a scan section whose first detector (line 7) is bad
    String yaml = HEAD + "scan:\n  detectors:\n    - " + detector.strip() + "\n";

    // When / Then
    RuleSetException e = error(yaml);
    assertThat(e.line()).as(what).isEqualTo(7);
    assertThat(e.path()).as(what).isEqualTo(path);
    assertThat(e.problem()).as(what).contains(problem);
  }

  @Test
  void shouldDetectNationalPhoneFormatsOfTheConfiguredRegionsOnly() throws Exception {
    // Given a rule set for British national formats (and a bare NO, which YAML 1.1 reads as false)
    RuleSet rs =
        RuleSetLoader.load(
            "rules/t.yaml",
            HEAD
                + "scan:\n  detectors:\n"
                + "    - {type: phone, operator: redact, regions: [GB, NO]}\n",
            TestKeys.of("k1"));

    // When national and international numbers are scanned
    // Then only the British national one and every international one are phone numbers
    assertThat(rs.detectors()).containsExactly("phone");
    assertThat(rs.scanner.scan("office 020 7946 0958")).hasSize(1);
    assertThat(rs.scanner.scan("office (415) 555-0132")).isEmpty(); // valid in the US only
    assertThat(rs.scanner.scan("office +1 201-555-0123")).hasSize(1);
  }

  @Test
  void shouldDetectOnlyInternationalPhoneFormsWithAnEmptyRegionList() throws Exception {
    RuleSet rs =
        RuleSetLoader.load(
            "rules/t.yaml",
            HEAD + "scan:\n  detectors:\n    - {type: phone, operator: redact, regions: []}\n",
            TestKeys.of("k1"));
    assertThat(rs.scanner.scan("office 020 7946 0958 or (201) 555-0123")).isEmpty();
    assertThat(rs.scanner.scan("office +44 20 7946 0958")).hasSize(1);
  }

  @Test
  void shouldRejectADetectorListedTwice() {
    String yaml =
        HEAD
            + "scan:\n  detectors:\n    - {type: email, operator: redact}\n"
            + "    - {type: email, operator: drop}\n";
    RuleSetException e = error(yaml);
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.problem()).isEqualTo("detector 'email' is listed twice");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          pass-through on_error | ruleset: t\\nversion: 1\\non_error: skip\\n | 3 | on_error | only 'quarantine'
          version zero | ruleset: t\\nversion: 0\\non_error: quarantine\\n | 2 | version | positive integer
          semver version | ruleset: t\\nversion: 1.2.0\\non_error: quarantine\\n | 2 | version | expected an integer
          bad id | ruleset: 'Bad Id'\\nversion: 1\\non_error: quarantine\\n | 1 | ruleset | id must match
          duplicate top key | ruleset: t\\nruleset: u\\nversion: 1\\non_error: quarantine\\n | 2 | ruleset | duplicate key
          missing version | ruleset: t\\non_error: quarantine\\n | 1 | '' | missing required key 'version'
          malformed YAML | ruleset: t\\nversion: [1\\non_error: quarantine\\n | 3 | (document) | malformed YAML
          key not available | ruleset: t\\nversion: 1\\non_error: quarantine\\nkeys: [k1, nokey]\\n | 4 | keys[1] | key 'nokey' is not available
          """)
  void shouldRejectInvalidHeadersWithFileLineAndPath(
      String what, String head, int line, String path, String problem) {
    String yaml = head.replace("\\n", "\n") + SCAN;
    RuleSetException e = error(yaml);
    assertThat(e.line()).as(what).isEqualTo(line);
    assertThat(e.path()).as(what).isEqualTo(path);
    assertThat(e.problem()).as(what).contains(problem);
  }

  @Test
  void shouldNameAMissingKeysetAndItsDirectory(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // Given a keyset directory with one keyset and a rule file that needs another
    dev.vigil.redactionrules.keys.KeysetStore store =
        dev.vigil.redactionrules.keys.KeysetStore.open(dir);
    store.create("site.k1", java.time.Instant.now());
    String yaml = "ruleset: t\nversion: 1\non_error: quarantine\nkeys: [site.k1, site.k2]\n" + SCAN;

    // When / Then the error names the missing keyset and where it was looked for
    assertThatThrownBy(() -> RuleSetLoader.load("t.yaml", yaml, store))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("t.yaml:4: keys[1]: key 'site.k2' is not available")
        .hasMessageContaining("keyset site.k2 is not in " + dir);
  }

  @Test
  void shouldRefuseAMalformedYamlTagAsARuleSetErrorNotAnIllegalArgumentException() {
    // Found by fuzzing (issue 18); kept in RedactionFuzzTestInputs/ruleSetLoader/
    assertThatThrownBy(() -> RuleSetLoader.load("bad.yaml", "!%e", TestKeys.of("k1")))
        .isInstanceOf(RuleSetException.class)
        .hasMessage("bad.yaml:0: (document): malformed YAML (bad tag)");
  }

  @Test
  void shouldRefuseHostileRuleSetAndKeyIdsWithoutEchoingThem() {
    // YAML double-quoted escapes: the loader sees NUL, U+202E, U+200B and a lone surrogate
    String[] hostile = {
      "EVIL".repeat(75_000), "EVIL\\0", "EVIL\\u202Egnp", "EVIL\\u200Bx", "EVIL\\uD800x"
    };
    for (String id : hostile) {
      RuleSetException rulesetId =
          error("ruleset: \"" + id + "\"\nversion: 1\non_error: quarantine\n" + SCAN);
      assertThat(rulesetId.path()).isEqualTo("ruleset");
      assertThat(rulesetId.problem()).startsWith("id must match");
      assertThat(rulesetId.getMessage()).doesNotContain("EVIL");

      RuleSetException keyId =
          error("ruleset: t\nversion: 1\non_error: quarantine\nkeys: [\"" + id + "\"]\n" + SCAN);
      assertThat(keyId.path()).isEqualTo("keys[0]");
      assertThat(keyId.problem()).startsWith("key id must match");
      assertThat(keyId.getMessage()).doesNotContain("EVIL");
    }
  }
}
