package dev.vigil.streams.failover.topology;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.audit.AuditWriting;
import dev.vigil.streams.failover.FailoverEngine;
import dev.vigil.streams.failover.FailoverMetrics;
import dev.vigil.streams.failover.ScopeEvidence;
import dev.vigil.streams.failover.ServiceState;
import dev.vigil.streams.failover.ServiceStateCodec;
import dev.vigil.streams.failover.StateBinary;
import dev.vigil.streams.failover.TransitionLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The failover correlator (docs/design.md §6): the redacted event topics and {@code
 * vigil.control.v1} in, per-service decisions by {@link FailoverEngine}, triggers, alerts, state
 * snapshots and a sealed audit chain out. See docs/failover.md for the shape and the reasons.
 *
 * <p>Pure: builds a {@link Topology} and does no I/O. Every node, store and internal topic is
 * named.
 */
public final class FailoverTopology {
  /** Per-service {@link ServiceState} as {@link ServiceStateCodec} bytes, keyed by service. */
  public static final String STATE_STORE = "failover-service-state";

  /**
   * Site- and segment-wide evidence ({@link ScopeEvidence}) as {@link StateBinary#writeScope}
   * bytes, keyed by {@code site} or {@code site/segment}; every task holds all of it.
   */
  public static final String SCOPE_STORE = "failover-scope-evidence";

  /**
   * Each service's {@link TransitionLog} (its latest incident transitions, for the status API) as
   * {@link TransitionLog#toBytes} bytes, keyed by service; changelogged like the state.
   */
  public static final String TRANSITIONS_STORE = "failover-transitions";

  /** The head of the {@code failover} audit chain ({@link dev.vigil.streams.audit.AuditChain}). */
  public static final String AUDIT_HEAD_STORE = "failover-audit-head";

  /** The audit chain this topology writes. */
  public static final String AUDIT_CHAIN = "failover";

  /** Internal single-partition topic name (suffix) carrying unsealed audit entries. */
  public static final String AUDIT_REPARTITION = "failover-audit-entries";

  /** Default wall-clock punctuation interval. */
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

  /**
   * Default number of decoded service states kept in memory per task: the busy services of a large
   * deployment, at a few KB each (the state store keeps every service).
   */
  public static final int DEFAULT_LIVE_CACHE_SIZE = 10_000;

  private FailoverTopology() {}

  public static Topology build(FailoverEngine engine, SchemaRegistryClient registry) {
    return build(engine, registry, DEFAULT_TICK, FailoverMetrics.NONE);
  }

  /**
   * @param tickInterval how often services with a deadline due are ticked (dwell, staleness, waiver
   *     expiry)
   */
  public static Topology build(
      FailoverEngine engine,
      SchemaRegistryClient registry,
      Duration tickInterval,
      FailoverMetrics metrics) {
    return build(engine, registry, tickInterval, metrics, DEFAULT_LIVE_CACHE_SIZE);
  }

  /**
   * @param tickInterval how often services with a deadline due are ticked (dwell, staleness, waiver
   *     expiry)
   * @param liveCacheSize decoded service states kept in memory per task (LRU)
   */
  public static Topology build(
      FailoverEngine engine,
      SchemaRegistryClient registry,
      Duration tickInterval,
      FailoverMetrics metrics,
      int liveCacheSize) {
    return build(engine, registry, tickInterval, metrics, liveCacheSize, AuditWriting.ephemeral());
  }

  /**
   * @param tickInterval how often services with a deadline due are ticked (dwell, staleness, waiver
   *     expiry)
   * @param liveCacheSize decoded service states kept in memory per task (LRU)
   * @param audit the audit keys and checkpoint interval of the {@code failover} chain
   */
  public static Topology build(
      FailoverEngine engine,
      SchemaRegistryClient registry,
      Duration tickInterval,
      FailoverMetrics metrics,
      int liveCacheSize,
      AuditWriting audit) {
    Objects.requireNonNull(audit, "audit");
    if (liveCacheSize < 1) {
      throw new IllegalArgumentException("liveCacheSize must be positive");
    }
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(registry, "registry");
    if (tickInterval.isNegative() || tickInterval.isZero()) {
      throw new IllegalArgumentException("tickInterval must be positive");
    }
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder);
    metrics.maxClockSkew(engine.config().failover().maxClockSkew().toMillis());

