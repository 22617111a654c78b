package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.streams.ocsf.OcsfSchema.Attr;
import dev.vigil.streams.ocsf.OcsfSchema.EventClass;
import dev.vigil.streams.ocsf.OcsfSchema.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates OCSF event JSON against the compiled {@link OcsfSchema} (test code). Errors name the
 * JSON path and the rule; an empty list means valid. Checked:
 *
 * <ul>
 *   <li>class: {@code class_uid} is a class of the schema; {@code category_uid} is its category;
 *       {@code type_uid = class_uid * 100 + activity_id}; the {@code *_name} captions, when
 *       present, match ({@code type_name} = "class caption: activity caption");
 *   <li>{@code metadata.version} is the schema's version; {@code metadata.profiles} are known
 *       profiles; an attribute a profile brings is allowed only when that profile is listed;
 *   <li>every attribute, at every depth, is defined by its class or object (only {@code unmapped}
 *       and {@code json_t} values are free-form); required attributes are present; {@code null} is
 *       not a value (omit the attribute); {@code at_least_one}/{@code just_one} constraints;
 *   <li>types: strings, integers (32-bit), longs, floats, booleans, arrays and objects where
 *       declared; derived types' regex, length and range ({@code ip_t}, {@code uuid_t}, {@code
 *       port_t}...); enums (values must be keys of the merged enum); an enum's sibling caption
 *       matches unless the id is 99 (Other);
 *   <li>observables: {@code type_id} is a known observable type and {@code name} names an attribute
 *       path of the event whose observable type is that {@code type_id};
 *   <li>stricter than the schema: {@code finding_info.title} and {@code observable.name} are
 *       required.
 * </ul>
 */
