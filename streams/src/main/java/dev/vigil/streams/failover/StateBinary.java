package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The binary layout (2) of a stored {@link ServiceState}: fields in declaration order, no names.
 * Strings are a varint length + 1 (0 = null) and UTF-8; ids in the canonical lowercase UUID form
 * (every event id a collector mints) take 17 bytes instead of 37; instants are a presence byte and
 * a zig-zag varint of epoch milliseconds; enums are their names. A state encodes in about a quarter
 * of the JSON's bytes and time: the correlator writes one per input event.
 *
 * <p>Adding a field to a state class means adding it here, in the same place in {@link #write} and
 * {@link #read}; {@code ServiceStateCodecTest} fills every field of every state class by reflection
 * and fails when one does not survive the round trip.
 */
public final class StateBinary {
  /** First byte of the layout. JSON (layout 1) starts with '{'. */
  static final byte LAYOUT = 4;

  /** The layout before the nonces of signed operator commands; still read. */
  static final byte LAYOUT_3 = 3;

  /** The layout before evidence sources, drift evidence and pending commands; still read. */
  static final byte LAYOUT_2 = 2;

  /** Layout of a scope's evidence ({@link #writeScope}). */
  static final byte SCOPE_LAYOUT = 1;

  private static final byte ID_NULL = 0;
  private static final byte ID_UUID = 1;
  private static final byte ID_TEXT = 2;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private StateBinary() {}

  static byte[] write(ServiceState s) {
    Out o = new Out();
    o.b(LAYOUT);
    o.str(s.service);
    o.str(s.homeSite);
    o.str(s.activeSite);
    o.str(s.standbySite);
    o.instant(s.createdAt);
    o.map(s.sites, StateBinary::site);
    o.bool(s.incident != null);
    if (s.incident != null) {
      incident(o, s.incident);
    }
    o.map(s.waivers, StateBinary::waiver);
    o.map(s.openAlerts, Out::str);
    o.varint(s.flapCount);
    o.instant(s.lastIncidentEndedAt);
    o.instant(s.cooldownUntil);
    o.varint(s.incidentSeq);
    o.varint(s.effectSeq);
    o.id(s.lastSecuritySignal);
    o.list(s.recentCommandIds, Out::id);
    o.str(s.lastSnapshotFingerprint);
    o.str(s.configVersion);
    o.list(s.pending, StateBinary::pending);
    o.map(s.seenNonces, Out::instant);
    return o.bytes();
  }

  /** A scope's evidence (site- or segment-wide), stored by the correlator per task. */
  public static byte[] writeScope(SiteState s) {
    Out o = new Out();
    o.b(SCOPE_LAYOUT);
    site(o, s);
    return o.bytes();
  }

  public static SiteState readScope(byte[] bytes) {
    In in = new In(bytes, LAYOUT);
    if (in.b() != SCOPE_LAYOUT) {
      throw new IllegalArgumentException("unsupported scope evidence layout");
    }
    SiteState s = site(in);
    if (in.pos != bytes.length) {
      throw new IllegalArgumentException("scope evidence has trailing bytes");
    }
    return s;
  }

  static ServiceState read(byte[] bytes) {
    byte layout = bytes.length == 0 ? 0 : bytes[0];
    if (layout != LAYOUT && layout != LAYOUT_3 && layout != LAYOUT_2) {
      throw new IllegalArgumentException("unsupported failover state layout");
    }
    In in = new In(bytes, layout);
    in.b();
    ServiceState s = new ServiceState();
    s.service = in.str();
    s.homeSite = in.str();
    s.activeSite = in.str();
    s.standbySite = in.str();
    s.createdAt = in.instant();
    s.sites = in.map(StateBinary::site);
    s.incident = in.bool() ? incident(in) : null;
    s.waivers = in.map(StateBinary::waiver);
    s.openAlerts = in.map(In::str);
    s.flapCount = (int) in.varint();
    s.lastIncidentEndedAt = in.instant();
    s.cooldownUntil = in.instant();
    s.incidentSeq = in.varint();
    s.effectSeq = in.varint();
    s.lastSecuritySignal = in.id();
    s.recentCommandIds = in.list(In::id);
    s.lastSnapshotFingerprint = in.str();
    s.configVersion = in.str();
    if (layout >= LAYOUT_3) {
      s.pending = in.list(StateBinary::pending);
    }
    if (layout >= LAYOUT) {
      s.seenNonces = in.map(In::instant);
    }
    if (in.pos != bytes.length) {
      throw new IllegalArgumentException("failover state has trailing bytes");
    }
    if (s.service == null) {
      throw new IllegalArgumentException("failover state without a service");
    }
    return s;
  }

  private static void site(Out o, SiteState s) {
    o.enumName(s.health);
    o.instant(s.healthSince);
    o.id(s.healthEventId);
    o.list(s.healthEvidence, Out::id);
    o.map(s.vantages, StateBinary::vantage);
    o.map(s.openDrift, StateBinary::evidence);
    o.map(s.drift, StateBinary::evidence);
    o.bool(s.heartbeat != null);
    if (s.heartbeat != null) {
      evidence(o, s.heartbeat);
    }
    o.map(s.certificates, StateBinary::evidence);
    o.map(s.keys, StateBinary::evidence);
    o.list(s.intrusions, StateBinary::evidence);
  }

  private static SiteState site(In in) {
    SiteState s = new SiteState();
    s.health = in.enumValue(SiteHealth::valueOf);
    s.healthSince = in.instant();
    s.healthEventId = in.id();
    s.healthEvidence = in.list(In::id);
    s.vantages = in.map(StateBinary::vantage);
    s.openDrift = in.map(StateBinary::evidence);
    if (in.layout >= LAYOUT_3) {
      s.drift = in.map(StateBinary::evidence);
    } else {
      // Layout 2 kept only the time of each control's latest drift finding.
      TreeMap<String, Instant> seenAt = in.map(In::instant);
      seenAt.forEach(
          (control, at) -> {
            SiteState.Evidence open = s.openDrift.get(control);
            SiteState.Evidence e = new SiteState.Evidence(null, at);
            e.controlId = control;
            e.status = open != null ? open.status : FindingStatus.OK;
            e.severity = open != null ? open.severity : null;
            s.drift.put(control, e);
          });
    }
    s.heartbeat = in.bool() ? evidence(in) : null;
    s.certificates = in.map(StateBinary::evidence);
    s.keys = in.map(StateBinary::evidence);
    s.intrusions = in.list(StateBinary::evidence);
    return s;
  }

  private static void vantage(Out o, SiteState.Vantage v) {
    o.varint(v.failStreak);
    o.varint(v.passStreak);
    o.instant(v.lastObservedAt);
    o.instant(v.lastSeenAt);
    o.list(v.streak, Out::id);
  }

  private static SiteState.Vantage vantage(In in) {
    SiteState.Vantage v = new SiteState.Vantage();
    v.failStreak = (int) in.varint();
    v.passStreak = (int) in.varint();
    v.lastObservedAt = in.instant();
    v.lastSeenAt = in.instant();
    v.streak = in.list(In::id);
    return v;
  }

  private static void evidence(Out o, SiteState.Evidence e) {
    o.id(e.eventId);
    o.instant(e.observedAt);
    o.enumName(e.status);
    o.enumName(e.severity);
    o.str(e.controlId);
    o.instant(e.notAfter);
    o.str(e.fingerprint);
    o.str(e.keyVersion);
    o.str(e.source);
  }

  private static SiteState.Evidence evidence(In in) {
    SiteState.Evidence e = new SiteState.Evidence();
    e.eventId = in.id();
    e.observedAt = in.instant();
    e.status = in.enumValue(FindingStatus::valueOf);
    e.severity = in.enumValue(Severity::valueOf);
    e.controlId = in.str();
    e.notAfter = in.instant();
    e.fingerprint = in.str();
    e.keyVersion = in.str();
    if (in.layout >= LAYOUT_3) {
      e.source = in.str();
    }
    return e;
  }

  private static void incident(Out o, Incident i) {
    o.str(i.id);
    o.enumName(i.cause);
    o.str(i.from);
    o.str(i.to);
    o.instant(i.openedAt);
    o.enumName(i.status);
    o.varint(i.position);
    o.instant(i.stageAt);
    o.enumName(i.lastStage);
    o.varint(i.trafficPercent);
    o.bool(i.forced);
    o.bool(i.approveNext);
    o.list(i.evidence, Out::id);
    o.map(i.issued, (out, n) -> out.varint(n));
  }

  private static Incident incident(In in) {
    Incident i = new Incident();
    i.id = in.str();
    i.cause = in.enumValue(Incident.Cause::valueOf);
    i.from = in.str();
    i.to = in.str();
    i.openedAt = in.instant();
    i.status = in.enumValue(Incident.Status::valueOf);
    i.position = (int) in.varint();
    i.stageAt = in.instant();
    i.lastStage = in.enumValue(TriggerStage::valueOf);
    i.trafficPercent = (int) in.varint();
    i.forced = in.bool();
    i.approveNext = in.bool();
    i.evidence = in.list(In::id);
    i.issued = in.map(x -> (int) x.varint());
    return i;
  }

  private static void waiver(Out o, Waiver w) {
    o.str(w.site);
    o.enumName(w.gate);
    o.instant(w.expiresAt);
    o.str(w.operator);
    o.str(w.reason);
    o.id(w.commandId);
  }

  private static Waiver waiver(In in) {
    Waiver w = new Waiver();
    w.site = in.str();
    w.gate = in.enumValue(GateName::valueOf);
    w.expiresAt = in.instant();
    w.operator = in.str();
    w.reason = in.str();
    w.commandId = in.id();
    return w;
  }

  private static void pending(Out o, PendingCommand p) {
    o.enumName(p.action);
    o.str(p.operator);
    o.id(p.commandId);
    o.instant(p.at);
  }

  private static PendingCommand pending(In in) {
    PendingCommand p = new PendingCommand();
    p.action = in.enumValue(OperatorAction::valueOf);
    p.operator = in.str();
    p.commandId = in.id();
    p.at = in.instant();
    return p;
  }

  /** A growing byte buffer with the layout's primitives. */
  static final class Out {
    private byte[] buf = new byte[1024];
    private int pos;

    interface Writer<T> {
      void write(Out o, T value);
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, pos);
    }

    void b(int v) {
      if (pos == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[pos++] = (byte) v;
    }

    void bool(boolean v) {
      b(v ? 1 : 0);
    }

    void varint(long v) {
      long z = (v << 1) ^ (v >> 63);
      while ((z & ~0x7FL) != 0) {
        b((int) ((z & 0x7F) | 0x80));
        z >>>= 7;
      }
      b((int) z);
    }

    void instant(Instant t) {
      bool(t != null);
      if (t != null) {
        varint(t.toEpochMilli());
      }
    }

    void str(String s) {
      if (s == null) {
        varint(0);
        return;
      }
      int n = s.length();
      for (int i = 0; i < n; i++) {
        if (s.charAt(i) >= 0x80) {
          byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
          varint(utf8.length + 1L);
          raw(utf8, utf8.length);
          return;
        }
      }
      varint(n + 1L); // ASCII (names, sites, keys, most text): one byte per char, no copy
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
      for (int i = 0; i < n; i++) {
        buf[pos++] = (byte) s.charAt(i);
      }
    }

    /** An id: 16 bytes when it is a canonical lowercase UUID, else text. */
    void id(String s) {
      if (s == null) {
        b(ID_NULL);
        return;
      }
      if (s.length() == 36 && uuid(s)) {
        return;
      }
      b(ID_TEXT);
      str(s);
    }

    /**
     * Writes the tag and 16 bytes of a canonical lowercase UUID; false (nothing written) if not.
     */
    private boolean uuid(String s) {
      if (pos + 17 > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + 17));
      }
      int p = pos + 1;
      int i = 0;
      while (i < 36) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
          if (s.charAt(i++) != '-') {
            return false;
          }
          continue;
        }
        int hi = nibble(s.charAt(i));
        int lo = nibble(s.charAt(i + 1));
        if ((hi | lo) < 0) {
          return false;
        }
        buf[p++] = (byte) ((hi << 4) | lo);
        i += 2;
      }
      buf[pos] = ID_UUID;
      pos = p;
      return true;
    }

    void enumName(Enum<?> e) {
      str(e == null ? null : e.name());
    }

    <T> void list(List<T> values, Writer<T> w) {
      varint(values.size());
      for (T v : values) {
        w.write(this, v);
      }
    }

    <T> void map(Map<String, T> values, Writer<T> w) {
      varint(values.size());
      for (Map.Entry<String, T> e : values.entrySet()) {
        str(e.getKey());
        w.write(this, e.getValue());
      }
    }

    private void raw(byte[] bytes, int n) {
      if (pos + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
      }
      System.arraycopy(bytes, 0, buf, pos, n);
      pos += n;
    }
  }

  /** Reads what {@link Out} wrote; any inconsistency is an IllegalArgumentException. */
  static final class In {
    private final byte[] buf;
    private final byte layout;
    private int pos;

    In(byte[] buf, byte layout) {
      this.buf = buf;
      this.layout = layout;
    }

    byte b() {
      if (pos >= buf.length) {
        throw new IllegalArgumentException("failover state truncated");
      }
      return buf[pos++];
    }

    boolean bool() {
      byte v = b();
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException("failover state: bad boolean");
      }
      return v == 1;
    }

    long varint() {
      long z = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte x = b();
        z |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return (z >>> 1) ^ -(z & 1);
        }
      }
      throw new IllegalArgumentException("failover state: bad varint");
    }

    Instant instant() {
      return bool() ? Instant.ofEpochMilli(varint()) : null;
    }

    String str() {
      long n = varint();
      if (n == 0) {
        return null;
      }
      if (n < 0 || n - 1 > buf.length - pos) {
        throw new IllegalArgumentException("failover state: bad string length");
      }
      int len = (int) (n - 1);
      String s = new String(buf, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }

    String id() {
      byte tag = b();
      switch (tag) {
        case ID_NULL:
          return null;
        case ID_TEXT:
          return str();
        case ID_UUID:
          if (buf.length - pos < 16) {
            throw new IllegalArgumentException("failover state truncated");
          }
          char[] c = new char[36];
          int j = 0;
          for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
              c[j++] = '-';
            }
            int v = buf[pos++] & 0xFF;
            c[j++] = HEX[v >>> 4];
            c[j++] = HEX[v & 0xF];
          }
          return new String(c);
        default:
          throw new IllegalArgumentException("failover state: bad id tag");
      }
    }

    <E extends Enum<E>> E enumValue(Function<String, E> valueOf) {
      String name = str();
      return name == null ? null : valueOf.apply(name);
    }

    <T> ArrayList<T> list(Function<In, T> r) {
      int n = count();
      ArrayList<T> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(r.apply(this));
      }
      return out;
    }

    <T> TreeMap<String, T> map(Function<In, T> r) {
      int n = count();
      TreeMap<String, T> out = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        String key = str();
        if (key == null) {
          throw new IllegalArgumentException("failover state: map key missing");
        }
        // containsKey, not put's return value: a value may be null (an open alert without text)
        if (out.containsKey(key)) {
          throw new IllegalArgumentException("failover state: duplicate map key");
        }
        out.put(key, r.apply(this));
      }
      return out;
    }

    /** Whether every byte has been read (a reader rejects trailing bytes). */
    boolean done() {
      return pos == buf.length;
    }

    private int count() {
      long n = varint();
      if (n < 0 || n > buf.length - pos) {
        throw new IllegalArgumentException("failover state: bad count");
      }
      return (int) n;
    }
  }

  /** The value of a lowercase hex digit, -1 for anything else. */
  /** Value of each lowercase hex digit by character, -1 for any other ASCII character. */
  private static final byte[] HEX_VALUE = new byte[128];

  static {
    Arrays.fill(HEX_VALUE, (byte) -1);
    for (int i = 0; i < HEX.length; i++) {
      HEX_VALUE[HEX[i]] = (byte) i;
    }
  }

  /**
   * A table, not comparisons: ids are random hex, so the branches of a range check mispredict on
   * about every other character, and ids are most of what a state encode writes.
   */
  private static int nibble(char c) {
    return c < 128 ? HEX_VALUE[c] : -1;
  }
}
