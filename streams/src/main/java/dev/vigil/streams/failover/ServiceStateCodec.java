package dev.vigil.streams.failover;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Stores a {@link ServiceState}: written in the compact binary layout 2 ({@link StateBinary}, first
 * byte 2), read in it or in the JSON layout 1 that earlier versions wrote (first byte '{', field
 * names as in the state classes, instants as epoch milliseconds, maps sorted, nulls omitted), so a
 * store written before the change is still read. Not Avro because the state is an internal detail
 * of this package that changes with the machine; the output records stay Avro. An older instance
 * cannot read layout 2: roll back across this change only with a fresh application id
 * (docs/failover.md).
 */
public final class ServiceStateCodec {
  private static final ObjectMapper MAPPER = mapper();

  private ServiceStateCodec() {}

  public static byte[] toBytes(ServiceState state) {
    return StateBinary.write(state);
  }

  /**
   * @throws IllegalArgumentException when the bytes are not a failover state of a known layout
   */
  public static ServiceState fromBytes(byte[] bytes) {
    if (bytes.length > 0
        && (bytes[0] == StateBinary.LAYOUT
            || bytes[0] == StateBinary.LAYOUT_3
            || bytes[0] == StateBinary.LAYOUT_2)) {
      return StateBinary.read(bytes);
    }
    return fromJson(bytes);
  }

  /** The JSON layout 1: what earlier versions stored; also a readable dump for tests. */
  static byte[] toJson(ServiceState state) {
    try {
      return MAPPER.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write failover state", e);
    }
  }

  static ServiceState fromJson(byte[] bytes) {
    ServiceState s;
    try {
      s = MAPPER.readValue(bytes, ServiceState.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "not a stored failover state (" + e.getClass().getSimpleName() + ")", e);
    }
    if (s == null || s.v != 1 || s.service == null) {
      throw new IllegalArgumentException("unsupported failover state layout");
    }
    return s;
  }

  /** A deep copy, so the engine can work on a state without touching the caller's. */
  static ServiceState copy(ServiceState state) {
    return StateBinary.read(StateBinary.write(state));
  }

  private static ObjectMapper mapper() {
    SimpleModule instants = new SimpleModule("vigil-instants");
    instants.addSerializer(
        Instant.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Instant value, JsonGenerator gen, SerializerProvider p)
              throws IOException {
            gen.writeNumber(value.toEpochMilli());
          }
        });
    instants.addDeserializer(
        Instant.class,
        new JsonDeserializer<>() {
          @Override
          public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            return Instant.ofEpochMilli(p.getLongValue());
          }
        });
    return new ObjectMapper()
        .registerModule(instants)
        .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
        .setVisibility(PropertyAccessor.FIELD, Visibility.ANY)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
