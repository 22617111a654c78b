package dev.vigil.redactionrules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.vigil.redactionrules.detect.BuiltInDetectors;
import dev.vigil.redactionrules.detect.Detector;
import dev.vigil.redactionrules.detect.Scanner;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.redactionrules.ops.Operator;
import dev.vigil.redactionrules.ops.Operators;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.json.EventTypes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Validates the {@code fields} and {@code scan} sections and compiles them into targets. */
final class RuleCompiler {
  /** Operator name → its parameters. */
  static final Map<String, Set<String>> OPERATOR_PARAMS = new LinkedHashMap<>();

  static {
    OPERATOR_PARAMS.put("drop", Set.of());
    OPERATOR_PARAMS.put("redact", Set.of("tag"));
    OPERATOR_PARAMS.put("mask", Set.of("keep_last", "mask_char"));
    OPERATOR_PARAMS.put("pseudonym", Set.of("key"));
    OPERATOR_PARAMS.put("truncate_ip", Set.of("ipv4_prefix", "ipv6_prefix"));
    OPERATOR_PARAMS.put("encrypt", Set.of("key"));
    OPERATOR_PARAMS.put("keep", Set.of());
  }

  private static final Set<String> RULE_KEYS = Set.of("path", "operator");
  private static final Set<String> DETECTOR_KEYS = Set.of("type", "operator");
  private static final Set<String> CUSTOM_KEYS =
      Set.of("type", "operator", "name", "pattern", "group", "priority");
  private static final Set<String> PHONE_KEYS = Set.of("type", "operator", "regions");

  private final YamlNodes y;
  private final List<String> keyIds;
  private final KeyProvider keys;

  private final Map<EventKind, Map<String, Operator>> stringRules = new EnumMap<>(EventKind.class);
  private final Map<EventKind, Map<String, Map<String, Operator>>> mapKeyRules =
      new EnumMap<>(EventKind.class);
  private final Map<EventKind, Map<String, Operator>> mapAllRules = new EnumMap<>(EventKind.class);
  private final Map<EventKind, Map<String, Operator>> mapWholeRules =
      new EnumMap<>(EventKind.class);
  private final List<Detector> detectors = new ArrayList<>();
  private final Map<String, Operator> scanOperators = new HashMap<>();

  RuleCompiler(YamlNodes y, List<String> keyIds, KeyProvider keys) {
    this.y = y;
    this.keyIds = keyIds;
    this.keys = keys;
    for (EventKind k : EventKind.values()) {
      stringRules.put(k, new HashMap<>());
      mapKeyRules.put(k, new HashMap<>());
      mapAllRules.put(k, new HashMap<>());
      mapWholeRules.put(k, new HashMap<>());
    }
  }

