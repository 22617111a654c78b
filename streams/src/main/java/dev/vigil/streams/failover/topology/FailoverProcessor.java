package dev.vigil.streams.failover.topology;

import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.failover.CommandVerdict;
import dev.vigil.streams.failover.Decision;
import dev.vigil.streams.failover.FailoverEngine;
import dev.vigil.streams.failover.FailoverMetrics;
import dev.vigil.streams.failover.ScopeEvidence;
import dev.vigil.streams.failover.ServiceState;
import dev.vigil.streams.failover.ServiceStateCodec;
import dev.vigil.streams.failover.SiteState;
import dev.vigil.streams.failover.StateBinary;
import dev.vigil.streams.failover.TransitionLog;
import dev.vigil.streams.failover.TransitionLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@link FailoverEngine} into the topology: per service key, load the state, decide, store
 * the state, forward the effects (in the engine's order). A wall-clock punctuation ticks the stored
 * services whose next deadline ({@link FailoverEngine#nextDeadlineMs}) has come, found in a {@link
 * DeadlineIndex}; the first tick after init visits every stored service and so rebuilds the index.
 * {@code now} is {@link ProcessorContext#currentSystemTimeMs()}: the wall clock in production, the
 * driver's mock clock in tests.
 */
final class FailoverProcessor implements Processor<String, SpecificRecord, String, Emitted> {
  private static final Logger LOGGER = LoggerFactory.getLogger(FailoverProcessor.class);

  private final FailoverEngine engine;
  private final Duration tickInterval;
  private final FailoverMetrics metrics;
  private final int liveCacheSize;
  private ProcessorContext<String, Emitted> context;
  private KeyValueStore<String, byte[]> store;
  private KeyValueStore<String, byte[]> scopeStore;
  private KeyValueStore<String, byte[]> transitionStore;

  /**
   * Site- and segment-wide evidence this task has read, decoded once per task life (as {@link
   * #live}); every task holds all of it, since each scoped record is sent to every partition.
   */
  private final Map<String, SiteState> scopes = new HashMap<>();

  private final ScopeEvidence scopeView = this::scope;

  /**
   * The decoded state of the services this task has read or written most recently since {@link
   * #init}, at most {@code failover.liveCacheSize} (LRU; an evicted one is decoded from the store
   * again on its next decision): the store is written only here, so an entry always equals the
   * store's bytes ({@code ServiceState.stored} holds them, and an unchanged encoding is not written
   * again), and a busy service is decoded once per task life instead of once per event. Cleared on
   * init and close (a revived or restored task reads the store again); an entry is dropped when
   * deciding or storing fails, so it can never run ahead of the store.
   */
  private LiveCache live;

  /** Stored services by next deadline; rebuilt by the first tick after init. */
  private final DeadlineIndex due = new DeadlineIndex();

  /** Scope keys by next deadline (of their evidence's ages, or at once when recorded). */
  private final DeadlineIndex scopesDue = new DeadlineIndex();

  /** Services with an open incident: a scoped record decides them again at once. */
  private final TreeSet<String> incidents = new TreeSet<>();

  /** False until the first tick after init has visited every stored service. */
  private boolean indexed;

  FailoverProcessor(
      FailoverEngine engine, Duration tickInterval, FailoverMetrics metrics, int liveCacheSize) {
    this.engine = engine;
    this.tickInterval = tickInterval;
    this.metrics = metrics;
    this.liveCacheSize = liveCacheSize;
  }

  @Override
  public void init(ProcessorContext<String, Emitted> context) {
    this.context = context;
    this.store = context.getStateStore(FailoverTopology.STATE_STORE);
    this.scopeStore = context.getStateStore(FailoverTopology.SCOPE_STORE);
    this.transitionStore = context.getStateStore(FailoverTopology.TRANSITIONS_STORE);
    live = new LiveCache(liveCacheSize, metrics::liveCacheEvicted);
    scopes.clear();
    due.clear();
    scopesDue.clear();
    incidents.clear();
    indexed = false;
    context.schedule(tickInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    SpecificRecord input = record.value();
    if (input == null) {
      return;
    }
    Instant now = now();
    String scopeKey = ScopeEvidence.keyOf(input);
    if (scopeKey != null) {
      processScoped(scopeKey, input, now);
      return;
    }
    String service = FailoverEngine.serviceOf(input);
    if (!engine.handles(service)) {
      metrics.unhandled();
      return;
    }
    if (engine.timeliness(input, now) == FailoverEngine.Timeliness.TOO_OLD) {
      metrics.dropped(topicOf(), "too_old");
    }
    ServiceState current = load(service, null);
    Decision d = engine.onEvent(current, input, now, false, scopeView);
    emit(service, d, now, record.timestamp());
    if (input instanceof OperatorCommand c
        && (c.getAction() == OperatorAction.WAIVE
            || c.getAction() == OperatorAction.REVOKE_WAIVER)) {
      countWaiverCommand(d);
    }
  }

  @Override
  public void close() {
    if (live != null) {
      live.clear();
    }
    scopes.clear();
    due.clear();
    scopesDue.clear();
    incidents.clear();
  }

  /**
   * A SITE- or SEGMENT-scoped finding or signal: recorded once in this task's scope table, where
   * the gates of every service on that site (and segment) read it. Services with an open incident
   * on that site are decided again at once, so a site-wide intrusion holds or rolls back a failover
   * without waiting for the tick; the others see it at their next decision (event or tick).
   */
  private void processScoped(String scopeKey, SpecificRecord input, Instant now) {
    String site = scopeKey.contains("/") ? scopeKey.substring(0, scopeKey.indexOf('/')) : scopeKey;
    if (!engine.handlesSite(site)) {
      metrics.unhandled();
      return;
    }
    SiteState scope = engine.recordScoped(scope(scopeKey), input, now);
    scopes.put(scopeKey, scope);
    scopeStore.put(scopeKey, StateBinary.writeScope(scope));
    // every other service on the scope is decided again at the next tick
    scopesDue.schedule(scopeKey, now.toEpochMilli());
    List<String> affected = new ArrayList<>();
    for (String service : incidents) {
      if (engine.affects(scopeKey, service)) {
        affected.add(service);
      }
    }
    for (String service : affected) {
      ServiceState current = load(service, null);
      if (current != null) {
        emit(service, engine.onTick(current, now, false, scopeView), now, -1);
      }
    }
  }

  /**
   * The service's decoded state, taken out of the cache, or decoded from {@code stored} (read from
   * the store when null); null when nothing is stored.
   */
  private ServiceState load(String service, byte[] stored) {
    ServiceState current = live.remove(service);
    if (current == null) {
      byte[] bytes = stored != null ? stored : store.get(service);
      if (bytes != null) {
        current = ServiceStateCodec.fromBytes(bytes);
        current.storedAs(bytes);
      }
    }
    return current;
  }

  /** The scope's evidence, read from the store once per task life; null when there is none. */
  private SiteState scope(String key) {
    SiteState s = scopes.get(key);
    if (s == null && !scopes.containsKey(key)) {
      byte[] stored = scopeStore.get(key);
      s = stored == null ? null : StateBinary.readScope(stored);
      scopes.put(key, s);
    }
    return s;
  }

  private String topicOf() {
    return context.recordMetadata().map(m -> m.topic()).orElse("");
  }

  /**
   * Ticks the services whose deadline has come, and every stored service on a scope whose evidence
   * changed or aged. The first tick after init visits every stored service (and every scope), which
   * rebuilds both indexes from the stores.
   */
  private void tick(long wallClockMs) {
    long start = System.nanoTime();
    Instant now = Instant.ofEpochMilli(wallClockMs);
    int visited;
    if (!indexed) {
      visited = fullTick(now);
      indexed = true;
    } else {
      List<String> dueScopes = scopesDue.pollDue(wallClockMs);
      dueScopes.forEach(key -> scheduleScope(key, wallClockMs));
      visited = dueScopes.isEmpty() ? dueTick(now) : fullTick(now, dueScopes);
    }
    metrics.ticked(visited, System.nanoTime() - start);
  }

  /** Every stored service (the rebuild after init). */
  private int fullTick(Instant now) {
    try (KeyValueIterator<String, byte[]> it = scopeStore.all()) {
      it.forEachRemaining(kv -> scopesDue.schedule(kv.key, nextDue(kv.key, now.toEpochMilli())));
    }
    due.clear();
    return scan(now, key -> true);
  }

  /**
   * The due services and every stored service on one of {@code dueScopes}: one pass over the store,
   * as often as scoped evidence arrives or ages (rarely), not on every tick.
   */
  private int fullTick(Instant now, List<String> dueScopes) {
    List<String> dueServices = due.pollDue(now.toEpochMilli());
    Set<String> dueSet = new HashSet<>(dueServices);
    return scan(
        now,
        key -> dueSet.contains(key) || dueScopes.stream().anyMatch(s -> engine.affects(s, key)));
  }

  private int scan(Instant now, Predicate<String> visit) {
    List<KeyValue<String, byte[]>> all = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(
          kv -> {
            if (visit.test(kv.key)) {
              all.add(kv);
            }
          });
    }
    int visited = 0;
    for (KeyValue<String, byte[]> kv : all) {
      if (!engine.handles(kv.key)) {
        continue; // removed from config: keep the state, stop deciding
      }
      ServiceState current = load(kv.key, kv.value);
      emit(kv.key, engine.onTick(current, now, false, scopeView), now, -1);
      visited++;
    }
    return visited;
  }

  /** The services whose deadline has come, in key order. */
  private int dueTick(Instant now) {
    int visited = 0;
    for (String service : due.pollDue(now.toEpochMilli())) {
      if (!engine.handles(service)) {
        continue;
      }
      ServiceState current = load(service, null);
      if (current == null) {
        continue;
      }
      emit(service, engine.onTick(current, now, false, scopeView), now, -1);
      visited++;
    }
    return visited;
  }

  private void scheduleScope(String key, long nowMs) {
    scopesDue.schedule(key, nextDue(key, nowMs));
  }

  private long nextDue(String scopeKey, long nowMs) {
    SiteState s = scope(scopeKey);
    return s == null ? FailoverEngine.NO_DEADLINE : engine.nextDeadlineMs(s, nowMs);
  }

  /**
   * Stores the state and forwards the effects. {@code inputTimestamp} is the input record's Kafka
   * timestamp, or -1 on a tick.
   */
  private void emit(String service, Decision d, Instant now, long inputTimestamp) {
    ServiceState state = d.state();
    byte[] bytes = ServiceStateCodec.toBytes(state);
    if (!Arrays.equals(bytes, state.storedBytes())) {
      store.put(service, bytes);
      state.storedAs(bytes);
    }
    live.put(service, state);
    logTransitions(service, d.transitions());
    long ts = now.toEpochMilli();
    if (state.hasIncident()) {
      // an open incident is decided on every tick, as before the index: its stages, holds and
      // re-raised alerts are the part of the machine where a missed tick would cost most
      incidents.add(service);
      due.schedule(service, ts);
    } else {
      incidents.remove(service);
      due.schedule(service, engine.nextDeadlineMs(state, ts));
    }
    for (AuditEntry e : d.audit()) {
      if (e.action() == AuditAction.WAIVER_EXPIRED) {
        metrics.waiver("expired");
      }
      context.forward(new Record<>(FailoverTopology.AUDIT_CHAIN, Emitted.audit(e), ts));
    }
    for (FailoverTrigger t : d.triggers()) {
      metrics.transition(t.getStage());
      for (GateResult g : t.getGates()) {
        if (!g.getPassed()) {
          metrics.gateFailed(g.getGate());
        }
      }
      boolean first =
          t.getStep() == 0
              && (t.getStage() == TriggerStage.PREPARE || t.getStage() == TriggerStage.BLOCKED);
      if (first && inputTimestamp >= 0) {
        metrics.detected(t.getStage(), Math.max(0, ts - inputTimestamp));
      }
      LOGGER
          .atInfo()
          .addKeyValue("service", service)
          .addKeyValue("trigger_id", t.getTriggerId())
          .addKeyValue("stage", t.getStage())
          .addKeyValue("percent", t.getTrafficPercent())
          .log("failover trigger");
      context.forward(new Record<>(service, Emitted.of(Emitted.Kind.TRIGGER, t), ts));
    }
    d.alerts()
        .forEach(
            a ->
                context.forward(
                    new Record<>(a.getDedupKey(), Emitted.of(Emitted.Kind.ALERT, a), ts)));
    d.snapshot()
        .ifPresent(
            s -> context.forward(new Record<>(service, Emitted.of(Emitted.Kind.SNAPSHOT, s), ts)));
  }

  /** Appends the decision's transitions to the service's bounded log. */
  private void logTransitions(String service, List<TransitionLogEntry> transitions) {
    if (transitions.isEmpty()) {
      return;
    }
    TransitionLog log = TransitionLog.EMPTY;
    byte[] stored = transitionStore.get(service);
    if (stored != null) {
      try {
        log = TransitionLog.fromBytes(stored);
      } catch (IllegalArgumentException e) {
        // only this processor writes the store; an unreadable log (a newer layout after a
        // rollback) is a display summary, not a reason to stop deciding: start it again
        LOGGER
            .atWarn()
            .addKeyValue("service", service)
            .addKeyValue("bytes", stored.length)
            .log("unreadable transition log replaced");
      }
    }
    transitionStore.put(service, log.appended(transitions).toBytes());
  }

  private void countWaiverCommand(Decision d) {
    for (AuditEntry e : d.audit()) {
      if (e.action() == AuditAction.COMMAND) {
        CommandVerdict verdict = CommandVerdict.of(e.details()).orElse(null);
        String command = e.details().getOrDefault("command", "");
        if (verdict == CommandVerdict.APPLIED) {
          metrics.waiver("WAIVE".equals(command) ? "granted" : "revoked");
        } else if (verdict == CommandVerdict.REJECTED) {
          metrics.waiver("rejected");
        }
      }
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }
}
