package dev.vigil.streams.redaction;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.signing.Verifier;
import dev.vigil.streams.audit.AuditWriting;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Audits rule-set changes: {@code vigil.rules.v1} → {@code vigil.audit.v1} (chain {@code
 * redactor}). A separate topology (and application id) from {@link RedactionTopology}, because
 * there the rules topic already feeds a global store and a topic can have only one source.
 */
public final class RuleAuditTopology {
  public static final String HEAD_STORE = "redaction-audit-head";

  private RuleAuditTopology() {}

  /** With {@link AuditWriting#ephemeral()} keys (tests and benchmarks). */
  public static Topology build(KeyProvider keys, SchemaRegistryClient registry) {
    return build(keys, new Verifier(Map.of()), registry, AuditWriting.ephemeral());
  }

  /** With {@link AuditWriting#ephemeral()} keys (tests and benchmarks). */
  public static Topology build(KeyProvider keys, Verifier ruleKeys, SchemaRegistryClient registry) {
    return build(keys, ruleKeys, registry, AuditWriting.ephemeral());
  }

  /** Unsigned rule sets taken. */
  public static Topology build(
      KeyProvider keys, SchemaRegistryClient registry, AuditWriting writing) {
    return build(keys, new Verifier(Map.of()), registry, writing);
  }

  /**
   * @param ruleKeys rule publishers' keys; when any is listed, an unsigned or foreign rule set is
   *     audited as rejected with its refusal, and a signed one names the key's owner as actor
   * @param writing keys and checkpoint interval of the {@code redactor} audit chain
   */
  public static Topology build(
      KeyProvider keys, Verifier ruleKeys, SchemaRegistryClient registry, AuditWriting writing) {
    Topology topology = new Topology();
    topology.addSource(
        "rules-audit-source",
        new StringDeserializer(),
        new StringDeserializer(),
        Topics.RULES.name());
    topology.addProcessor(
        "rules-audit-processor",
        () -> new RuleAuditProcessor(HEAD_STORE, keys, ruleKeys, writing),
        "rules-audit-source");
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(HEAD_STORE), Serdes.String(), Serdes.String()),
        "rules-audit-processor");
    topology.addSink(
        "rules-audit-sink",
        Topics.AUDIT.name(),
        new StringSerializer(),
        TopicSerdes.value(Topics.AUDIT, registry).serializer(),
        "rules-audit-processor");
    return topology;
  }
}
