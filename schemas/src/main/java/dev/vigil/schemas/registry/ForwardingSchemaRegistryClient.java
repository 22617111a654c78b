package dev.vigil.schemas.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A client that passes every call to another one: extend it and override only what changes (the
 * cache of {@link SchemaRegistryClients#create}, a test's call counter).
 */
public abstract class ForwardingSchemaRegistryClient implements SchemaRegistryClient {
  private final SchemaRegistryClient delegate;

  protected ForwardingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The client calls are passed to. */
  protected final SchemaRegistryClient delegate() {
    return delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    return delegate.register(subject, schema);
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    return delegate.lookup(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    return delegate.getById(id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return delegate.latest(subject);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return delegate.version(subject, version);
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public List<Integer> versions(String subject) {
    return delegate.versions(subject);
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    return delegate.testCompatibility(subject, schema);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return delegate.globalCompatibility();
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    delegate.setGlobalCompatibility(level);
  }

  @Override
  public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    return delegate.subjectCompatibility(subject);
  }

  @Override
  public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    delegate.setSubjectCompatibility(subject, level);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