public final class OcsfValidator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CLASSIFICATION = Set.of("class_uid", "category_uid", "type_uid");

  /**
   * Recommended by the schema, required here: what SIEM-side OCSF validators (e.g. Amazon Security
   * Lake's) insist on, so our output passes them too.
   */
  private static final Set<String> STRICTER = Set.of("finding_info.title", "observable.name");

  private final OcsfSchema schema;
  private final Set<Integer> observableIds;

  OcsfValidator(OcsfSchema schema) {
    this.schema = schema;
    this.observableIds = schema.observableTypeIds();
  }

  /** The validator over {@code shared/data/ocsf-schema-1.8.0}, compiled once per JVM. */
  public static OcsfValidator shared() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final OcsfValidator INSTANCE = new OcsfValidator(OcsfSchema.load(schemaRoot()));
  }

  /** {@code shared/data/ocsf-schema-1.8.0}: {@code -Dvigil.shared.data} or found above the cwd. */
  public static Path schemaRoot() {
    String prop = System.getProperty("vigil.shared.data");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).resolve("ocsf-schema-1.8.0");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve("ocsf-schema-1.8.0");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/data/ocsf-schema-1.8.0 not found above the cwd");
  }

  /** Errors of one event given as JSON text. */
  public List<String> validate(String json) {
    try {
      return validate(JSON.readTree(json));
    } catch (IOException e) {
      return List.of("not JSON: " + e.getClass().getSimpleName());
    }
  }

  /** Errors of one event. */
  List<String> validate(JsonNode event) {
    List<String> errors = new ArrayList<>();
    if (!event.isObject()) {
      return List.of("$: an event is a JSON object");
    }
    if (!event.path("class_uid").canConvertToInt()) {
      return List.of("$.class_uid: missing or not an integer");
    }
    Optional<EventClass> found = schema.eventClass(event.get("class_uid").asInt());
    if (found.isEmpty()) {
      return List.of("$.class_uid: " + event.get("class_uid") + " is not a class of the schema");
    }
    EventClass cls = found.get();
    Set<String> profiles = new HashSet<>();
    JsonNode listed = event.path("metadata").path("profiles");
    for (JsonNode p : listed) {
      if (!schema.isProfile(p.asText())) {
        errors.add("$.metadata.profiles: unknown profile '" + p.asText() + "'");
      }
      profiles.add(p.asText());
    }
    classification(event, cls, errors);
    if (!schema.version().equals(event.path("metadata").path("version").asText())) {
      errors.add(
          "$.metadata.version: must be the schema version "
              + schema.version()
              + " but was "
              + event.path("metadata").path("version"));
    }
    checkObject(event, cls.shape(), "$", profiles, errors, true);
    observables(event, cls.shape(), profiles, errors);
    return errors;
  }

  private void classification(JsonNode event, EventClass cls, List<String> errors) {
    if (event.path("category_uid").asInt(-1) != cls.categoryUid()) {
      errors.add(
          "$.category_uid: class " + cls.classUid() + " is in category " + cls.categoryUid());
    }
    int activity = event.path("activity_id").asInt(-1);
    long expected = cls.classUid() * 100L + activity;
    if (!event.path("type_uid").canConvertToLong() || event.get("type_uid").asLong() != expected) {
      errors.add("$.type_uid: must be class_uid * 100 + activity_id = " + expected);
    }
    captionMatches(event, "class_name", cls.shape().caption(), errors);
    captionMatches(event, "category_name", cls.categoryCaption(), errors);
    Attr activityAttr = cls.shape().attributes().get("activity_id");
    String activityCaption = activityAttr.enumCaptions().get(Integer.toString(activity));
    if (activityCaption != null && activity != 99) {
      captionMatches(event, "type_name", cls.shape().caption() + ": " + activityCaption, errors);
    }
  }

  private static void captionMatches(
      JsonNode event, String field, String caption, List<String> errors) {
    if (event.has(field) && !caption.equals(event.get(field).asText())) {
      errors.add("$." + field + ": must be '" + caption + "' but was " + event.get(field));
    }
  }

  private void checkObject(
      JsonNode node,
      Shape shape,
      String path,
      Set<String> profiles,
      List<String> errors,
      boolean event) {
    Map<String, Attr> attrs = shape.attributes();
    node.fields()
        .forEachRemaining(
            e -> {
              String at = path + "." + e.getKey();
              Attr attr = attrs.get(e.getKey());
              if (attr == null) {
                errors.add(at + ": not an attribute of " + shape.name());
                return;
              }
              if (attr.profile() != null && !profiles.contains(attr.profile())) {
                errors.add(
                    at + ": needs the '" + attr.profile() + "' profile in metadata.profiles");
              }
              checkValue(e.getValue(), attr, at, profiles, errors, event);
            });
    for (Attr attr : attrs.values()) {
      boolean applies = attr.profile() == null || profiles.contains(attr.profile());
      boolean required = attr.required() || STRICTER.contains(shape.name() + "." + attr.name());
      if (required && applies && !node.has(attr.name())) {
        errors.add(path + "." + attr.name() + ": required by " + shape.name());
      }
    }
    shape
        .constraints()
        .forEach(
            (kind, names) -> {
              long present = names.stream().filter(node::has).count();
              if ("at_least_one".equals(kind) && present == 0) {
                errors.add(path + ": " + shape.name() + " needs at least one of " + names);
              } else if ("just_one".equals(kind) && present != 1) {
                errors.add(path + ": " + shape.name() + " needs exactly one of " + names);
              }
            });
    attrs.values().stream()
        .filter(a -> a.sibling() != null && !a.enumCaptions().isEmpty())
        .filter(a -> node.has(a.name()) && node.has(a.sibling()))
        .filter(a -> !(event && CLASSIFICATION.contains(a.name())))
        .forEach(
            a -> {
              String id = node.get(a.name()).asText();
              String caption = a.enumCaptions().get(id);
              if (!"99".equals(id)
                  && caption != null
                  && !caption.equals(node.get(a.sibling()).asText())) {
                errors.add(
                    path
                        + "."
                        + a.sibling()
                        + ": must be the caption of "
                        + a.name()
                        + " "
                        + id
                        + " ('"
                        + caption
                        + "') but was "
                        + node.get(a.sibling()));
              }
            });
  }

  private void checkValue(
      JsonNode value,
      Attr attr,
      String at,
      Set<String> profiles,
      List<String> errors,
      boolean top) {
    if (value.isNull()) {
      errors.add(at + ": null is not a value; omit the attribute");
      return;
    }
    if (attr.array()) {
      if (!value.isArray()) {
        errors.add(at + ": must be an array of " + attr.type());
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        checkOne(value.get(i), attr, at + "[" + i + "]", profiles, errors, top);
      }
      return;
    }
    checkOne(value, attr, at, profiles, errors, top);
  }

  private void checkOne(
      JsonNode value,
      Attr attr,
      String at,
      Set<String> profiles,
      List<String> errors,
      boolean top) {
    if (value.isNull()) {
      errors.add(at + ": null is not a value; omit the attribute");
      return;
    }
    String type = attr.type();
    if ("object".equals(type)) {
      if (!value.isObject()) {
        errors.add(at + ": must be an object");
      }
      return; // free-form (unmapped)
    }
    if (schema.isObjectType(type) && schema.type(type).isEmpty()) {
      if (!value.isObject()) {
        errors.add(at + ": must be a " + type + " object");
        return;
      }
      checkObject(value, schema.object(type), at, profiles, errors, false);
      return;
    }
    if (!primitive(value, type, at, errors)) {
      return;
    }
    boolean classification = top && CLASSIFICATION.contains(attr.name());
    if (!attr.enumCaptions().isEmpty()
        && !classification
        && !attr.enumCaptions().containsKey(value.asText())) {
      errors.add(at + ": " + value + " is not in the enum " + sorted(attr.enumCaptions().keySet()));
    }
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream()
        .sorted(
            java.util.Comparator.comparing(
                    (String k) -> k.matches("\\d+") ? Long.parseLong(k) : Long.MAX_VALUE)
                .thenComparing(k -> k))
        .toList();
  }

  /** Checks a primitive or derived type; false when the value is of the wrong kind. */
  private boolean primitive(JsonNode value, String type, String at, List<String> errors) {
    JsonNode def = schema.type(type).orElse(null);
    if (def == null) {
      errors.add(at + ": unknown type " + type);
      return false;
    }
    String base = def.has("type") ? def.get("type").asText() : type;
    if ("timestamp_t".equals(base)) {
      base = "long_t";
    }
    boolean ok =
        switch (base) {
          case "string_t" -> value.isTextual();
          case "integer_t" -> value.isIntegralNumber() && value.canConvertToInt();
          case "long_t" -> value.isIntegralNumber() && value.canConvertToLong();
          case "float_t" -> value.isNumber();
          case "boolean_t" -> value.isBoolean();
          case "json_t" -> true;
          default -> false;
        };
    if (!ok) {
      errors.add(at + ": " + value.getNodeType() + " is not a " + type);
      return false;
    }
    if (def.has("regex")
        && !Pattern.compile(def.get("regex").asText()).matcher(value.asText()).find()) {
      errors.add(at + ": does not match the " + type + " pattern");
    }
    if (def.has("max_len") && value.asText().length() > def.get("max_len").asInt()) {
      errors.add(at + ": longer than " + def.get("max_len").asInt() + " for " + type);
    }
    if (def.has("range")) {
      long v = value.asLong();
      if (v < def.get("range").get(0).asLong() || v > def.get("range").get(1).asLong()) {
        errors.add(at + ": " + v + " is outside " + def.get("range") + " for " + type);
      }
    }
    return true;
  }

  private void observables(JsonNode event, Shape cls, Set<String> profiles, List<String> errors) {
    JsonNode observables = event.path("observables");
    for (int i = 0; i < observables.size(); i++) {
      JsonNode o = observables.get(i);
      String at = "$.observables[" + i + "]";
      int typeId = o.path("type_id").asInt(-1);
      if (!observableIds.contains(typeId)) {
        continue; // reported by the enum check of observable.type_id
      }
      Optional<Integer> declared = observableOf(cls, o.path("name").asText());
      if (declared.isEmpty()) {
        errors.add(at + ".name: '" + o.path("name").asText() + "' names no observable attribute");
      } else if (declared.get() != typeId) {
        errors.add(
            at
                + ".type_id: "
                + typeId
                + " but "
                + o.path("name").asText()
                + " is of observable type "
                + declared.get());
      }
    }
  }

  /** The observable type of the attribute at a dotted path (arrays are stepped through). */
  private Optional<Integer> observableOf(Shape shape, String dotted) {
    String[] parts = dotted.split("\\.");
    Shape current = shape;
    Attr attr = null;
    for (int i = 0; i < parts.length; i++) {
      if (current == null) {
        return Optional.empty();
      }
      attr = current.attributes().get(parts[i]);
      if (attr == null) {
        return Optional.empty();
      }
      boolean object = schema.type(attr.type()).isEmpty() && schema.isObjectType(attr.type());
      current = object ? schema.object(attr.type()) : null;
    }
    if (attr.observable() != null) {
      return Optional.of(attr.observable());
    }
    if (current != null) {
      return Optional.ofNullable(current.observable());
    }
    return schema
        .type(attr.type())
        .map(t -> t.has("observable") ? t.get("observable").asInt() : null);
  }
}
