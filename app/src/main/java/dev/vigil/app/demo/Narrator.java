package dev.vigil.app.demo;

import dev.vigil.app.demo.Console.Tone;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.FailoverState;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.Transition;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what the watcher sees into readable lines: probe results only when they change (and each
 * failure up to the threshold), site health and phase when they change, every trigger with its
 * reason, evidence and gates, every alert, operator commands and HOLD clearing from the audit
 * trail. Prints ids, enums, counts and the engine's own reasons; never a payload value.
 */
final class Narrator {
  private final Console console;
  private final Map<String, CheckStatus> lastProbe = new HashMap<>();
  private final Map<String, Integer> failsInARow = new HashMap<>();
  private String lastState;
  private String lastGates;

  Narrator(Console console) {
    this.console = console;
  }

  void on(Object value) {
    if (value instanceof HealthCheckResult h) {
      probe(h);
    } else if (value instanceof FailoverState s) {
      state(s);
    } else if (value instanceof FailoverTrigger t) {
      trigger(t);
    } else if (value instanceof Alert a) {
      alert(a);
    } else if (value instanceof SecuritySignal s) {
      console.line(
          Tone.WARN,
          "signal",
          s.getSignal().getOrigin()
              + " "
              + s.getSignal().getSeverity()
              + " on "
              + s.getSite()
              + " from "
              + s.getSource()
              + ", redacted, id "
              + Console.id(s.getEventId().toString()));
    } else if (value instanceof PostureFinding p) {
      console.line(
          Tone.PLAIN,
          "posture",
          p.getFinding().getCheck()
              + " "
              + p.getFinding().getStatus()
              + " on "
              + p.getSite()
              + " from "
              + p.getSource()
              + ", id "
              + Console.id(p.getEventId().toString()));
    } else if (value instanceof AuditRecord r) {
      audit(r);
    }
  }

  private void probe(HealthCheckResult h) {
    String key = h.getCheck().getVantage() + " -> " + h.getSite();
    CheckStatus status = h.getCheck().getStatus();
    int fails = status == CheckStatus.FAIL ? failsInARow.merge(key, 1, Integer::sum) : 0;
    failsInARow.put(key, fails);
    CheckStatus before = lastProbe.put(key, status);
    if (status == CheckStatus.FAIL && fails <= DemoConfig.FAILURE_THRESHOLD) {
      console.line(
          Tone.BAD,
          "probe",
          String.format(
              Locale.ROOT,
              "%-22s FAIL  %d/%d in a row  id %s",
              key,
              fails,
              DemoConfig.FAILURE_THRESHOLD,
              Console.id(h.getEventId().toString())));
    } else if (status != before && status != CheckStatus.FAIL) {
      console.line(
          status == CheckStatus.PASS ? Tone.GOOD : Tone.WARN,
          "probe",
          String.format(Locale.ROOT, "%-22s %-5s %d ms", key, status, h.getCheck().getLatencyMs()));
    }
  }

  private void state(FailoverState s) {
    StringBuilder sb = new StringBuilder();
    s.getSiteHealth()
        .forEach((site, health) -> sb.append(site).append(' ').append(health).append(", "));
    sb.append("phase ").append(s.getPhase()).append(", active ").append(s.getActiveSite());
    if (!sb.toString().equals(lastState)) {
      lastState = sb.toString();
      console.line(Tone.PLAIN, "state", lastState);
    }
    String gates = gateVector(s.getGates());
    if (!s.getGates().isEmpty() && !gates.equals(lastGates) && s.getIncidentId() == null) {
      lastGates = gates;
      console.line(
          Tone.PLAIN,
          "gates",
          "on standby "
              + s.getStandbySite()
              + (s.getActiveSite().equals(DemoConfig.PRIMARY)
                  ? " (a failover would need them):"
                  : " (a failback would need them):"));
      gateLines(s.getGates());
    }
  }

