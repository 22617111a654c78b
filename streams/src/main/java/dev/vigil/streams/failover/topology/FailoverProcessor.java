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
import java.util.List;
import java.util.Map;
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
 * the state, forward the effects (in the engine's order). A wall-clock punctuation ticks every
 * stored service. {@code now} is {@link ProcessorContext#currentSystemTimeMs()}: the wall clock in
 * production, the driver's mock clock in tests.
 */
final class FailoverProcessor implements Processor<String, SpecificRecord, String, Emitted> {
  private static final Logger LOGGER = LoggerFactory.getLogger(FailoverProcessor.class);

  private final FailoverEngine engine;
  private final Duration tickInterval;
  private final FailoverMetrics metrics;
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
   * The decoded state of every service this task has read or written since {@link #init}: the store
   * is written only here, so an entry always equals the store's bytes ({@code ServiceState.stored}
   * holds them, and an unchanged encoding is not written again), and the decode happens once per
   * service and task life instead of once per event. Cleared on init and close (a revived or
   * restored task reads the store again); an entry is dropped when deciding or storing fails, so it
   * can never run ahead of the store.
   */
  private final Map<String, ServiceState> live = new HashMap<>();

  FailoverProcessor(FailoverEngine engine, Duration tickInterval, FailoverMetrics metrics) {
    this.engine = engine;
    this.tickInterval = tickInterval;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Emitted> context) {
    this.context = context;
    this.store = context.getStateStore(FailoverTopology.STATE_STORE);
    this.scopeStore = context.getStateStore(FailoverTopology.SCOPE_STORE);
    this.transitionStore = context.getStateStore(FailoverTopology.TRANSITIONS_STORE);
    live.clear();
    scopes.clear();
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
    ServiceState current = live.remove(service);
    if (current == null) {
      byte[] stored = store.get(service);
      if (stored != null) {
        current = ServiceStateCodec.fromBytes(stored);
        current.storedAs(stored);
      }
    }
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
    live.clear();
    scopes.clear();
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
    List<String> affected = new ArrayList<>();
    for (Map.Entry<String, ServiceState> e : live.entrySet()) {
      if (e.getValue().hasIncident() && engine.affects(scopeKey, e.getKey())) {
        affected.add(e.getKey());
      }
    }
    for (String service : affected) {
      ServiceState current = live.remove(service);
      emit(service, engine.onTick(current, now, false, scopeView), now, -1);
    }
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

  private void tick(long wallClockMs) {
    Instant now = Instant.ofEpochMilli(wallClockMs);
    List<KeyValue<String, byte[]>> all = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, byte[]> kv : all) {
      if (!engine.handles(kv.key)) {
        continue; // removed from config: keep the state, stop deciding
      }
      ServiceState current = live.remove(kv.key);
      if (current == null) {
        current = ServiceStateCodec.fromBytes(kv.value);
        current.storedAs(kv.value);
      }
      emit(kv.key, engine.onTick(current, now, false, scopeView), now, -1);
    }
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
