package dev.vigil.schemas.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A client for a registry that speaks the Confluent Schema Registry REST API (Confluent, Apicurio
 * ccompat, Karapace, Redpanda) or the in-memory {@code mock://} registry.
 *
 * <p>Every method throws {@link SchemaRegistryException} when the registry refuses the call or
 * cannot be reached. Implementations are thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** Finds {@code schema} under {@code subject}; 40401 / 40403 when absent. */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema with the global id {@code id}; 40403 when unknown. */
  Schema getById(int id);

  /** The highest live version of {@code subject}; 40401 when unknown. */
  RegisteredSchema latest(String subject);

  /** One version of {@code subject}; 40401 / 40402 when unknown. */
  RegisteredSchema version(String subject, int version);

  List<String> subjects();

  /** The versions of {@code subject} in ascending order; 40401 when unknown. */
  List<Integer> versions(String subject);

  /** Tests {@code schema} against the latest version of {@code subject}. */
  CompatibilityResult testCompatibility(String subject, Schema schema);

  CompatibilityLevel globalCompatibility();

  void setGlobalCompatibility(CompatibilityLevel level);

  /**
   * The subject-level compatibility, or empty when the subject has none. Apicurio cannot say "none
   * configured": it answers {@code NONE} instead (see README-registry.md).
   */
  Optional<CompatibilityLevel> subjectCompatibility(String subject);

  void setSubjectCompatibility(String subject, CompatibilityLevel level);

  @Override
  void close();
}
