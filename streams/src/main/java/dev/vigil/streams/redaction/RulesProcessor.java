package dev.vigil.streams.redaction;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global rules store and offers every rule set to the {@link RuleSetHolder}. Global
 * stores are restored before any stream task runs, so an instance never redacts with rules older
 * than what the topic held when it started.
 */
final class RulesProcessor implements Processor<String, String, Void, Void> {
  private final String storeName;
  private final RuleSetHolder holder;
  private KeyValueStore<String, String> store;

  RulesProcessor(String storeName, RuleSetHolder holder) {
    this.storeName = storeName;
    this.holder = holder;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    try (KeyValueIterator<String, String> all = store.all()) {
      all.forEachRemaining(kv -> holder.offer("vigil.rules.v1/" + kv.key, kv.value));
    }
  }

  @Override
  public void process(Record<String, String> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key()); // a tombstone never un-applies rules already in force
      return;
    }
    store.put(record.key(), record.value());
    holder.offer("vigil.rules.v1/" + record.key(), record.value());
  }
}
