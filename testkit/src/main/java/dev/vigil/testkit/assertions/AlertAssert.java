package dev.vigil.testkit.assertions;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import org.assertj.core.api.AbstractObjectAssert;

/** Domain assertions on an {@link Alert}; messages name the alert by dedup key. */
public final class AlertAssert extends AbstractObjectAssert<AlertAssert, Alert> {
  AlertAssert(Alert actual) {
    super(actual, AlertAssert.class);
  }

  /** The alert opens (or re-opens) an incident. */
  public AlertAssert isTrigger() {
    return hasAction(AlertAction.TRIGGER);
  }

  /** The alert resolves an incident. */
  public AlertAssert isResolve() {
    return hasAction(AlertAction.RESOLVE);
  }

  /** The alert's action is {@code action}. */
  public AlertAssert hasAction(AlertAction action) {
    isNotNull();
    if (actual.getAction() != action) {
      failWithMessage(
          "Expected alert %s to %s but it was a %s", name(), action, actual.getAction());
    }
    return this;
  }

  /** The alert's severity is {@code severity}. */
  public AlertAssert hasSeverity(AlertSeverity severity) {
    isNotNull();
    if (actual.getSeverity() != severity) {
      failWithMessage(
          "Expected alert %s at %s but it was %s", name(), severity, actual.getSeverity());
    }
    return this;
  }

  /** The alert names site {@code site}. */
  public AlertAssert atSite(String site) {
    isNotNull();
    if (!site.equals(actual.getSite())) {
      failWithMessage(
          "Expected alert %s at site <%s> but it named <%s>", name(), site, actual.getSite());
    }
    return this;
  }

  /** The alert's summary contains {@code text}. */
  public AlertAssert hasSummaryContaining(String text) {
    isNotNull();
    if (!actual.getSummary().contains(text)) {
      failWithMessage(
          "Expected alert %s to have a summary containing <%s> but it was <%s>",
          name(), text, actual.getSummary());
    }
    return this;
  }

  /** The alert's evidence is exactly these event ids, in any order. */
  public AlertAssert hasEvidence(Collection<String> eventIds) {
    isNotNull();
    List<String> evidence = actual.getEvidence();
    if (evidence.size() != eventIds.size()
        || !new HashSet<>(evidence).equals(new HashSet<>(eventIds))) {
      failWithMessage(
          "Expected alert %s to cite evidence %s but it cited %s", name(), eventIds, evidence);
    }
    return this;
  }

  private String name() {
    return actual.getDedupKey() + " (" + actual.getAction() + ")";
  }
}
