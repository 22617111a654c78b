package dev.vigil.streams.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The OCSF schema compiled from its source files (test code): {@code dictionary.json} (attributes
 * and types), {@code categories.json}, {@code events/**} and {@code objects/*} with {@code extends}
 * inheritance, {@code $include}d profiles (their attributes tagged with the profile, unless the
 * including file defines the attribute itself) and the {@code "profile": null} override.
 *
 * <p>An attribute's definition is the dictionary entry deep-merged with each layer's override,
 * parent first; enums merge (the base event's {@code 0 Unknown}/{@code 99 Other} stay next to a
 * class's own values), as the OCSF compilers do.
 */
final class OcsfSchema {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One compiled attribute of a class or object. */
  record Attr(
      String name,
      String type,
      boolean array,
      String requirement,
      Map<String, String> enumCaptions,
      String profile,
      String sibling,
      Integer observable) {
    boolean required() {
      return "required".equals(requirement);
    }
  }

  /** A compiled class or object. */
  record Shape(
      String name,
      String caption,
      Map<String, Attr> attributes,
      Map<String, List<String>> constraints,
      Integer observable) {}

  /** A compiled event class. */
  record EventClass(Shape shape, int classUid, int categoryUid, String categoryCaption) {}

  private final Path root;
  private final JsonNode dictionary;
  private final JsonNode types;
  private final Map<String, JsonNode> categories = new HashMap<>();
  private final Map<String, Path> eventFiles = new HashMap<>();
  private final Map<String, Shape> objects = new HashMap<>();
  private final Map<Integer, EventClass> classes = new HashMap<>();
  private final Set<String> profiles = new TreeSet<>();
  private final String version;

  private OcsfSchema(Path root) {
    this.root = root;
    JsonNode dict = read(root.resolve("dictionary.json"));
    this.dictionary = dict.get("attributes");
    this.types = dict.get("types").get("attributes");
    this.version = read(root.resolve("version.json")).get("version").asText();
    read(root.resolve("categories.json"))
        .get("attributes")
        .fields()
        .forEachRemaining(e -> categories.put(e.getKey(), e.getValue()));
    try (Stream<Path> files = Files.walk(root.resolve("events"))) {
      files
          .filter(p -> p.toString().endsWith(".json"))
          .forEach(p -> eventFiles.put(read(p).get("name").asText(), p));
      try (Stream<Path> ps = Files.list(root.resolve("profiles"))) {
        ps.forEach(p -> profiles.add(read(p).get("name").asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String name : eventFiles.keySet()) {
      JsonNode file = read(eventFiles.get(name));
      if (file.has("uid")) {
        String category = category(file);
        JsonNode cat = categories.get(category);
        int categoryUid = cat.get("uid").asInt();
        int classUid = categoryUid * 1000 + file.get("uid").asInt();
        classes.put(
            classUid,
            new EventClass(eventShape(name), classUid, categoryUid, cat.get("caption").asText()));
      }
    }
  }

  /**
   * Loads and compiles the schema under {@code root} (e.g. {@code shared/data/ocsf-schema-1.8.0}).
   */
  static OcsfSchema load(Path root) {
    return new OcsfSchema(root);
  }

  /** {@code version.json}'s version, e.g. {@code 1.8.0}. */
  String version() {
    return version;
  }

  Optional<EventClass> eventClass(int classUid) {
    return Optional.ofNullable(classes.get(classUid));
  }

  /** The compiled object {@code name}; fails for an unknown name. */
  Shape object(String name) {
    Shape shape = objects.get(name);
    if (shape == null) {
      shape = compileObject(name);
      if (name.equals("observable")) {
        shape = withGeneratedObservableTypes(shape);
      }
      objects.put(name, shape);
    }
    return shape;
  }

  /**
   * The compilers generate {@code observable.type_id}'s enum from every observable the schema
   * defines.
   */
  private Shape withGeneratedObservableTypes(Shape shape) {
    Map<String, Attr> attrs = new LinkedHashMap<>(shape.attributes());
    Attr typeId = attrs.get("type_id");
    Map<String, String> captions = new LinkedHashMap<>();
    observableTypeIds().forEach(id -> captions.put(Integer.toString(id), ""));
    attrs.put(
        "type_id",
        new Attr(
            typeId.name(),
            typeId.type(),
            typeId.array(),
            typeId.requirement(),
            Map.copyOf(captions),
            typeId.profile(),
            null,
            typeId.observable()));
    return new Shape(
        shape.name(), shape.caption(), Map.copyOf(attrs), shape.constraints(), shape.observable());
  }

  boolean isObjectType(String type) {
    return Files.isRegularFile(root.resolve("objects").resolve(type + ".json"));
  }

  boolean isProfile(String name) {
    return profiles.contains(name);
  }

  /** A primitive or derived type ({@code ip_t}) from the dictionary, or empty. */
  Optional<JsonNode> type(String name) {
    return Optional.ofNullable(types.get(name));
  }

  /** Every observable type id the schema defines (types, dictionary attributes, objects). */
  Set<Integer> observableTypeIds() {
    Set<Integer> ids = new TreeSet<>(List.of(0, 99));
    types.forEach(t -> Optional.ofNullable(t.get("observable")).ifPresent(o -> ids.add(o.asInt())));
    dictionary.forEach(
        a -> Optional.ofNullable(a.get("observable")).ifPresent(o -> ids.add(o.asInt())));
    try (Stream<Path> files = Files.list(root.resolve("objects"))) {
      files.forEach(
          p -> Optional.ofNullable(read(p).get("observable")).ifPresent(o -> ids.add(o.asInt())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  private String category(JsonNode file) {
    for (JsonNode f = file; f != null; f = parent(f, eventFiles)) {
      if (f.has("category") && !"other".equals(f.get("category").asText())) {
        return f.get("category").asText();
      }
    }
    throw new IllegalStateException("no category for " + file.get("name"));
  }

  private JsonNode parent(JsonNode file, Map<String, Path> files) {
    return file.has("extends") ? read(files.get(file.get("extends").asText())) : null;
  }

  private Shape eventShape(String name) {
    JsonNode file = read(eventFiles.get(name));
    return shape(file, eventShapeRaw(name), constraints(file, eventFiles));
  }

  private Map<String, ObjectNode> eventShapeRaw(String name) {
    JsonNode file = read(eventFiles.get(name));
    Map<String, ObjectNode> merged =
        file.has("extends") ? eventShapeRaw(file.get("extends").asText()) : new LinkedHashMap<>();
    layer(merged, file);
    return merged;
  }

  private Shape compileObject(String name) {
    Path path = root.resolve("objects").resolve(name + ".json");
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("unknown OCSF object " + name);
    }
    Map<String, ObjectNode> merged = objectRaw(name);
    JsonNode file = read(path);
    return shape(file, merged, constraints(file, null));
  }

  private Map<String, ObjectNode> objectRaw(String name) {
    JsonNode file = read(root.resolve("objects").resolve(name + ".json"));
    Map<String, ObjectNode> merged =
        file.has("extends") ? objectRaw(file.get("extends").asText()) : new LinkedHashMap<>();
    layer(merged, file);
    return merged;
  }

  /** Merges one file's own attributes and its includes over {@code merged}. */
  private void layer(Map<String, ObjectNode> merged, JsonNode file) {
    JsonNode attributes = file.get("attributes");
    if (attributes == null) {
      return;
    }
    JsonNode includes = attributes.get("$include");
    if (includes != null) {
      for (JsonNode include : includes) {
        JsonNode included = read(root.resolve(include.asText()));
        String profile =
            "profile".equals(included.path("meta").asText()) ? included.get("name").asText() : null;
        included
            .get("attributes")
            .fields()
            .forEachRemaining(
                e -> {
                  if (attributes.has(e.getKey())) {
                    return; // the including file's own definition wins and is not profile-bound
                  }
                  ObjectNode def = e.getValue().deepCopy();
                  if (profile != null && !def.has("profile")) {
                    def.put("profile", profile);
                  }
                  merge(merged, e.getKey(), def);
                });
      }
    }
    attributes
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("$include")) {
                merge(merged, e.getKey(), (ObjectNode) e.getValue());
              }
            });
  }

  private static void merge(Map<String, ObjectNode> merged, String name, ObjectNode layer) {
    ObjectNode base = merged.containsKey(name) ? merged.get(name) : JSON.createObjectNode();
    merged.put(name, deepMerge(base.deepCopy(), layer));
  }

  private static ObjectNode deepMerge(ObjectNode base, JsonNode over) {
    Iterator<Map.Entry<String, JsonNode>> it = over.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = base.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode) {
        deepMerge(o, e.getValue());
      } else {
        base.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return base;
  }

  private Shape shape(
      JsonNode file, Map<String, ObjectNode> merged, Map<String, List<String>> constraints) {
    Map<String, Attr> attrs = new LinkedHashMap<>();
    merged.forEach(
        (name, layer) -> {
          JsonNode dict = dictionary.get(name);
          if (dict == null) {
            throw new IllegalStateException(
                file.get("name").asText() + "." + name + " is not in the dictionary");
          }
          ObjectNode def = deepMerge(((ObjectNode) dict).deepCopy(), layer);
          Map<String, String> captions = new LinkedHashMap<>();
          if (def.has("enum")) {
            def.get("enum")
                .fields()
                .forEachRemaining(
                    e -> captions.put(e.getKey(), e.getValue().path("caption").asText()));
          }
          JsonNode profile = def.get("profile");
          attrs.put(
              name,
              new Attr(
                  name,
                  def.get("type").asText(),
                  def.path("is_array").asBoolean(false),
                  def.path("requirement").asText("optional"),
                  Map.copyOf(captions),
                  profile == null || profile.isNull() ? null : profile.asText(),
                  def.has("sibling") ? def.get("sibling").asText() : null,
                  def.has("observable") ? def.get("observable").asInt() : null));
        });
    return new Shape(
        file.get("name").asText(),
        file.path("caption").asText(),
        Map.copyOf(attrs),
        constraints,
        file.has("observable") ? file.get("observable").asInt() : null);
  }

  private Map<String, List<String>> constraints(JsonNode file, Map<String, Path> files) {
    for (JsonNode f = file; f != null; ) {
      if (f.has("constraints")) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        f.get("constraints")
            .fields()
            .forEachRemaining(
                e -> {
                  List<String> names = new ArrayList<>();
                  e.getValue().forEach(n -> names.add(n.asText()));
                  out.put(e.getKey(), List.copyOf(names));
                });
        return out;
      }
      if (!f.has("extends")) {
        break;
      }
      String parent = f.get("extends").asText();
      f =
          files != null
              ? read(files.get(parent))
              : read(root.resolve("objects").resolve(parent + ".json"));
    }
    return Map.of();
  }

  private static JsonNode read(Path path) {
    try {
      return JSON.readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(path.toString(), e);
    }
  }
}
