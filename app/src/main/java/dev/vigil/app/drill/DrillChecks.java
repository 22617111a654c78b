package dev.vigil.app.drill;

import dev.vigil.schemas.avro.FailoverTrigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the drill promises, checked against what it saw. Pure: unit-tested without Kafka. */
final class DrillChecks {
  private DrillChecks() {}

  /** What the drill saw; filled in as it goes, so a drill that stops early still reports. */
  static final class Evidence {
    Optional<String> failure = Optional.empty();
    String service;
    Location taskSite;
    Instant lossAt;
    long lossNanos;
    Long takeoverMs;
    Long firstDecisionMs;
    List<DrillWatch.Seen> triggers = List.of();
    Map<String, Long> acknowledged = Map.of();
    Set<String> stored;
    Boolean auditVerified;
    String auditDetail = "not read";
  }

  static DrillReport report(
      SiteLossDrill.Settings settings, Evidence e, Instant startedAt, double seconds) {
    List<DrillReport.Trigger> triggers = triggers(e);
    Losses losses = Losses.of(e);
    List<DrillReport.Check> checks = new ArrayList<>();
    checks.add(
        new DrillReport.Check(
            "drill ran to the end", e.failure.isEmpty(), e.failure.orElse("every step done")));
    checks.addAll(triggerChecks(triggers));
    checks.add(takeoverCheck(settings, e));
    checks.addAll(lossChecks(e, losses));
    checks.add(
        new DrillReport.Check(
            "audit chain verified", Boolean.TRUE.equals(e.auditVerified), e.auditDetail));
    boolean passed = checks.stream().allMatch(DrillReport.Check::passed);
    return new DrillReport(
        "site-loss",
        settings.lose(),
        settings.standbys(),
        DrillFiles.SESSION_TIMEOUT_MS,
        e.service,
        e.taskSite == null ? null : e.taskSite.rack(),
        startedAt.toString(),
        e.lossAt == null ? null : e.lossAt.toString(),
        e.takeoverMs,
        e.firstDecisionMs,
        triggers,
        DrillFiles.EXPECTED_STAGES,
        losses.acceptedBefore(),
        losses.lostBefore(),
        e.acknowledged.size(),
        losses.lostTotal(),
        Boolean.TRUE.equals(e.auditVerified),
        Math.round(seconds * 10) / 10.0,
        List.copyOf(checks),
        passed);
  }

  /** The triggers seen, with their time after the loss. */
  private static List<DrillReport.Trigger> triggers(Evidence e) {
    return e.triggers.stream()
        .map(
            s -> {
              FailoverTrigger t = s.trigger();
              return new DrillReport.Trigger(
                  t.getTriggerId().toString(),
                  t.getIncidentId().toString(),
                  t.getStage().name(),
                  t.getTrafficPercent(),
                  e.lossAt == null ? 0 : (s.readAtNanos() - e.lossNanos) / 1_000_000);
            })
        .toList();
  }

  /**
   * Acknowledged events: accepted before the loss, of those missing, and missing in all.
   *
   * @param read whether the topic was read at all
   */
  private record Losses(boolean read, int acceptedBefore, int lostBefore, int lostTotal) {
    static Losses of(Evidence e) {
      int acceptedBefore = 0;
      int lostBefore = 0;
      int lostTotal = 0;
      boolean read = e.stored != null;
      for (Map.Entry<String, Long> ack : e.acknowledged.entrySet()) {
        boolean before = e.lossAt != null && ack.getValue() < e.lossNanos;
        boolean missing = read && !e.stored.contains(ack.getKey());
        acceptedBefore += before ? 1 : 0;
        lostBefore += before && missing ? 1 : 0;
        lostTotal += missing ? 1 : 0;
      }
      return new Losses(read, acceptedBefore, lostBefore, lostTotal);
    }
  }

  /** The planned sequence, and no trigger twice (one incident). */
  private static List<DrillReport.Check> triggerChecks(List<DrillReport.Trigger> triggers) {
    List<String> steps = triggers.stream().map(DrillReport.Trigger::step).toList();
    Set<String> ids = new HashSet<>();
    Set<String> incidents = new HashSet<>();
    triggers.forEach(
        t -> {
          ids.add(t.triggerId());
          incidents.add(t.incidentId());
        });
    return List.of(
        new DrillReport.Check(
            "triggers in the planned sequence, none missing",
            steps.equals(DrillFiles.EXPECTED_STAGES),
            "seen " + steps + ", expected " + DrillFiles.EXPECTED_STAGES),
        new DrillReport.Check(
            "no trigger issued twice",
            !triggers.isEmpty() && ids.size() == triggers.size() && incidents.size() == 1,
            triggers.size()
                + " triggers, "
                + ids.size()
                + " distinct ids, "
                + incidents.size()
                + " incident(s)"));
  }

  /** When the lost location ran the task, the survivor took it over. */
  private static DrillReport.Check takeoverCheck(SiteLossDrill.Settings settings, Evidence e) {
    boolean moves = settings.lose().hostsVigil() && settings.lose() == e.taskSite;
    return new DrillReport.Check(
        "the surviving instance took the task over",
        !moves || e.takeoverMs != null,
        moves
            ? (e.takeoverMs == null ? "no takeover seen" : "after " + e.takeoverMs + " ms")
            : "no task had to move (the task ran at "
                + (e.taskSite == null ? "?" : e.taskSite.rack())
                + ")");
  }

  private static List<DrillReport.Check> lossChecks(Evidence e, Losses l) {
    return List.of(
        new DrillReport.Check(
            "no event accepted before the loss was lost",
            l.read() && e.lossAt != null && l.acceptedBefore() > 0 && l.lostBefore() == 0,
            l.read()
                ? l.lostBefore() + " of " + l.acceptedBefore() + " missing"
                : "topic not read"),
        new DrillReport.Check(
            "no accepted event was lost",
            l.read() && l.lostTotal() == 0,
            l.read()
                ? l.lostTotal() + " of " + e.acknowledged.size() + " missing"
                : "topic not read"));
  }
}
