package dev.vigil.redactionrules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Typed access to a composed SnakeYAML node tree, with file, line and path in every error. */
final class YamlNodes {
  private final String source;

  YamlNodes(String source) {
    this.source = source;
  }

  static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  RuleSetException error(Node at, String path, String problem) {
    return new RuleSetException(source, at == null ? 0 : line(at), path, problem);
  }

  /**
   * The entries of a mapping by key, in file order. Rejects non-mappings, non-string and duplicate
   * keys, keys outside {@code allowed} and missing {@code required} keys.
   */
  Map<String, Node> mapping(Node node, String path, Set<String> allowed, Set<String> required)
      throws RuleSetException {
    if (!(node instanceof MappingNode m)) {
      throw error(node, path, "expected a mapping");
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw error(t.getKeyNode(), path, "keys must be plain strings");
      }
      String key = k.getValue();
      String sub = join(path, key);
      if (out.containsKey(key)) {
        throw error(k, sub, "duplicate key '" + key + "'");
      }
      if (allowed != null && !allowed.contains(key)) {
        throw error(
            k, sub, "unknown key '" + key + "' (allowed: " + String.join(", ", allowed) + ")");
      }
      out.put(key, t.getValueNode());
    }
    for (String r : required) {
      if (!out.containsKey(r)) {
        throw error(node, path, "missing required key '" + r + "'");
      }
    }
    return out;
  }

  List<Node> sequence(Node node, String path) throws RuleSetException {
    if (!(node instanceof SequenceNode s)) {
      throw error(node, path, "expected a list");
    }
    return new ArrayList<>(s.getValue());
  }

  String string(Node node, String path) throws RuleSetException {
    if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
      throw error(node, path, "expected a string");
    }
    if (!Tag.STR.equals(s.getTag())) {
      throw error(node, path, "expected a string but got " + s.getTag().getClassName());
    }
    return s.getValue();
  }

  /** A scalar as text whatever its YAML type (ids may look like numbers). */
  String text(Node node, String path) throws RuleSetException {
    if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
      throw error(node, path, "expected a value");
    }
    return s.getValue();
  }

  int integer(Node node, String path) throws RuleSetException {
    if (!(node instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
      throw error(node, path, "expected an integer");
    }
    try {
      return Integer.parseInt(s.getValue().replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(node, path, "expected an integer in decimal notation");
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
