package dev.vigil.kafka.serde;

import dev.vigil.schemas.registry.ForwardingSchemaRegistryClient;
import dev.vigil.schemas.registry.RegisteredSchema;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the registry calls the serdes make, to observe their caching. */
final class CountingRegistry extends ForwardingSchemaRegistryClient {

  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicInteger getByIds = new AtomicInteger();

  CountingRegistry(SchemaRegistryClient delegate) {
    super(delegate);
  }

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return delegate().register(subject, schema);
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    lookups.incrementAndGet();
    return delegate().lookup(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    getByIds.incrementAndGet();
    return delegate().getById(id);
  }
}
