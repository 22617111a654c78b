package dev.vigil.streams.failover.topology;

import dev.vigil.streams.failover.FailoverEngine;
import dev.vigil.streams.failover.FailoverStatus;
import dev.vigil.streams.failover.TransitionLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on the correlator's stores ({@link FailoverTopology#STATE_STORE}, {@link
 * FailoverTopology#SCOPE_STORE}, {@link FailoverTopology#TRANSITIONS_STORE}) for the status API.
 * Answers from the local instance's tasks only; with several instances {@link #owner} names the
 * instance whose {@code application.server} holds a service (see docs/failover.md "Status API").
 * The stores may be unavailable while the app rebalances ({@code InvalidStateStoreException}):
 * callers answer 503.
 */
public final class FailoverStatusQuery {
  private final FailoverEngine engine;
  private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> states;
  private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> scopes;
  private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> transitions;
  private final Optional<KafkaStreams> streams;

  /** On explicit stores (tests with a {@code TopologyTestDriver}). */
  public FailoverStatusQuery(
      FailoverEngine engine,
      Supplier<ReadOnlyKeyValueStore<String, byte[]>> states,
      Supplier<ReadOnlyKeyValueStore<String, byte[]>> scopes,
      Supplier<ReadOnlyKeyValueStore<String, byte[]>> transitions) {
    this.engine = engine;
    this.states = states;
    this.scopes = scopes;
    this.transitions = transitions;
    this.streams = Optional.empty();
  }

  /** On explicit stores, without recent transitions (every status has an empty list). */
  public FailoverStatusQuery(
      FailoverEngine engine,
      Supplier<ReadOnlyKeyValueStore<String, byte[]>> states,
      Supplier<ReadOnlyKeyValueStore<String, byte[]>> scopes) {
    this(engine, states, scopes, () -> null);
  }

  /** On a running correlator. */
  public FailoverStatusQuery(FailoverEngine engine, KafkaStreams streams) {
    this.engine = engine;
    this.states = () -> store(streams, FailoverTopology.STATE_STORE);
    this.scopes = () -> store(streams, FailoverTopology.SCOPE_STORE);
    this.transitions = () -> store(streams, FailoverTopology.TRANSITIONS_STORE);
    this.streams = Optional.of(streams);
  }

  private static ReadOnlyKeyValueStore<String, byte[]> store(KafkaStreams streams, String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
            name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
  }

  /** Every service this instance holds, by name. */
  public List<FailoverStatus> all(Instant now) {
    ReadOnlyKeyValueStore<String, byte[]> scope = scopes.get();
    ReadOnlyKeyValueStore<String, byte[]> logs = transitions.get();
    List<FailoverStatus> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = states.get().all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        engine
            .status(kv.value, scope::get, now)
            .map(s -> s.withTransitions(log(logs, kv.key)))
            .ifPresent(out::add);
      }
    }
    out.sort(java.util.Comparator.comparing(s -> s.state().getService()));
    return out;
  }

  /** One service, when this instance holds it. */
  public Optional<FailoverStatus> one(String service, Instant now) {
    byte[] stored = states.get().get(service);
    if (stored == null) {
      return Optional.empty();
    }
    ReadOnlyKeyValueStore<String, byte[]> scope = scopes.get();
    ReadOnlyKeyValueStore<String, byte[]> logs = transitions.get();
    return engine.status(stored, scope::get, now).map(s -> s.withTransitions(log(logs, service)));
  }

  /** The service's transition log; empty without a store, an entry or a readable one. */
  private static TransitionLog log(ReadOnlyKeyValueStore<String, byte[]> logs, String service) {
    byte[] bytes = logs == null ? null : logs.get(service);
    if (bytes == null) {
      return TransitionLog.EMPTY;
    }
    try {
      return TransitionLog.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      return TransitionLog.EMPTY; // the processor replaces it at the next transition
    }
  }

  /**
   * Which instance owns {@code service} (its {@code application.server}); empty without a running
   * app or when the metadata is not available yet.
   */
  public Optional<KeyQueryMetadata> owner(String service) {
    return streams
        .map(
            s ->
                s.queryMetadataForKey(
                    FailoverTopology.STATE_STORE, service, Serdes.String().serializer()))
        .filter(m -> m != KeyQueryMetadata.NOT_AVAILABLE);
  }
}
