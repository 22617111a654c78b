package dev.vigil.redactionrules;

import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads and validates a rule-set YAML file (format: module README). Every problem is reported as a
 * {@link RuleSetException} with the file, line and path; keys are resolved through the {@link
 * KeyProvider} at load time so a missing key stops start-up, not a record.
 */
public final class RuleSetLoader {
  /** Rule files larger than this are rejected. */
  public static final int MAX_BYTES = 1 << 20;

  static final Set<String> TOP_KEYS =
      new LinkedHashSet<>(
          List.of("ruleset", "version", "description", "on_error", "keys", "fields", "scan"));
  private static final Set<String> TOP_REQUIRED = Set.of("ruleset", "version", "on_error", "scan");

  private RuleSetLoader() {}

  public static RuleSet load(Path file, KeyProvider keys) throws RuleSetException {
    String source = file.toString();
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new RuleSetException(source, 0, "(file)", "larger than " + MAX_BYTES + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleSetException(
          source, 0, "(file)", "cannot read (" + e.getClass().getSimpleName() + ")");
    }
    return load(source, text, keys);
  }

  /** Loads rules from text; {@code sourceName} is used in error messages. */
  public static RuleSet load(String sourceName, String yaml, KeyProvider keys)
      throws RuleSetException {
    YamlNodes y = new YamlNodes(sourceName);
    Node root = compose(sourceName, yaml);
    Map<String, Node> top = y.mapping(root, "", TOP_KEYS, TOP_REQUIRED);

    String id = y.string(top.get("ruleset"), "ruleset");
    if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw y.error(top.get("ruleset"), "ruleset", "id must match [a-z0-9][a-z0-9._-]{0,63}");
    }
    int version = y.integer(top.get("version"), "version");
    if (version < 1) {
      throw y.error(top.get("version"), "version", "must be a positive integer");
    }
    if (top.containsKey("description")) {
      y.string(top.get("description"), "description");
    }
    String onError = y.string(top.get("on_error"), "on_error");
    if (!onError.equals("quarantine")) {
      throw y.error(
          top.get("on_error"),
          "on_error",
          "only 'quarantine' is allowed: redaction fails closed and has no pass-through mode");
    }
    List<String> keyIds = keys(y, top.get("keys"), keys);
    RuleCompiler compiler = new RuleCompiler(y, keyIds, keys);
    if (top.containsKey("fields")) {
      compiler.fields(top.get("fields"));
    }
    compiler.scan(top.get("scan"));
    return compiler.build(id, version, sourceName);
  }

  private static Node compose(String source, String yaml) throws RuleSetException {
    if (yaml.length() > MAX_BYTES) {
      throw new RuleSetException(source, 0, "(file)", "larger than " + MAX_BYTES + " bytes");
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(20);
    try {
      Node root = new Yaml(new SafeConstructor(options)).compose(new java.io.StringReader(yaml));
      if (root == null) {
        throw new RuleSetException(source, 0, "(document)", "empty rule file");
      }
      return root;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new RuleSetException(source, line, "(document)", "malformed YAML: " + e.getProblem());
    } catch (YAMLException e) {
      throw new RuleSetException(source, 0, "(document)", "malformed YAML");
    } catch (IllegalArgumentException e) {
      // Found by fuzzing (issue 18): SnakeYAML throws this for a malformed tag such as "!%e".
      throw new RuleSetException(source, 0, "(document)", "malformed YAML (bad tag)");
    }
  }

  private static List<String> keys(YamlNodes y, Node node, KeyProvider provider)
      throws RuleSetException {
    if (node == null) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    List<Node> items = y.sequence(node, "keys");
    for (int i = 0; i < items.size(); i++) {
      String path = "keys[" + i + "]";
      String id = y.text(items.get(i), path);
      if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw y.error(items.get(i), path, "key id must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
      }
      if (!ids.add(id)) {
        throw y.error(items.get(i), path, "key '" + id + "' is declared twice");
      }
      try {
        provider.keyset(id);
      } catch (KeyException e) {
        throw y.error(items.get(i), path, "key '" + id + "' is not available: " + e.getMessage());
      } catch (RuntimeException e) {
        throw y.error(
            items.get(i),
            path,
            "key '" + id + "' is not available (" + e.getClass().getSimpleName() + ")");
      }
    }
    return List.copyOf(ids);
  }
}
