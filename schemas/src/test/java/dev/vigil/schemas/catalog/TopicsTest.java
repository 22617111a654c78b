package dev.vigil.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicsTest {
  private static final String SCOPE = "topics-test";

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void shouldHoldEveryTopicOfDesignSection3WithItsPolicy() {
    Map<String, CleanupPolicy> policies =
        Topics.ALL.stream().collect(Collectors.toMap(Topic::name, Topic::cleanup));
    assertThat(policies)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("vigil.health.raw.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.security.raw.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.posture.raw.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.health.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.security.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.posture.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.quarantine.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.failover.state.v1", CleanupPolicy.COMPACT),
                Map.entry("vigil.failover.triggers.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.alerts.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.audit.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.control.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.rules.v1", CleanupPolicy.COMPACT),
                Map.entry("vigil.ocsf.findings.v1", CleanupPolicy.DELETE),
                Map.entry("vigil.ocsf.activity.v1", CleanupPolicy.DELETE)));
  }

  @Test
  void shouldKeepRawSecurityShortAndReadableByTheRedactorAndTheCollectorsOnly() {
    assertThat(Topics.SECURITY_RAW.retention()).contains(Duration.ofDays(1));
    // the collectors read only to settle their own spool transaction a crash left in doubt
    assertThat(Topics.SECURITY_RAW.readers())
        .containsExactlyInAnyOrder(Principal.REDACTOR, Principal.COLLECTOR);
    assertThat(Topics.QUARANTINE.readers()).containsExactly(Principal.SECURITY_ADMIN);
    assertThat(Topics.QUARANTINE.writers())
        .containsExactlyInAnyOrder(Principal.REDACTOR, Principal.CORRELATOR, Principal.EXPORTER);
    assertThat(Topics.SECURITY_RAW.configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "86400000");
  }

  @Test
  void shouldNeverLetTheCorrelatorReadRawTopics() {
    for (EventKind kind : EventKind.values()) {
      assertThat(Topics.raw(kind).readers()).doesNotContain(Principal.CORRELATOR, Principal.SIEM);
      assertThat(Topics.redacted(kind).readers()).contains(Principal.CORRELATOR, Principal.SIEM);
      assertThat(Topics.redactedOf(Topics.raw(kind))).isEqualTo(Topics.redacted(kind));
    }
  }

  @Test
  void shouldKeepTheAuditChainOnOnePartition() {
    assertThat(Topics.AUDIT.partitions()).isEqualTo(1);
  }

  @Test
  void shouldNameSubjectsByTopicAndExposeSchemasOfAvroTopicsOnly() {
    assertThat(Topics.HEALTH.valueSubject()).isEqualTo("vigil.health.v1-value");
    assertThat(Topics.HEALTH.valueSchema()).contains(HealthCheckResult.getClassSchema());
    assertThat(Topics.RULES.valueSchema()).isEmpty();
    assertThat(Topics.QUARANTINE.valueSchema()).isEmpty();
    assertThat(Topics.ALL.stream().filter(t -> t.valueSchema().isPresent())).hasSize(11);
  }

  @Test
  void shouldLetOnlyTheExporterWriteTheOcsfTopicsAndNeverReadRawTopics() {
    for (Topic<?> ocsf : java.util.List.of(Topics.OCSF_FINDINGS, Topics.OCSF_ACTIVITY)) {
      assertThat(ocsf.format()).isEqualTo(ValueFormat.JSON);
      assertThat(ocsf.writers()).containsExactly(Principal.EXPORTER);
      assertThat(ocsf.readers()).containsExactly(Principal.SIEM);
      assertThat(ocsf.valueSchema()).isEmpty();
    }
    for (EventKind kind : EventKind.values()) {
      assertThat(Topics.raw(kind).readers()).doesNotContain(Principal.EXPORTER);
    }
    assertThat(Topics.SECURITY.readers()).contains(Principal.EXPORTER);
    // the operator reads its command's verdict from the audit trail
    assertThat(Topics.AUDIT.readers())
        .containsExactlyInAnyOrder(Principal.AUDITOR, Principal.EXPORTER, Principal.OPERATOR);
  }

  @Test
  void shouldFindTopicsByName() {
    assertThat(Topics.byName("vigil.alerts.v1")).contains(Topics.ALERTS);
    assertThat(Topics.byName("vigil.nope.v1")).isEmpty();
  }

  @Test
  void shouldRejectACompactedTopicWithATimeRetention() {
    assertThatThrownBy(
            () ->
                new Topic<>(
                    "x",
                    String.class,
                    ValueFormat.TEXT,
                    CleanupPolicy.COMPACT,
                    Optional.of(Duration.ofDays(1)),
                    1,
                    Set.of(),
                    Set.of(),
                    "x"))
        .hasMessageContaining("x: a compacted topic has no time retention");
  }
}
