package dev.vigil.app.demo;

import dev.vigil.app.demo.Console.Tone;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The end of the demo, from what the topics said: the incident, each stage with its time, detection
 * latency, time held by a gate, waivers, alerts. Times are seconds since the demo started.
 */
final class Summary {
  private final Timeline timeline;
  private final Instant startedAt;

  Summary(Timeline timeline, Instant startedAt) {
    this.timeline = timeline;
    this.startedAt = startedAt;
  }

  void print(Console console, Scenario.Outcome outcome) {
    List<FailoverTrigger> triggers = timeline.values(FailoverTrigger.class);
    console.raw("");
    console.raw(Tone.STEP, "Summary");
    if (triggers.isEmpty()) {
      row(console, "incident", "none opened");
    } else {
      FailoverTrigger first = triggers.get(0);
      row(
          console,
          "incident",
          first.getIncidentId()
              + "  "
              + first.getService()
              + ": "
              + first.getFromSite()
              + " -> "
              + first.getToSite());
      String label = "stages";
      for (FailoverTrigger t : triggers) {
        row(
            console,
            label,
            String.format(
                Locale.ROOT,
                "%s  %-9s %3d %%  %s",
                at(t.getIssuedAt()),
                t.getStage() + (t.getStage() == TriggerStage.SHIFT ? " " + t.getStep() : ""),
                t.getTrafficPercent(),
                Console.id(t.getTriggerId())));
        label = "";
      }
    }
    detection(console, triggers, outcome.primaryStoppedAt());
    held(console, triggers);
    waivers(console);
    alerts(console);
  }

  private void detection(Console console, List<FailoverTrigger> triggers, Instant stopped) {
    Optional<FailoverTrigger> prepare =
        triggers.stream().filter(t -> t.getStage() == TriggerStage.PREPARE).findFirst();
    if (prepare.isEmpty()) {
      return;
    }
    Instant issued = prepare.get().getIssuedAt();
    String line =
        String.format(
            Locale.ROOT,
            "PREPARE %.1f s after the primary stopped (%d failed probes in a row, 1 s apart, from 2 vantage points)",
            seconds(Duration.between(stopped, issued)),
            DemoConfig.FAILURE_THRESHOLD);
    Map<String, Long> probeTimes =
        timeline.all().stream()
            .filter(s -> s.value() instanceof HealthCheckResult)
            .collect(
                Collectors.toMap(
                    s -> ((HealthCheckResult) s.value()).getEventId().toString(),
                    Timeline.Seen::kafkaTimestampMs,
                    (a, b) -> a));
    Optional<Long> crossing =
        prepare.get().getEvidenceEventIds().stream()
            .map(probeTimes::get)
            .filter(Objects::nonNull)
            .max(Long::compare);
    row(console, "detection", line);
    crossing.ifPresent(
        ms ->
            row(
                console,
                "",
                (issued.toEpochMilli() - ms)
                    + " ms from the probe result that crossed the threshold (in Kafka) to PREPARE"));
  }

  private void held(Console console, List<FailoverTrigger> triggers) {
    for (FailoverTrigger hold : triggers) {
      if (hold.getStage() != TriggerStage.HOLD && hold.getStage() != TriggerStage.BLOCKED) {
        continue;
      }
      String gates =
          hold.getGates().stream()
              .filter(g -> !g.getPassed())
              .map(GateResult::getGate)
              .map(Object::toString)
              .collect(Collectors.joining(", "));
      Optional<Instant> cleared =
          timeline.values(AuditRecord.class).stream()
              .filter(r -> AuditAction.TRANSITION.is(r.getAction()))
              .filter(r -> hold.getIncidentId().equals(r.getDetails().get("incident_id")))
              .filter(
                  r ->
                      Transition.of(r.getDetails().get(Transition.AUDIT_KEY))
                          .filter(t -> t == Transition.HOLD_CLEARED || t == Transition.PREPARE)
                          .isPresent())
              .map(AuditRecord::getOccurredAt)
              .filter(t -> t.isAfter(hold.getIssuedAt()))
              .findFirst();
      row(
          console,
          "blocked",
          cleared
              .map(
                  c ->
                      String.format(
                          Locale.ROOT,
                          "%.1f s at %d %% by gate %s (%s %s -> resumed %s)",
                          seconds(Duration.between(hold.getIssuedAt(), c)),
                          hold.getTrafficPercent(),
                          gates,
                          hold.getStage(),
                          at(hold.getIssuedAt()),
                          at(c)))
              .orElse(
                  "at " + hold.getTrafficPercent() + " % by gate " + gates + ", never resumed"));
    }
  }

  private void waivers(Console console) {
    List<AuditRecord> commands =
        timeline.values(AuditRecord.class).stream()
            .filter(r -> AuditAction.COMMAND.is(r.getAction()))
            .toList();
    if (commands.isEmpty()) {
      row(console, "waivers", "none");
    }
    String label = "waivers";
    for (AuditRecord r : commands) {
      Map<String, String> d = r.getDetails();
      row(
          console,
          label,
          at(r.getOccurredAt())
              + "  "
              + d.get("command")
              + " "
              + d.getOrDefault("gate", "")
              + " by "
              + r.getActor()
              + ": "
              + d.get("outcome"));
      row(console, "", "reason: " + d.get("reason"));
      label = "";
    }
  }

  private void alerts(Console console) {
    List<Alert> alerts = timeline.values(Alert.class);
    long raised = alerts.stream().filter(a -> a.getAction() == AlertAction.TRIGGER).count();
    List<String> open =
        alerts.stream()
            .map(Alert::getDedupKey)
            .distinct()
            .filter(
                key ->
                    alerts.stream()
                            .filter(a -> a.getDedupKey().equals(key))
                            .reduce((a, b) -> b)
                            .orElseThrow()
                            .getAction()
                        == AlertAction.TRIGGER)
            .toList();
    row(
        console,
        "alerts",
        raised
            + " raised, "
            + (alerts.size() - raised)
            + " resolved; still open: "
            + (open.isEmpty() ? "none" : String.join(", ", open)));
  }

  private String at(Instant t) {
    return String.format(Locale.ROOT, "+%.1fs", seconds(Duration.between(startedAt, t)));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  static void row(Console console, String label, String text) {
    console.raw(String.format(Locale.ROOT, "  %-10s %s", label, text));
  }
}