  private void trigger(FailoverTrigger t) {
    Tone tone =
        switch (t.getStage()) {
          case HOLD, BLOCKED, ROLLBACK, ABORT -> Tone.BAD;
          case COMPLETE -> Tone.GOOD;
          default -> Tone.STAGE;
        };
    String stage = t.getStage() + (t.getStage() == TriggerStage.SHIFT ? " " + t.getStep() : "");
    console.line(
        tone,
        "TRIGGER",
        console.paint(
            tone,
            String.format(
                Locale.ROOT,
                "%-9s %s %3d %%  %s -> %s  %s",
                stage,
                Console.bar(t.getTrafficPercent()),
                t.getTrafficPercent(),
                t.getFromSite(),
                t.getToSite(),
                Console.id(t.getIncidentId()))));
    if (t.getStage() == TriggerStage.HOLD || t.getStage() == TriggerStage.BLOCKED) {
      List<GateResult> failing = t.getGates().stream().filter(g -> !g.getPassed()).toList();
      for (GateResult g : failing) {
        console.detail(
            "",
            console.paint(
                Tone.BAD,
                "next stage blocked by gate "
                    + g.getGate()
                    + ": "
                    + g.getReason()
                    + ", evidence "
                    + ids(g.getEvidenceEventIds())));
      }
    }
    console.detail("reason", t.getReason());
    if (t.getStage() == TriggerStage.PREPARE || t.getStage() == TriggerStage.BLOCKED) {
      console.detail(
          "evidence",
          t.getEvidenceEventIds().size()
              + " event(s) that crossed the threshold: "
              + ids(t.getEvidenceEventIds()));
    }
    String gates = gateVector(t.getGates());
    if (!gates.equals(lastGates) || t.getStage() == TriggerStage.PREPARE) {
      lastGates = gates;
      gateLines(t.getGates());
    } else {
      console.detail("gates", "as before (" + passedCount(t.getGates()) + ")");
    }
  }

  private void alert(Alert a) {
    if (a.getAction() == AlertAction.TRIGGER) {
      console.line(
          a.getSeverity().ordinal() <= 1 ? Tone.BAD : Tone.WARN,
          "ALERT",
          a.getSeverity() + " " + a.getDedupKey() + ": " + a.getSummary());
      if (!a.getEvidence().isEmpty()) {
        console.detail("evidence", ids(a.getEvidence()));
      }
    } else {
      console.line(
          Tone.GOOD, "resolved", a.getSeverity() + " " + a.getDedupKey() + ": " + a.getSummary());
    }
  }

  private void audit(AuditRecord r) {
    Map<String, String> d = r.getDetails();
    switch (AuditAction.of(r.getAction()).orElse(AuditAction.SITE_HEALTH)) {
      case COMMAND ->
          console.line(
              Tone.WARN,
              "command",
              d.get("command")
                  + (d.containsKey("gate") ? " " + d.get("gate") : "")
                  + " by "
                  + r.getActor()
                  + " (audited): "
                  + d.get("outcome"));
      case TRANSITION -> {
        if (Transition.of(d.get(Transition.AUDIT_KEY)).orElse(null) == Transition.HOLD_CLEARED) {
          console.line(Tone.GOOD, "resumed", d.get("reason"));
        }
      }
      case WAIVER_EXPIRED ->
          console.line(
              Tone.WARN, "waiver", d.get("gate") + " waiver on " + d.get("site") + " expired");
      default -> {
        // triggers, health changes and incident bookkeeping are shown from their own topics
      }
    }
  }

  private void gateLines(List<GateResult> gates) {
    for (GateResult g : gates) {
      String verdict;
      Tone tone;
      if (g.getWaived()) {
        verdict = "WAIVED";
        tone = Tone.WARN;
      } else if (!g.getPassed()) {
        verdict = "FAIL";
        tone = Tone.BAD;
      } else if (g.getReason().equals("disabled in config")) {
        verdict = "off";
        tone = Tone.DIM;
      } else {
        verdict = "pass";
        tone = Tone.GOOD;
      }
      String evidence =
          g.getEvidenceEventIds().isEmpty() ? "" : "  evidence " + ids(g.getEvidenceEventIds());
      console.detail(
          "gate",
          String.format(
              Locale.ROOT,
              "%-13s %s %s%s",
              g.getGate(),
              console.paint(tone, String.format(Locale.ROOT, "%-6s", verdict)),
              g.getReason(),
              evidence));
    }
  }

  private static String gateVector(List<GateResult> gates) {
    StringBuilder sb = new StringBuilder();
    gates.forEach(
        g ->
            sb.append(g.getGate())
                .append(g.getPassed())
                .append(g.getWaived())
                .append(g.getEvidenceEventIds()));
    return sb.toString();
  }

  private static String passedCount(List<GateResult> gates) {
    long passed = gates.stream().filter(GateResult::getPassed).count();
    return passed + "/" + gates.size() + " pass";
  }

  static String ids(List<String> ids) {
    if (ids.isEmpty()) {
      return "none";
    }
    return String.join(" ", ids.stream().map(Console::id).toList());
  }
}
