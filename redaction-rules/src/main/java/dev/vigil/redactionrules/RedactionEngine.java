package dev.vigil.redactionrules;

import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Applies one {@link RuleSet} to events. Fail closed: {@link #redact} never throws for bad input
 * and never returns a partially redacted event; any error yields {@link RedactionOutcome.Failed}.
 * The input is never mutated (the engine works on a deep copy). Thread-safe: per-thread encoders,
 * digests and MACs are kept in thread-locals.
 */
public final class RedactionEngine {
  private final RuleSet rules;
  private final RedactionMetrics metrics;
  private final Map<EventKind, Plan> plans = new EnumMap<>(EventKind.class);
  private final ThreadLocal<Encoding> encoding;

  private record Plan(
      EventKind kind,
      String kindName,
      Schema schema,
      SpecificData model,
      int kindPos,
      Targets.Target[] targets) {}

  private RedactionEngine(RuleSet rules, RedactionMetrics metrics) {
    this.rules = rules;
    this.metrics = metrics;
    for (EventKind k : EventKind.values()) {
      Class<? extends SpecificRecord> type = EventTypes.classOf(k);
      Schema schema = EventTypes.schemaOf(k);
      plans.put(
          k,
          new Plan(
              k,
              EventTypes.jsonName(k),
              schema,
              SpecificData.getForClass(type),
              schema.getField("kind").pos(),
              rules.targets.get(k).toArray(new Targets.Target[0])));
    }
    this.encoding = ThreadLocal.withInitial(() -> new Encoding(plans));
  }

  public static RedactionEngine create(RuleSet rules) {
    return create(rules, RedactionMetrics.NONE);
  }

  public static RedactionEngine create(RuleSet rules, RedactionMetrics metrics) {
    return new RedactionEngine(rules, metrics);
  }

  public String ruleSetId() {
    return rules.id();
  }

  public int version() {
    return rules.version();
  }

  public RuleSet ruleSet() {
    return rules;
  }

  /** Redacts a deep copy of {@code event}; never throws for bad input. */
  public RedactionOutcome redact(SpecificRecord event) {
    return redact(event, true);
  }

  /**
   * Redacts {@code event} itself, without the deep copy: for a caller that owns the record (it
   * decoded it for this call) and drops it on {@link RedactionOutcome.Failed}, when it may be
   * partly redacted. The redactor topology uses it: a failure quarantines the original bytes.
   */
  public RedactionOutcome redactInPlace(SpecificRecord event) {
    return redact(event, false);
  }

  private RedactionOutcome redact(SpecificRecord event, boolean copyFirst) {
    String stage = "dispatch";
    String kindName = "unknown";
    RecordContext ctx = null;
    try {
      Optional<EventKind> kind =
          event == null ? Optional.empty() : EventTypes.kindOf(event.getClass());
      if (kind.isEmpty()) {
        return failed(
            kindName, stage, "UnsupportedRecord", "not a health, security or posture event");
      }
      Plan plan = plans.get(kind.get());
      kindName = plan.kindName();
      stage = "validate";
      if (event.get(plan.kindPos()) != plan.kind()) {
        return failed(kindName, stage, "KindMismatch", "kind field contradicts the record type");
      }
      stage = "copy";
      SpecificRecord copy = copyFirst ? plan.model().deepCopy(plan.schema(), event) : event;
      // Issue 18: a producer writing straight to a raw topic skipped ingest's bounds. Applied
      // before
      // the rules, as at ingest: rules may turn identifiers into tags or pseudonyms.
      stage = "bounds";
      try {
        EventBounds.apply(copy);
      } catch (EventFormatException e) {
        return failed(kindName, stage, "OutOfBounds", e.getMessage());
      }
      stage = "redact";
      ctx = new RecordContext(rules.scanner, rules.scanOperators);
      for (Targets.Target t : plan.targets()) {
        t.apply(copy, ctx);
      }
      stage = "encode";
      Encoding enc = encoding.get();
      byte[] binary = enc.encode(plan.kind(), copy);
      String hash = enc.sha256Hex(binary);
      report(kindName, ctx);
      return new RedactionOutcome.Redacted(copy, hash, ctx.detectorCounts, binary);
    } catch (Exception | StackOverflowError e) {
      String where = ctx == null ? "" : " at " + ctx.path + " (" + ctx.operator + ")";
      String detail = e instanceof KeyException ? ": " + e.getMessage() : "";
      return failed(kindName, stage, e.getClass().getName(), stage + " failed" + where + detail);
    }
  }

  private RedactionOutcome failed(String kind, String stage, String errorClass, String reason) {
    try {
      metrics.failed(kind, stage, errorClass);
    } catch (RuntimeException ignored) {
      // a broken listener must not change the outcome
    }
    return new RedactionOutcome.Failed(stage, errorClass, reason);
  }

  private void report(String kind, RecordContext ctx) {
    try {
      metrics.redacted(kind);
      ctx.detectorCounts.forEach((d, n) -> metrics.detectorHits(kind, d, n));
      ctx.operatorCounts.forEach((o, n) -> metrics.operatorApplied(kind, o, n));
    } catch (RuntimeException ignored) {
      // a broken listener must not change the outcome
    }
  }

  @Override
  public String toString() {
    return "RedactionEngine[" + rules.id() + " v" + rules.version() + "]";
  }

  /** Per-thread Avro writers, buffer and digest: the encoding and its content hash. */
  private static final class Encoding {
    private final Map<EventKind, SpecificDatumWriter<SpecificRecord>> writers =
        new EnumMap<>(EventKind.class);
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private final MessageDigest sha256;
    private BinaryEncoder encoder;

    Encoding(Map<EventKind, Plan> plans) {
      for (Plan p : plans.values()) {
        writers.put(p.kind(), new SpecificDatumWriter<>(p.schema(), p.model()));
      }
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JDK", e);
      }
    }

    byte[] encode(EventKind kind, SpecificRecord record) throws IOException {
      buffer.reset();
      encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
      writers.get(kind).write(record, encoder);
      encoder.flush();
      return buffer.toByteArray();
    }

    String sha256Hex(byte[] binary) {
      sha256.reset();
      return HexFormat.of().formatHex(sha256.digest(binary));
    }
  }

  static List<String> protectedFields() {
    return List.copyOf(SchemaPaths.PROTECTED);
  }
}
