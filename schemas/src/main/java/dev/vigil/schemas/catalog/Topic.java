package dev.vigil.schemas.catalog;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * One topic of the catalogue: name, value type and format, retention, partitions, and who may read
 * and write it. Immutable.
 *
 * @param name the topic name
 * @param valueType the Java type of values ({@code byte[]}, {@code String} or a generated Avro
 *     class)
 * @param format how values are encoded
 * @param cleanup the cleanup policy
 * @param retention how long records are kept; empty for compacted topics (kept until replaced)
 * @param partitions the partition count used when Vigil creates the topic
 * @param readers who may read
 * @param writers who may write
 * @param description one line for docs and manifests
 */
public record Topic<V>(
    String name,
    Class<V> valueType,
    ValueFormat format,
    CleanupPolicy cleanup,
    Optional<Duration> retention,
    int partitions,
    Set<Principal> readers,
    Set<Principal> writers,
    String description) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(retention, "retention");
    readers = Set.copyOf(readers);
    writers = Set.copyOf(writers);
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be >= 1");
    }
    if (cleanup == CleanupPolicy.COMPACT && retention.isPresent()) {
      throw new IllegalArgumentException(name + ": a compacted topic has no time retention");
    }
    if (format == ValueFormat.AVRO
        && !org.apache.avro.specific.SpecificRecord.class.isAssignableFrom(valueType)) {
      throw new IllegalArgumentException(name + ": AVRO values must be generated Avro classes");
    }
  }

  /** The registry subject of the value schema (TopicNameStrategy). */
  public String valueSubject() {
    return name + "-value";
  }

  /** The Avro value schema, for AVRO topics. */
  public Optional<Schema> valueSchema() {
    return format == ValueFormat.AVRO
        ? Optional.of(SpecificData.get().getSchema(valueType))
        : Optional.empty();
  }

  /** The topic configs Vigil sets when it creates or reconciles the topic. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", cleanup.config());
    retention.ifPresent(r -> configs.put("retention.ms", Long.toString(r.toMillis())));
    if (cleanup == CleanupPolicy.COMPACT) {
      configs.put("min.compaction.lag.ms", "0");
    }
    return Map.copyOf(configs);
  }
}
