package dev.vigil.streams.redaction;

import dev.vigil.redactionrules.RedactionEngine;
import dev.vigil.redactionrules.RedactionMetrics;
import dev.vigil.redactionrules.RuleSet;
import dev.vigil.redactionrules.RuleSetException;
import dev.vigil.redactionrules.RuleSetLoader;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.signing.RuleSetSigning;
import dev.vigil.schemas.signing.Verifier;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule set in force on this instance. It only moves forward: a rule set is taken when it has
 * the configured id and a higher version than the current one, so every instance that has seen the
 * same versions uses the same one. Without any rule set everything is quarantined (fail closed).
 */
public final class RuleSetHolder {
  private static final Logger LOGGER = LoggerFactory.getLogger(RuleSetHolder.class);

  /** What happened to an offered rule set. */
  public enum Decision {
    APPLIED,
    STALE,
    OTHER_RULESET,
    INVALID,
    /** Not signed by a key in {@code redaction.ruleKeys} (unsigned, unknown key, bad signature). */
    UNSIGNED
  }

  private final String rulesetId;
  private final KeyProvider keys;
  private final RedactionMetrics metrics;
  private final Verifier ruleKeys;
  private final AtomicReference<RedactionEngine> current = new AtomicReference<>();

  public RuleSetHolder(String rulesetId, KeyProvider keys, RedactionMetrics metrics) {
    this(rulesetId, keys, metrics, new Verifier(Map.of()));
  }

  /**
   * @param ruleKeys rule publishers' keys ({@code redaction.ruleKeys}); when any is listed, a rule
   *     set from the topic is taken only when signed by one of them
   */
  public RuleSetHolder(
      String rulesetId, KeyProvider keys, RedactionMetrics metrics, Verifier ruleKeys) {
    this.ruleKeys = Objects.requireNonNull(ruleKeys, "ruleKeys");
    this.rulesetId = Objects.requireNonNull(rulesetId, "rulesetId");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  public String rulesetId() {
    return rulesetId;
  }

  /** The engine in force, if any rule set was accepted. */
  public Optional<RedactionEngine> current() {
    return Optional.ofNullable(current.get());
  }

  /** The version in force, or 0. */
  public int version() {
    RedactionEngine engine = current.get();
    return engine == null ? 0 : engine.version();
  }

  /** Offers an already-loaded rule set. */
  public Decision offer(RuleSet rules) {
    if (!rulesetId.equals(rules.id())) {
      return Decision.OTHER_RULESET;
    }
    RedactionEngine candidate = RedactionEngine.create(rules, metrics);
    while (true) {
      RedactionEngine now = current.get();
      if (now != null && now.version() >= rules.version()) {
        LOGGER
            .atWarn()
            .addKeyValue("ruleset", rules.id())
            .addKeyValue("version", rules.version())
            .addKeyValue("in_force", now.version())
            .addKeyValue("refusal", now.version() > rules.version() ? "DOWNGRADE" : "REPLAYED")
            .log("rule set refused: version not above the one in force; the rules in force stay");
        return Decision.STALE;
      }
      if (current.compareAndSet(now, candidate)) {
        LOGGER
            .atInfo()
            .addKeyValue("ruleset", rules.id())
            .addKeyValue("version", rules.version())
            .addKeyValue("previous", now == null ? 0 : now.version())
            .log("rule set in force");
        return Decision.APPLIED;
      }
    }
  }

  /**
   * Parses YAML (from the rules topic) and offers it; an invalid text never replaces valid rules.
   */
  public Decision offer(String source, String yaml) {
    if (!ruleKeys.isEmpty()
        && RuleSetSigning.verify(yaml, ruleKeys) instanceof Verifier.Result.Refused r) {
      LOGGER
          .atWarn()
          .addKeyValue("source", source)
          .addKeyValue("refusal", r.reason())
          .log(
              "rule set refused: not signed by a key in redaction.ruleKeys; the rules in force"
                  + " stay");
      return Decision.UNSIGNED;
    }
    RuleSet rules;
    try {
      rules = RuleSetLoader.load(source, yaml, keys);
    } catch (RuleSetException | RuntimeException e) {
      Causes.warn(LOGGER, e)
          .addKeyValue("source", source)
          .log("rule set rejected; the rules in force stay");
      return Decision.INVALID;
    }
    return offer(rules);
  }

  /**
   * Loads and offers a rule set, for validation before publishing (same checks as the topic path).
   */
  public static RuleSet parse(String source, String yaml, KeyProvider keys)
      throws RuleSetException {
    return RuleSetLoader.load(source, yaml, keys);
  }
}
