package dev.vigil.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/** Confluent's compatibility rules on top of {@link SchemaCompatibility}. */
final class AvroCompatibility {

  private AvroCompatibility() {}

  /**
   * Checks {@code candidate} against {@code existing} (oldest first) under {@code level}: only the
   * last one unless the level is transitive.
   */
  static CompatibilityResult check(
      CompatibilityLevel level, Schema candidate, List<Schema> existing) {
    if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
      return CompatibilityResult.ok();
    }
    List<Schema> against =
        level.transitive() ? existing : List.of(existing.get(existing.size() - 1));
    List<String> messages = new ArrayList<>();
    for (Schema old : against) {
      if (level.checksBackward()) {
        messages.addAll(problems("BACKWARD", candidate, old));
      }
      if (level.checksForward()) {
        messages.addAll(problems("FORWARD", old, candidate));
      }
    }
    return new CompatibilityResult(messages.isEmpty(), messages);
  }

  private static List<String> problems(String direction, Schema reader, Schema writer) {
    List<String> out = new ArrayList<>();
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    for (Incompatibility incompatibility : result.getIncompatibilities()) {
      out.add(
          direction
              + " "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + ": "
              + incompatibility.getMessage());
    }
    return out;
  }
}
