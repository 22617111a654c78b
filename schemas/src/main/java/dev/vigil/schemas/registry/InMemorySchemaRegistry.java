package dev.vigil.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The {@code mock://scope} registry for unit tests: one instance per scope name, shared by every
 * client created for that URL, with the semantics of recipe §5 (content-addressed global ids,
 * per-subject versions from 1, idempotent registration, compatibility checked at the subject level,
 * else the global level, default BACKWARD).
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final Map<String, Integer> idsByText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> idsBySubject = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int lastId;

  private InMemorySchemaRegistry() {}

  /** The registry of {@code scope}, created on first use. */
  public static InMemorySchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
  }

  /** Forgets everything registered in {@code scope}. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String text = schema.toString();
    List<Integer> ids = idsBySubject.getOrDefault(subject, List.of());
    Integer known = idsByText.get(text);
    if (known != null && ids.contains(known)) {
      return known;
    }
    CompatibilityResult result = AvroCompatibility.check(levelOf(subject), schema, schemas(ids));
    if (!result.compatible()) {
      throw new SchemaRegistryException(
          409,
          SchemaRegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject '"
              + subject
              + "'");
    }
    int id = idsByText.computeIfAbsent(text, t -> ++lastId);
    schemasById.putIfAbsent(id, schema);
    idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
    return id;
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    List<Integer> ids = idsOf(subject);
    Integer id = idsByText.get(schema.toString());
    int index = id == null ? -1 : ids.indexOf(id);
    if (index < 0) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found under subject");
    }
    return new RegisteredSchema(subject, index + 1, id, schemasById.get(id));
  }

  @Override
  public synchronized Schema getById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    return version(subject, idsOf(subject).size());
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    List<Integer> ids = idsOf(subject);
    if (version < 1 || version > ids.size()) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }
    int id = ids.get(version - 1);
    return new RegisteredSchema(subject, version, id, schemasById.get(id));
  }

  @Override
  public synchronized List<String> subjects() {
    return List.copyOf(idsBySubject.keySet());
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    int count = idsOf(subject).size();
    List<Integer> versions = new ArrayList<>(count);
    for (int v = 1; v <= count; v++) {
      versions.add(v);
    }
    return versions;
  }

  @Override
  public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
    return AvroCompatibility.check(levelOf(subject), schema, schemas(idsOf(subject)));
  }

  @Override
  public synchronized CompatibilityLevel globalCompatibility() {
    return globalLevel;
  }

  @Override
  public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
    globalLevel = Objects.requireNonNull(level, "level");
  }

  @Override
  public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  @Override
  public synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    subjectLevels.put(subject, Objects.requireNonNull(level, "level"));
  }

  /** The scope outlives its clients; use {@link #dropScope(String)} to clear it. */
  @Override
  public void close() {}

  private CompatibilityLevel levelOf(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private List<Integer> idsOf(String subject) {
    List<Integer> ids = idsBySubject.get(subject);
    if (ids == null) {
      throw new SchemaRegistryException(
          404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }
    return ids;
  }

  private List<Schema> schemas(List<Integer> ids) {
    List<Schema> schemas = new ArrayList<>(ids.size());
    ids.forEach(id -> schemas.add(schemasById.get(id)));
    return schemas;
  }
}