    KStream<String, SpecificRecord> inputs = null;
    for (Map.Entry<String, Topic<?>> in : inputs().entrySet()) {
      KStream<String, SpecificRecord> keyed =
          keyedByService(builder, in.getKey(), in.getValue(), registry, metrics, engine);
      inputs =
          inputs == null ? keyed : inputs.merge(keyed, Named.as("failover-merge-" + in.getKey()));
    }

    KStream<String, Emitted> out =
        inputs.process(
            () -> new FailoverProcessor(engine, tickInterval, metrics, liveCacheSize),
            Named.as("failover-decide"),
            STATE_STORE,
            SCOPE_STORE,
            TRANSITIONS_STORE);

    Map<String, KStream<String, Emitted>> byKind =
        out.split(Named.as("failover-route-"))
            .branch((k, e) -> e.kind() == Emitted.Kind.TRIGGER, Branched.as("trigger"))
            .branch((k, e) -> e.kind() == Emitted.Kind.ALERT, Branched.as("alert"))
            .branch((k, e) -> e.kind() == Emitted.Kind.SNAPSHOT, Branched.as("snapshot"))
            .branch((k, e) -> e.kind() == Emitted.Kind.AUDIT, Branched.as("audit"))
            .noDefaultBranch();
    sink(byKind.get("failover-route-trigger"), "trigger", Topics.FAILOVER_TRIGGERS, registry);
    sink(byKind.get("failover-route-alert"), "alert", Topics.ALERTS, registry);
    sink(byKind.get("failover-route-snapshot"), "snapshot", Topics.FAILOVER_STATE, registry);

