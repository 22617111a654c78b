package dev.vigil.app.demo;

import dev.vigil.app.demo.Console.Tone;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.streams.audit.AuditAction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The script, against the running pipeline: baseline, the primary stops, the stages start, an IDS
 * alert lands on the backup and holds the next stage, the on-call engineer waives the gate, the
 * stages finish. Each step waits for the pipeline's own output before the next one; a step that
 * does not happen in time ends the demo with the reason.
 */
final class Scenario {
  /** How the script ended: the failure is empty when COMPLETE was seen. */
  record Outcome(Optional<String> failure, Instant primaryStoppedAt, Optional<Instant> waivedAt) {
    boolean complete() {
      return failure.isEmpty();
    }
  }

  static final Duration WAIVER = Duration.ofMinutes(15);
  static final String WAIVER_REASON =
      "triaged: scanner hit on an unpatched decoy, backup web tier not affected (SEC-4711)";

  private final Console console;
  private final Timeline timeline;
  private final SiteServer primary;
  private final SensorFile sensor;
  private final Operator operator;
  private final Duration stepTimeout;
  private final Duration pause;

  Scenario(
      Console console,
      Timeline timeline,
      SiteServer primary,
      SensorFile sensor,
      Operator operator,
      Duration stepTimeout,
      Duration pause) {
    this.console = console;
    this.timeline = timeline;
    this.primary = primary;
    this.sensor = sensor;
    this.operator = operator;
    this.stepTimeout = stepTimeout;
    this.pause = pause;
  }

  Outcome run() throws Exception {
    console.step(
        "1/5 healthy baseline: both sites answer /health; vantage-a and vantage-b probe each "
            + "site every 1 s; the backup's Suricata sensor reports in");
    sensor.stats();
    if (await(FailoverState.class, Scenario::healthyBaseline).isEmpty()) {
      return failed("both sites UP with a fresh IDS heartbeat on the backup", null, null);
    }

    console.step(
        "2/5 the primary degrades: its HTTP server stops; probes from both vantage points fail");
    Instant stopped = Instant.now();
    primary.stop();
    if (await(FailoverTrigger.class, stage(TriggerStage.PREPARE)).isEmpty()) {
      return failed("a PREPARE trigger after the primary stopped", stopped, null);
    }
    if (await(FailoverTrigger.class, t -> t.getStage() == TriggerStage.SHIFT).isEmpty()) {
      return failed("the first SHIFT trigger", stopped, null);
    }

    console.step(
        "3/5 an IDS alert lands on the backup: Suricata writes a severity-1 alert to its EVE log");
    sensor.alert();
    Optional<FailoverTrigger> hold =
        await(
            FailoverTrigger.class,
            t -> t.getStage() == TriggerStage.HOLD || t.getStage() == TriggerStage.COMPLETE);
    if (hold.isEmpty() || hold.get().getStage() != TriggerStage.HOLD) {
      return failed("a HOLD trigger blocking the next stage on the INTRUSION gate", stopped, null);
    }

    OperatorCommand waive = sendWaiver();
    Instant waivedAt = waive.getIssuedAt();
    if (await(
            AuditRecord.class,
            r ->
                AuditAction.COMMAND.is(r.getAction())
                    && waive.getCommandId().equals(r.getDetails().get("command_id")))
        .isEmpty()) {
      return failed("the correlator to apply the waiver", stopped, waivedAt);
    }

    console.step("5/5 the stages resume under the waiver and finish");
    Optional<FailoverTrigger> end =
        await(
            FailoverTrigger.class,
            t ->
                t.getStage() == TriggerStage.COMPLETE
                    || t.getStage() == TriggerStage.ROLLBACK
                    || t.getStage() == TriggerStage.ABORT);
    if (end.isEmpty() || end.get().getStage() != TriggerStage.COMPLETE) {
      return failed("a COMPLETE trigger", stopped, waivedAt);
    }
    return new Outcome(Optional.empty(), stopped, Optional.of(waivedAt));
  }

  /** Both sites UP and the backup's IDS heartbeat gate passing. */
  private static boolean healthyBaseline(FailoverState s) {
    return s.getSiteHealth().get(DemoConfig.PRIMARY) == SiteHealth.UP
        && s.getSiteHealth().get(DemoConfig.BACKUP) == SiteHealth.UP
        && gatePassed(s, GateName.IDS_HEARTBEAT);
  }

  /** Step 4: the operator waives the INTRUSION gate on the backup. */
  private OperatorCommand sendWaiver() throws Exception {
    console.step(
        "4/5 the on-call engineer reads the evidence and waives the INTRUSION gate on the backup "
            + "for "
            + WAIVER.toMinutes()
            + " min, with a reason (vigil.control.v1)");
    Thread.sleep(pause.toMillis());
    OperatorCommand waive = operator.waive(GateName.INTRUSION, WAIVER, WAIVER_REASON);
    console.line(
        Tone.WARN,
        "operator",
        "sent WAIVE "
            + waive.getGate()
            + " until "
            + waive.getExpiresAt()
            + " as "
            + waive.getOperator()
            + ", command "
            + Console.id(waive.getCommandId()));
    return waive;
  }

  private <T> Optional<T> await(Class<T> type, Predicate<T> match) throws InterruptedException {
    return timeline.await(type, match, stepTimeout);
  }

  private static Predicate<FailoverTrigger> stage(TriggerStage stage) {
    return t -> t.getStage() == stage;
  }

  private static boolean gatePassed(FailoverState s, GateName gate) {
    return s.getGates().stream()
        .anyMatch(g -> g.getGate() == gate && g.getPassed() && !g.getWaived());
  }

  private Outcome failed(String awaited, Instant stopped, Instant waived) {
    String why = "no " + awaited + " within " + stepTimeout.toSeconds() + " s";
    console.line(Tone.BAD, "FAILED", why);
    return new Outcome(
        Optional.of(why), stopped == null ? Instant.now() : stopped, Optional.ofNullable(waived));
  }
}
