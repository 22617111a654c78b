package dev.vigil.streams.ocsf;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an input record came from: its topic and, for records the redactor wrote, the rule set that
 * redacted it (from the {@code vigil.ruleset.*} headers).
 *
 * @param topic the input topic, written to {@code metadata.log_name}
 * @param ruleSet the redacting rule set; empty for records the correlator wrote from redacted input
 */
public record Provenance(String topic, Optional<RuleSetRef> ruleSet) {
  public Provenance {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(ruleSet, "ruleSet");
  }

  /** A rule set by id and version. */
  public record RuleSetRef(String id, String version) {
    public RuleSetRef {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(version, "version");
    }
  }

  public static Provenance of(String topic) {
    return new Provenance(topic, Optional.empty());
  }

  public static Provenance redacted(String topic, String ruleSetId, String ruleSetVersion) {
    return new Provenance(topic, Optional.of(new RuleSetRef(ruleSetId, ruleSetVersion)));
  }
}