    sealAudit(byKind.get("failover-route-audit"), audit, registry);
    return builder.build();
  }

  private static void addStores(StreamsBuilder builder) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), Serdes.ByteArray())
            // a busy service's state goes to the changelog once per commit, not once per event
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SCOPE_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled());
    // written only when an incident moves: a few times per incident, no cache needed
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(TRANSITIONS_STORE),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(AUDIT_HEAD_STORE), Serdes.String(), Serdes.String()));
  }

  private static void sealAudit(
      KStream<String, Emitted> entries, AuditWriting audit, SchemaRegistryClient registry) {
    // One chain needs one writer: every task's entries meet on one partition, one task seals.
    Serde<AuditRecord> auditSerde = TopicSerdes.value(Topics.AUDIT, registry);
    entries
        .mapValues(Emitted::entry, Named.as("failover-audit-entry"))
        .repartition(
            Repartitioned.<String, AuditEntry>as(AUDIT_REPARTITION)
                .withKeySerde(Serdes.String())
                .withValueSerde(AuditEntrySerde.serde())
                .withNumberOfPartitions(1))
        .process(
            () -> new AuditSealProcessor(audit), Named.as("failover-audit-seal"), AUDIT_HEAD_STORE)
        .to(
            Topics.AUDIT.name(),
            Produced.with(Serdes.String(), auditSerde).withName("failover-sink-audit"));
  }

  /** The inputs by short name: the redacted event topics and the control topic, never raw. */
  static Map<String, Topic<?>> inputs() {
    Map<String, Topic<?>> inputs = new java.util.LinkedHashMap<>();
    inputs.put("health", Topics.HEALTH);
    inputs.put("security", Topics.SECURITY);
    inputs.put("posture", Topics.POSTURE);
    inputs.put("control", Topics.CONTROL);
    return inputs;
  }

  /** All input topic names. */
  public static List<String> inputTopics() {
    return inputs().values().stream().map(Topic::name).sorted().toList();
  }

  /**
   * Values arrive as bytes and are decoded by {@link DecodeProcessor}: an undecodable one goes to
   * the quarantine with error headers instead of stopping the app. Events are keyed by service
   * already; a record whose key is not its service (a foreign producer) is re-keyed through a named
   * repartition topic, so one service's state lives in one task.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static KStream<String, SpecificRecord> keyedByService(
      StreamsBuilder builder,
      String name,
      Topic<?> topic,
      SchemaRegistryClient registry,
      FailoverMetrics metrics,
      FailoverEngine engine) {
    Serde<SpecificRecord> serde = (Serde) TopicSerdes.value(topic, registry);
    KStream<String, SpecificRecord> source =
        decodedOrQuarantined(builder, name, topic, serde, metrics, engine);
    KStream<String, SpecificRecord> scoped = null;
    if (name.equals("security") || name.equals("posture")) {
      // Site- and segment-wide evidence goes to every partition, so every task's scope table
      // holds it: one copy per partition, not one per service.
      String scopePrefix = "failover-scope-" + name + "-";
      Map<String, KStream<String, SpecificRecord>> byScope =
          source
              .split(Named.as(scopePrefix))
              .branch((k, v) -> v != null && ScopeEvidence.keyOf(v) != null, Branched.as("wide"))
              .defaultBranch(Branched.as("service"));
      scoped =
          byScope
              .get(scopePrefix + "wide")
              .selectKey((k, v) -> ScopeEvidence.keyOf(v), Named.as("failover-scope-key-" + name))
              .repartition(
                  Repartitioned.<String, SpecificRecord>as("failover-scope-" + name)
                      .withKeySerde(Serdes.String())
                      .withValueSerde(serde)
                      .withStreamPartitioner(FailoverTopology::everyPartition));
      source = byScope.get(scopePrefix + "service");
    }
    KStream<String, SpecificRecord> keyed = rekeyed(source, name, serde);
    return scoped == null ? keyed : keyed.merge(scoped, Named.as("failover-scoped-" + name));
  }

  /** The decoded values of {@code topic}; undecodable ones go to the quarantine. */
  private static KStream<String, SpecificRecord> decodedOrQuarantined(
      StreamsBuilder builder,
      String name,
      Topic<?> topic,
      Serde<SpecificRecord> serde,
      FailoverMetrics metrics,
      FailoverEngine engine) {
    String decodedPrefix = "failover-decoded-" + name + "-";
    Map<String, KStream<String, Decoded>> decoded =
        builder.stream(
                topic.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray())
                    .withName("failover-source-" + name))
            .process(
                () -> new DecodeProcessor(topic.name(), serde.deserializer(), metrics, engine),
                Named.as("failover-decode-" + name))
            .split(Named.as(decodedPrefix))
            .branch((k, d) -> d.failed(), Branched.as("bad"))
            .defaultBranch(Branched.as("ok"));
    decoded
        .get(decodedPrefix + "bad")
        .mapValues(Decoded::original, Named.as("failover-quarantine-value-" + name))
        .to(
            Topics.QUARANTINE.name(),
            Produced.with(Serdes.String(), Serdes.ByteArray())
                .withName("failover-sink-quarantine-" + name));
    return decoded
        .get(decodedPrefix + "ok")
        .mapValues(Decoded::value, Named.as("failover-value-" + name));
  }

  /** Records keyed by their service, re-keying those that are not through a repartition topic. */
  private static KStream<String, SpecificRecord> rekeyed(
      KStream<String, SpecificRecord> source, String name, Serde<SpecificRecord> serde) {
    String prefix = "failover-key-" + name + "-";
    Map<String, KStream<String, SpecificRecord>> split =
        source
            .split(Named.as(prefix))
            .branch(
                (k, v) -> v == null || Objects.equals(k, FailoverEngine.serviceOf(v)),
                Branched.as("ok"))
            .defaultBranch(Branched.as("rekey"));
    KStream<String, SpecificRecord> rekeyed =
        split
            .get(prefix + "rekey")
            .selectKey((k, v) -> FailoverEngine.serviceOf(v), Named.as("failover-rekey-" + name))
            .repartition(
                Repartitioned.<String, SpecificRecord>as("failover-rekey-" + name)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(serde));
    return split.get(prefix + "ok").merge(rekeyed, Named.as("failover-keyed-" + name));
  }

  /** Broadcast: a scoped record goes to every partition of its repartition topic. */
  private static Optional<Set<Integer>> everyPartition(
      String topic, String key, SpecificRecord value, int partitions) {
    return Optional.of(
        IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V extends SpecificRecord> void sink(
      KStream<String, Emitted> stream, String name, Topic<V> topic, SchemaRegistryClient registry) {
    stream
        .mapValues(e -> (V) e.record(), Named.as("failover-" + name + "-value"))
        .to(
            topic.name(),
            Produced.with(Serdes.String(), TopicSerdes.value(topic, registry))
                .withName("failover-sink-" + name));
  }
}
