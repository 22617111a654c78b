package dev.vigil.kafka.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A hand-written specific record (v2 of the test schema: {@code source} has a default), standing in
 * for generated classes in serde tests.
 */
public class LoginEvent extends SpecificRecordBase {

  public static final Schema SCHEMA$ =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"LoginEvent\",\"namespace\":\"dev.vigil.kafka.serde\","
                  + "\"fields\":[{\"name\":\"user\",\"type\":\"string\"},"
                  + "{\"name\":\"attempts\",\"type\":\"int\"},"
                  + "{\"name\":\"source\",\"type\":\"string\",\"default\":\"unknown\"}]}");

  private String user;
  private int attempts;
  private String source;

  public LoginEvent() {}

  public LoginEvent(String user, int attempts, String source) {
    this.user = user;
    this.attempts = attempts;
    this.source = source;
  }

  public static Schema getClassSchema() {
    return SCHEMA$;
  }

  @Override
  public Schema getSchema() {
    return SCHEMA$;
  }

  @Override
  public Object get(int field) {
    return switch (field) {
      case 0 -> user;
      case 1 -> attempts;
      case 2 -> source;
      default -> throw new IndexOutOfBoundsException(field);
    };
  }

  @Override
  public void put(int field, Object value) {
    switch (field) {
      case 0 -> user = value == null ? null : value.toString();
      case 1 -> attempts = (Integer) value;
      case 2 -> source = value == null ? null : value.toString();
      default -> throw new IndexOutOfBoundsException(field);
    }
  }

  public String user() {
    return user;
  }

  public int attempts() {
    return attempts;
  }

  public String source() {
    return source;
  }
}
