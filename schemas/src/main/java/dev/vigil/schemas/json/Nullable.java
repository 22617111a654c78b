package dev.vigil.schemas.json;

import java.util.List;
import org.apache.avro.Schema;

/** The JSON form supports only two-branch unions with null: {@code ["null", X]} or reversed. */
final class Nullable {
  private Nullable() {}

  static Schema valueBranch(Schema union, String path) {
    List<Schema> types = union.getTypes();
    if (types.size() == 2) {
      if (types.get(0).getType() == Schema.Type.NULL) {
        return types.get(1);
      }
      if (types.get(1).getType() == Schema.Type.NULL) {
        return types.get(0);
      }
    }
    throw new IllegalArgumentException(
        "unsupported union " + union + " at " + path + ": only [\"null\", X] is supported");
  }

  static boolean allowsNull(Schema schema) {
    if (schema.getType() == Schema.Type.NULL) {
      return true;
    }
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema t : schema.getTypes()) { // a loop: runs for every null field of every event
        if (t.getType() == Schema.Type.NULL) {
          return true;
        }
      }
    }
    return false;
  }
}
