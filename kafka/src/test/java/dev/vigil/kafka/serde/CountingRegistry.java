package dev.vigil.kafka.serde;

import dev.vigil.schemas.registry.CompatibilityLevel;
import dev.vigil.schemas.registry.CompatibilityResult;
import dev.vigil.schemas.registry.RegisteredSchema;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the registry calls the serdes make, to observe their caching. */
final class CountingRegistry implements SchemaRegistryClient {

  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicInteger getByIds = new AtomicInteger();
  private final SchemaRegistryClient delegate;

  CountingRegistry(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    lookups.incrementAndGet();
    return delegate.lookup(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    getByIds.incrementAndGet();
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
