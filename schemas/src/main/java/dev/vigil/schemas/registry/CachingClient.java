package dev.vigil.schemas.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches the immutable facts of a registry forever: id → schema, (subject, schema) → id and
 * version, (subject, version) → schema. Everything that can change ({@code latest}, subjects,
 * versions, configs, compatibility) goes to the registry every time. Schema identity is {@link
 * Schema#toString()}.
 */
final class CachingClient extends ForwardingSchemaRegistryClient {

  private record SubjectSchema(String subject, String schema) {}

  private record SubjectVersion(String subject, int version) {}

  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
  private final Map<SubjectVersion, RegisteredSchema> versions = new ConcurrentHashMap<>();

  CachingClient(SchemaRegistryClient delegate) {
    super(delegate);
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema.toString());
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    int id = delegate().register(subject, schema);
    idsBySubjectSchema.put(key, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema.toString());
    RegisteredSchema cached = lookups.get(key);
    if (cached != null) {
      return cached;
    }
    RegisteredSchema found = delegate().lookup(subject, schema);
    remember(found);
    lookups.put(key, found);
    idsBySubjectSchema.put(key, found.id());
    return found;
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = delegate().getById(id);
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced == null ? schema : raced;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return remember(delegate().latest(subject));
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    RegisteredSchema cached = versions.get(new SubjectVersion(subject, version));
    return cached != null ? cached : remember(delegate().version(subject, version));
  }

  private RegisteredSchema remember(RegisteredSchema registered) {
    schemasById.putIfAbsent(registered.id(), registered.schema());
    versions.putIfAbsent(
        new SubjectVersion(registered.subject(), registered.version()), registered);
    return registered;
  }
}
