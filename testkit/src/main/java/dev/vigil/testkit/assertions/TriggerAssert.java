package dev.vigil.testkit.assertions;

import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.GateResult;
import dev.vigil.schemas.avro.TriggerStage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractObjectAssert;

/** Domain assertions on a {@link FailoverTrigger}; messages name the trigger by id and stage. */
public final class TriggerAssert extends AbstractObjectAssert<TriggerAssert, FailoverTrigger> {
  TriggerAssert(FailoverTrigger actual) {
    super(actual, TriggerAssert.class);
  }

  /** The trigger's stage is {@code stage}. */
  public TriggerAssert hasStage(TriggerStage stage) {
    isNotNull();
    if (actual.getStage() != stage) {
      failWithMessage("Expected trigger %s to be %s but was %s", name(), stage, actual.getStage());
    }
    return this;
  }

  /** The trigger is for {@code service}. */
  public TriggerAssert forService(String service) {
    isNotNull();
    if (!actual.getService().equals(service)) {
      failWithMessage(
          "Expected trigger %s for service <%s> but it was for <%s>",
          name(), service, actual.getService());
    }
    return this;
  }

  /** The trigger moves traffic from site {@code from} to site {@code to}. */
  public TriggerAssert movesTraffic(String from, String to) {
    isNotNull();
    if (!actual.getFromSite().equals(from) || !actual.getToSite().equals(to)) {
      failWithMessage(
          "Expected trigger %s to move traffic %s -> %s but it moves %s -> %s",
          name(), from, to, actual.getFromSite(), actual.getToSite());
    }
    return this;
  }

  /** The trigger shifts {@code percent} % of the traffic to the target. */
  public TriggerAssert atTrafficPercent(int percent) {
    isNotNull();
    if (actual.getTrafficPercent() != percent) {
      failWithMessage(
          "Expected trigger %s at %d %% traffic but it was at %d %%",
          name(), percent, actual.getTrafficPercent());
    }
    return this;
  }

  /** Every gate was evaluated and passed (or was waived). */
  public TriggerAssert passesAllGates() {
    isNotNull();
    List<GateName> failing = failing();
    if (actual.getGates().size() != GateName.values().length || !failing.isEmpty()) {
      failWithMessage(
          "Expected trigger %s to pass all %d gates but it evaluated %s and failed %s",
          name(), GateName.values().length, gates(), failing);
    }
    return this;
  }

  /** Exactly these gates failed, in the trigger's gate order (every other gate passed). */
  public TriggerAssert isBlockedOnlyBy(GateName... gates) {
    isNotNull();
    List<GateName> expected = Arrays.asList(gates);
    if (!failing().equals(expected)) {
      failWithMessage(
          "Expected trigger %s to fail exactly gates %s but it failed %s",
          name(), expected, failing());
    }
    return this;
  }

  /** The named gate was evaluated and its reason contains {@code text}. */
  public TriggerAssert hasGateReasonContaining(GateName gate, String text) {
    isNotNull();
    GateResult result = gate(gate);
    if (!result.getReason().contains(text)) {
      failWithMessage(
          "Expected gate %s of trigger %s to give a reason containing <%s> but it gave <%s>",
          gate, name(), text, result.getReason());
    }
    return this;
  }

  /** The named gate was waived by an operator (it counts as passed). */
  public TriggerAssert hasWaived(GateName gate) {
    isNotNull();
    if (!gate(gate).getWaived()) {
      failWithMessage("Expected gate %s of trigger %s to be waived but it was not", gate, name());
    }
    return this;
  }

  private GateResult gate(GateName gate) {
    Optional<GateResult> found =
        actual.getGates().stream().filter(g -> g.getGate() == gate).findFirst();
    if (found.isEmpty()) {
      failWithMessage(
          "Expected trigger %s to evaluate gate %s but it evaluated %s", name(), gate, gates());
    }
    return found.orElseThrow();
  }

  private List<GateName> failing() {
    return actual.getGates().stream().filter(g -> !g.getPassed()).map(GateResult::getGate).toList();
  }

  private List<GateName> gates() {
    return actual.getGates().stream().map(GateResult::getGate).toList();
  }

  private String name() {
    return actual.getTriggerId() + " (" + actual.getStage() + ", " + actual.getService() + ")";
  }
}