  void fields(Node node) throws RuleSetException {
    Set<String> kinds = new LinkedHashSet<>();
    for (EventKind k : EventKind.values()) {
      kinds.add(EventTypes.jsonName(k));
    }
    Map<String, Node> byKind = y.mapping(node, "fields", kinds, Set.of());
    for (Map.Entry<String, Node> e : byKind.entrySet()) {
      EventKind kind = EventTypes.fromJsonName(e.getKey()).orElseThrow();
      List<Node> rules = y.sequence(e.getValue(), "fields." + e.getKey());
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < rules.size(); i++) {
        fieldRule(kind, rules.get(i), "fields." + e.getKey() + "[" + i + "]", seen);
      }
    }
  }

  private void fieldRule(EventKind kind, Node node, String at, Map<String, Integer> seen)
      throws RuleSetException {
    Map<String, Node> rule = y.mapping(node, at, null, RULE_KEYS);
    Node pathNode = rule.get("path");
    String path = y.string(pathNode, at + ".path");
    SchemaPaths.Resolved r;
    try {
      r = SchemaPaths.resolve(EventTypes.schemaOf(kind), path);
    } catch (IllegalArgumentException ex) {
      throw y.error(pathNode, at + ".path", ex.getMessage());
    }
    Integer first = seen.putIfAbsent(path, YamlNodes.line(pathNode));
    if (first != null) {
      throw y.error(
          pathNode,
          at + ".path",
          "duplicate rule for path '" + path + "' (first at line " + first + ")");
    }
    Operator op = operator(rule, RULE_KEYS, at, null);
    String field = r.fieldPath();
    boolean wholeConflict =
        r.leaf() == SchemaPaths.Leaf.MAP_WHOLE
            ? mapKeyRules.get(kind).containsKey(field) || mapAllRules.get(kind).containsKey(field)
            : r.leaf() != SchemaPaths.Leaf.STRING && mapWholeRules.get(kind).containsKey(field);
    if (wholeConflict) {
      throw y.error(
          pathNode,
          at + ".path",
          "conflicts with the rule for the whole map '"
              + field
              + "' (a map is dropped whole or per key)");
    }
    switch (r.leaf()) {
      case STRING -> stringRules.get(kind).put(field, op);
      case MAP_ALL -> mapAllRules.get(kind).put(field, op);
      case MAP_KEY ->
          mapKeyRules.get(kind).computeIfAbsent(field, f -> new HashMap<>()).put(r.mapKey(), op);
      case MAP_WHOLE -> {
        if (!op.drops()) {
          throw y.error(
              rule.get("operator"),
              at + ".operator",
              "a whole map can only be dropped; use '" + field + ".*' to transform every value");
        }
        mapWholeRules.get(kind).put(field, op);
      }
    }
  }

  void scan(Node node) throws RuleSetException {
    Map<String, Node> scan = y.mapping(node, "scan", Set.of("detectors"), Set.of("detectors"));
    List<Node> list = y.sequence(scan.get("detectors"), "scan.detectors");
    for (int i = 0; i < list.size(); i++) {
      detector(list.get(i), "scan.detectors[" + i + "]");
    }
  }

  private void detector(Node node, String at) throws RuleSetException {
    Map<String, Node> d = y.mapping(node, at, null, DETECTOR_KEYS);
    String type = y.string(d.get("type"), at + ".type");
    Detector detector;
    Set<String> structural;
    if (type.equals("custom")) {
      structural = CUSTOM_KEYS;
      detector = custom(d, at);
    } else if (type.equals("phone")) {
      structural = PHONE_KEYS;
      detector = phone(d, at);
    } else {
      structural = DETECTOR_KEYS;
      Optional<Detector> builtIn = BuiltInDetectors.byName(type);
      if (builtIn.isEmpty()) {
        throw y.error(
            d.get("type"),
            at + ".type",
            "unknown detector '"
                + type
                + "' (known: "
                + String.join(", ", BuiltInDetectors.names())
                + ", custom)");
      }
      detector = builtIn.get();
    }
    if (scanOperators.containsKey(detector.type())) {
      throw y.error(
          d.get("type"), at + ".type", "detector '" + detector.type() + "' is listed twice");
    }
    Operator op = operator(d, structural, at, detector.type());
    detectors.add(detector);
    scanOperators.put(detector.type(), op);
  }

  /**
   * {@code regions}: the regions whose national formats are detected (international forms are found
   * for every region); absent: {@link BuiltInDetectors#defaultPhoneRegions()}.
   */
  private Detector phone(Map<String, Node> d, String at) throws RuleSetException {
    if (!d.containsKey("regions")) {
      return BuiltInDetectors.byName("phone").orElseThrow();
    }
    List<Node> items = y.sequence(d.get("regions"), at + ".regions");
    List<String> regions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = at + ".regions[" + i + "]";
      String r = y.text(items.get(i), p); // text: YAML 1.1 reads a bare NO (Norway) as false
      if (!BuiltInDetectors.isPhoneRegion(r)) {
        throw y.error(
            items.get(i),
            p,
            "unknown phone region '"
                + r
                + "' (an upper-case ISO 3166-1 alpha-2 code that libphonenumber knows,"
                + " e.g. US, GB, DE, FR, IN)");
      }
      if (regions.contains(r)) {
        throw y.error(items.get(i), p, "region '" + r + "' is listed twice");
      }
      regions.add(r);
    }
    return BuiltInDetectors.phone(regions);
  }

  private Detector custom(Map<String, Node> d, String at) throws RuleSetException {
    for (String required : List.of("name", "pattern")) {
      if (!d.containsKey(required)) {
        throw y.error(d.get("type"), at, "a custom detector needs '" + required + "'");
      }
    }
    String name = y.string(d.get("name"), at + ".name");
    if (!name.matches("[a-z][a-z0-9_]{0,31}")
        || BuiltInDetectors.byName(name).isPresent()
        || name.equals("custom")) {
      throw y.error(
          d.get("name"),
          at + ".name",
          "custom detector name must match [a-z][a-z0-9_]{0,31} and not be a built-in detector");
    }
    String source = y.string(d.get("pattern"), at + ".pattern");
    Pattern pattern;
    try {
      pattern = Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      throw y.error(
          d.get("pattern"),
          at + ".pattern",
          "pattern does not compile (RE2 syntax): " + e.getMessage());
    }
    if (pattern.matcher("").find()) {
      throw y.error(d.get("pattern"), at + ".pattern", "pattern matches the empty string");
    }
    int group = d.containsKey("group") ? y.integer(d.get("group"), at + ".group") : 0;
    if (group < 0 || group > pattern.groupCount()) {
      throw y.error(
          d.get("group"), at + ".group", "pattern has only " + pattern.groupCount() + " groups");
    }
    int priority = d.containsKey("priority") ? y.integer(d.get("priority"), at + ".priority") : 50;
    if (priority < 0 || priority > 1000) {
      throw y.error(d.get("priority"), at + ".priority", "must be between 0 and 1000");
    }
    return BuiltInDetectors.custom(name, pattern, group, priority);
  }

  /** The operator of a rule; {@code detectorType} is null for field rules. */
  private Operator operator(
      Map<String, Node> m, Set<String> structural, String at, String detectorType)
      throws RuleSetException {
    Node opNode = m.get("operator");
    if (opNode == null) {
      throw y.error(null, at, "missing required key 'operator'");
    }
    String name = y.string(opNode, at + ".operator");
    checkParameters(m, structural, at, opNode, name);
    checkDetectorFit(at, opNode, name, detectorType);
    return switch (name) {
      case "drop" -> Operators.drop();
      case "keep" -> Operators.keep();
      case "redact" -> redact(m, at);
      case "mask" -> mask(m, at);
      case "pseudonym", "encrypt" -> keyed(m, at, opNode, name);
      case "truncate_ip" -> truncateIp(m, at);
      default -> throw new IllegalStateException("unreachable");
    };
  }

  /** Rejects an unknown operator name and keys that are neither structural nor its parameters. */
  private void checkParameters(
      Map<String, Node> m, Set<String> structural, String at, Node opNode, String name)
      throws RuleSetException {
    Set<String> params = OPERATOR_PARAMS.get(name);
    if (params == null) {
      throw y.error(
          opNode,
          at + ".operator",
          "unknown operator '"
              + name
              + "' (known: "
              + String.join(", ", OPERATOR_PARAMS.keySet())
              + ")");
    }
    for (Map.Entry<String, Node> e : m.entrySet()) {
      if (!structural.contains(e.getKey()) && !params.contains(e.getKey())) {
        throw y.error(
            e.getValue(),
            at + "." + e.getKey(),
            "unknown key '"
                + e.getKey()
                + "' for operator "
                + name
                + (params.isEmpty()
                    ? " (it takes no parameters)"
                    : " (parameters: " + String.join(", ", params) + ")"));
      }
    }
  }

  /** Operators that make no sense for a detector ({@code detectorType} null: a field rule). */
  private void checkDetectorFit(String at, Node opNode, String name, String detectorType)
      throws RuleSetException {
    if (detectorType != null && name.equals("keep")) {
      throw y.error(
          opNode, at + ".operator", "'keep' is for field rules; remove the detector instead");
    }
    if (detectorType != null
        && name.equals("truncate_ip")
        && !detectorType.equals("ipv4")
        && !detectorType.equals("ipv6")) {
      throw y.error(
          opNode, at + ".operator", "'truncate_ip' applies only to ipv4 and ipv6 detectors");
    }
  }

  private Operator redact(Map<String, Node> m, String at) throws RuleSetException {
    String tag = null;
    if (m.containsKey("tag")) {
      tag = y.string(m.get("tag"), at + ".tag");
      if (tag.isEmpty() || tag.length() > 64) {
        throw y.error(m.get("tag"), at + ".tag", "tag must be 1 to 64 characters");
      }
    }
    return Operators.redact(tag);
  }

  private Operator mask(Map<String, Node> m, String at) throws RuleSetException {
    int keepLast = intParam(m, at, "keep_last", 4, 0, 16);
    char c = '*';
    if (m.containsKey("mask_char")) {
      String s = y.string(m.get("mask_char"), at + ".mask_char");
      if (s.length() != 1) {
        throw y.error(m.get("mask_char"), at + ".mask_char", "must be one character");
      }
      c = s.charAt(0);
    }
    return Operators.mask(keepLast, c);
  }

  /** {@code pseudonym} and {@code encrypt}: both need a key declared under {@code keys}. */
  private Operator keyed(Map<String, Node> m, String at, Node opNode, String name)
      throws RuleSetException {
    if (!m.containsKey("key")) {
      throw y.error(opNode, at, "operator " + name + " needs a 'key'");
    }
    String key = y.text(m.get("key"), at + ".key");
    if (!keyIds.contains(key)) {
      throw y.error(m.get("key"), at + ".key", "key '" + key + "' is not declared under 'keys'");
    }
    return name.equals("pseudonym") ? Operators.pseudonym(key, keys) : Operators.encrypt(key, keys);
  }

  private Operator truncateIp(Map<String, Node> m, String at) throws RuleSetException {
    int v4 =
        m.containsKey("ipv4_prefix") ? y.integer(m.get("ipv4_prefix"), at + ".ipv4_prefix") : 24;
    int v6 =
        m.containsKey("ipv6_prefix") ? y.integer(m.get("ipv6_prefix"), at + ".ipv6_prefix") : 48;
    checkRange(m, at, "ipv4_prefix", v4, 0, 32);
    checkRange(m, at, "ipv6_prefix", v6, 0, 128);
    return Operators.truncateIp(v4, v6);
  }

  /** An optional integer parameter with its default, checked to lie in {@code [min, max]}. */
  private int intParam(Map<String, Node> m, String at, String key, int dflt, int min, int max)
      throws RuleSetException {
    int value = m.containsKey(key) ? y.integer(m.get(key), at + "." + key) : dflt;
    checkRange(m, at, key, value, min, max);
    return value;
  }

  private void checkRange(Map<String, Node> m, String at, String key, int value, int min, int max)
      throws RuleSetException {
    if (value < min || value > max) {
      throw y.error(m.get(key), at + "." + key, "must be between " + min + " and " + max);
    }
  }

  RuleSet build(String id, int version, String source) {
    Map<EventKind, List<Targets.Target>> targets = new EnumMap<>(EventKind.class);
    for (EventKind k : EventKind.values()) {
      targets.put(
          k,
          List.copyOf(
              SchemaPaths.targets(
                  EventTypes.schemaOf(k),
                  stringRules.get(k),
                  mapKeyRules.get(k),
                  mapAllRules.get(k),
                  mapWholeRules.get(k))));
    }
    List<String> names = detectors.stream().map(Detector::type).toList();
    return new RuleSet(
        id, version, source, keyIds, names, targets, new Scanner(detectors), scanOperators);
  }
}
