package dev.vigil.redactionrules;

import dev.vigil.redactionrules.detect.Scanner;
import dev.vigil.redactionrules.detect.Span;
import dev.vigil.redactionrules.ops.Operator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Per-record state: counts, and where the engine is (for failure reasons without values). */
final class RecordContext {
  private final Scanner scanner;
  private final Map<String, Operator> scanOperators;
  final Map<String, Integer> detectorCounts = new HashMap<>(4);
  final Map<String, Integer> operatorCounts = new HashMap<>(4);
  String path = "";
  String operator = "";

  RecordContext(Scanner scanner, Map<String, Operator> scanOperators) {
    this.scanner = scanner;
    this.scanOperators = scanOperators;
  }

  void at(String path, String operator) {
    this.path = path;
    this.operator = operator;
  }

  void operatorApplied(String name) {
    operatorCounts.merge(name, 1, Integer::sum);
  }

  /** {@code text} with every detected span replaced; the same instance if nothing was found. */
  String scan(String fieldPath, String text) throws Exception {
    path = fieldPath;
    operator = "scan";
    List<Span> spans = scanner.scan(text);
    if (spans.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int last = 0;
    for (Span s : spans) {
      Operator op = scanOperators.get(s.type());
      operator = op.name();
      out.append(text, last, s.start());
      out.append(op.apply(text.substring(s.start(), s.end()), s.type()));
      last = s.end();
      detectorCounts.merge(s.type(), 1, Integer::sum);
      operatorCounts.merge(op.name(), 1, Integer::sum);
    }
    out.append(text, last, text.length());
    return out.toString();
  }
}
