package dev.vigil.streams.failover;

import static dev.vigil.streams.failover.Harness.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServiceStateCodecTest {

  @Test
  void shouldRoundTripAStateMidIncidentByteForByte() {
    // Given a state with an open incident, a waiver and open alerts
    Harness h = Harness.standard().steady();
    h.send(h.command(OperatorAction.WAIVE, GateName.DRIFT, h.now.plus(Duration.ofMinutes(5))));
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(60));
    // When it is written and read back
    byte[] bytes = ServiceStateCodec.toBytes(h.state);
    ServiceState back = ServiceStateCodec.fromBytes(bytes);
    // Then nothing is lost, in half the JSON's size or less
    assertThat(ServiceStateCodec.toBytes(back)).isEqualTo(bytes);
    assertThat(json(back)).isEqualTo(json(h.state));
    assertThat(back.incidentId()).isEqualTo(h.state.incidentId()).isPresent();
    assertThat(back.waivers).containsOnlyKeys("dr/DRIFT");
    assertThat(back.openAlertKeys()).isEqualTo(h.state.openAlertKeys());
    assertThat(bytes[0]).isEqualTo(StateBinary.LAYOUT);
    assertThat(bytes.length).isLessThanOrEqualTo(ServiceStateCodec.toJson(h.state).length / 2);
  }

  @Test
  void shouldKeepEveryFieldOfEveryStateClass() throws Exception {
    // Given a state whose every field (nested classes, maps, lists included) is set by reflection,
    // so a field added to a state class but not to the binary layout fails here
    ServiceState s = fill(ServiceState.class, 1);
    s.v = 1; // the JSON layout's marker, not state
    s.recentCommandIds.add("not-a-uuid");
    s.recentCommandIds.add(UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT));
    // When it is written and read back
    ServiceState back = ServiceStateCodec.fromBytes(ServiceStateCodec.toBytes(s));
    // Then the JSON dump (every field, by reflection) is the same
    assertThat(json(back)).isEqualTo(json(s));
    for (Class<?> c :
        new Class<?>[] {
          ServiceState.class,
          SiteState.class,
          SiteState.Vantage.class,
          SiteState.Evidence.class,
          Incident.class,
          Waiver.class
        }) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
          assertThat(json(s))
              .as("field %s.%s filled", c.getSimpleName(), f.getName())
              .contains("\"" + f.getName() + "\"");
        }
      }
    }
  }

  @Test
  void shouldStillReadTheJsonLayoutEarlierVersionsStored() {
    Harness h = Harness.standard().steady();
    h.script(PRIMARY, CheckStatus.FAIL);
    h.advance(Duration.ofSeconds(60));
    byte[] legacy = ServiceStateCodec.toJson(h.state);
    assertThat(new String(legacy, StandardCharsets.UTF_8)).startsWith("{\"v\":1,");
    assertThat(json(ServiceStateCodec.fromBytes(legacy))).isEqualTo(json(h.state));
  }

  @Test
  void shouldRejectBytesThatAreNotAState() {
    assertThatThrownBy(
            () ->
                ServiceStateCodec.fromBytes(
                    "{\"v\":9,\"service\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported failover state layout");
    assertThatThrownBy(() -> ServiceStateCodec.fromBytes(new byte[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServiceStateCodec.fromBytes(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectEveryTruncationAndCorruptionWithIllegalArgument() throws Exception {
    // Given a valid binary state
    byte[] good = ServiceStateCodec.toBytes(fill(ServiceState.class, 1));
    // Then every prefix, and random byte flips, fail with IllegalArgumentException or decode
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      assertThatThrownBy(() -> ServiceStateCodec.fromBytes(cut))
          .isInstanceOf(IllegalArgumentException.class);
    }
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      byte[] bad = good.clone();
      bad[1 + random.nextInt(bad.length - 1)] = (byte) random.nextInt(256);
      try {
        ServiceStateCodec.fromBytes(bad);
      } catch (IllegalArgumentException expected) {
        // a clear rejection; anything else (NPE, OOM, index errors) fails the test
      }
    }
  }

  @Test
  void shouldRefuseAStoredStateWhoseMapHasAMissingKey() throws Exception {
    assertThatThrownBy(
            () -> ServiceStateCodec.fromBytes(regressionInput("serviceState", "map-key-missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover state: map key missing");
  }

  @Test
  void shouldRefuseAStoredStateWhoseMapNamesAKeyTwice() throws Exception {
    assertThatThrownBy(
            () -> ServiceStateCodec.fromBytes(regressionInput("serviceState", "duplicate-map-key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover state: duplicate map key");
  }

  @Test
  void shouldRefuseADuplicateMapKeyEvenWhenTheFirstValueIsNull() throws Exception {
    // Found by review: TreeMap.put returned the earlier null value, so the duplicate went unseen
    assertThatThrownBy(
            () ->
                ServiceStateCodec.fromBytes(
                    regressionInput("serviceState", "duplicate-map-key-null-value")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover state: duplicate map key");
  }

  @Test
  void shouldRefuseStoredScopeEvidenceWhoseMapNamesAKeyTwice() throws Exception {
    assertThatThrownBy(
            () -> StateBinary.readScope(regressionInput("scopeEvidence", "duplicate-map-key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failover state: duplicate map key");
  }

  /** A regression input of {@link StateDecoderFuzzTest}: the test proves it reaches the check. */
  private static byte[] regressionInput(String target, String name) throws Exception {
    try (var in =
        ServiceStateCodecTest.class.getResourceAsStream(
            "StateDecoderFuzzTestInputs/" + target + "/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static String json(ServiceState s) {
    return new String(ServiceStateCodec.toJson(s), StandardCharsets.UTF_8);
  }

  /** An instance of a state class with every instance field set to a non-default value. */
  private static <T> T fill(Class<T> c, int seed) throws Exception {
    var ctor = c.getDeclaredConstructor();
    ctor.setAccessible(true);
    T o = ctor.newInstance();
    int i = seed;
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
        continue; // transient: in-memory caches, not state
      }
      f.setAccessible(true);
      f.set(o, value(f.getType(), f.getGenericType(), ++i * 7 + seed));
    }
    return o;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object value(Class<?> type, Type generic, int n) throws Exception {
    if (type == String.class) {
      return n % 2 == 0 ? new UUID(n, n * 31L).toString() : "text-ü-" + n;
    } else if (type == Instant.class) {
      return Instant.ofEpochMilli(1_772_438_401_681L + n * 1_000L);
    } else if (type == int.class) {
      return n == 1 ? 2 : (n % 2 == 0 ? -n : n);
    } else if (type == long.class) {
      return (long) n * 1_000_003L;
    } else if (type == boolean.class) {
      return true;
    } else if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return constants[n % constants.length];
    } else if (type == TreeMap.class) {
      Type v = ((ParameterizedType) generic).getActualTypeArguments()[1];
      TreeMap map = new TreeMap<>();
      map.put("k" + n, value(raw(v), v, n + 1));
      map.put("k" + (n + 1), value(raw(v), v, n + 2));
      return map;
    } else if (type == ArrayList.class) {
      Type v = ((ParameterizedType) generic).getActualTypeArguments()[0];
      ArrayList list = new ArrayList<>();
      list.add(value(raw(v), v, n + 1));
      list.add(value(raw(v), v, n + 2));
      return list;
    } else if (type == Integer.class) {
      return n;
    }
    return fill(type, n);
  }

  private static Class<?> raw(Type t) {
    return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
  }
}
