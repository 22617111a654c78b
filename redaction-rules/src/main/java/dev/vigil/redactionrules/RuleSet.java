package dev.vigil.redactionrules;

import dev.vigil.redactionrules.detect.Scanner;
import dev.vigil.redactionrules.ops.Operator;
import dev.vigil.schemas.avro.EventKind;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated and compiled rule set (see the module README for the file format). Immutable
 * and thread-safe; create with {@link RuleSetLoader}.
 */
public final class RuleSet {
  private final String id;
  private final int version;
  private final String source;
  private final List<String> keyIds;
  private final List<String> detectors;
  final Map<EventKind, List<Targets.Target>> targets;
  final Scanner scanner;
  final Map<String, Operator> scanOperators;

  RuleSet(
      String id,
      int version,
      String source,
      List<String> keyIds,
      List<String> detectors,
      Map<EventKind, List<Targets.Target>> targets,
      Scanner scanner,
      Map<String, Operator> scanOperators) {
    this.id = id;
    this.version = version;
    this.source = source;
    this.keyIds = List.copyOf(keyIds);
    this.detectors = List.copyOf(detectors);
    this.targets = Map.copyOf(targets);
    this.scanner = scanner;
    this.scanOperators = Map.copyOf(scanOperators);
  }

  /** The {@code ruleset} id, e.g. {@code vigil-default}. */
  public String id() {
    return id;
  }

  /** The {@code version}, a positive integer; a newer rule set of the same id has a higher one. */
  public int version() {
    return version;
  }

  /** Where it was loaded from (file name or the caller's source name). */
  public String source() {
    return source;
  }

  /** Declared key ids (all resolved at load time). */
  public List<String> keyIds() {
    return keyIds;
  }

  /** Scan detector types in rule-file order (custom detectors by their name). */
  public List<String> detectors() {
    return detectors;
  }

  @Override
  public String toString() {
    return "RuleSet[" + id + " v" + version + " from " + source + "]";
  }
}
