package dev.vigil.schemas.event;

import dev.vigil.schemas.json.EventFormatException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The bounds every input event is held to before it is accepted (issue 18), whichever door it came
 * through: identifiers must follow {@link Identifiers} (refused otherwise), free text is cut to its
 * field's limit and marked, attribute maps are capped in entries, key and value length, and
 * timestamps must be plausible. Each door applies its own clock on top ({@code ClockDiscipline} in
 * ingest: no {@code observed_at} beyond a bounded skew into the future).
 *
 * <p>Plain Java, no I/O; {@link #apply} changes the record in place (NFC identifiers, cut text).
 * Messages name the field path and the rule, never the value.
 */
public final class EventBounds {
  /**
   * Earliest accepted {@code observed_at}/{@code ingested_at}: a sensor whose clock was never set.
   */
  public static final Instant EARLIEST_OBSERVED = Instant.parse("2000-01-01T00:00:00Z");

  /** Earliest accepted certificate {@code not_after}. */
  public static final Instant EARLIEST_NOT_AFTER = Instant.parse("1950-01-01T00:00:00Z");

  /** Latest accepted timestamp of any kind: the last instant with a four-digit year. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /** Free-text limit of a string field not listed in {@link #TEXT_LIMITS}, in UTF-16 units. */
  public static final int DEFAULT_TEXT_LIMIT = 1024;

  /** Most entries in an attribute map ({@code signal.attributes}, {@code finding.details}). */
  public static final int MAX_MAP_ENTRIES = 64;

  /** Longest attribute map key; longer keys are dropped (and counted in the marker entry). */
  public static final int MAX_MAP_KEY = 128;

  /** Longest attribute map value; longer values are cut and marked. */
  public static final int MAX_MAP_VALUE = 2048;

  /** Map entry added when entries were dropped; its value is how many. */
  public static final String DROPPED_ENTRIES_KEY = "vigil.dropped_entries";

  /**
   * Fields that hold identifiers; true: may also be empty. Only {@code service}, and only in
   * evidence that has a scope (a finding or signal that is site- or segment-wide): a health check
   * result always names its service.
   */
  static final Map<String, Boolean> IDENTIFIERS =
      Map.of(
          "site", false,
          "service", true,
          "source", false,
          "segment", false,
          "check.vantage", false);

  /** The field that holds a key id ({@link Identifiers#keyIdProblem}). */
  static final String KEY_ID = "finding.key_id";

  /** Free-text limits by field path, in UTF-16 units (a cut never splits a surrogate pair). */
  static final Map<String, Integer> TEXT_LIMITS =
      Map.ofEntries(
          Map.entry("check.name", 256),
          Map.entry("check.target", 2048),
          Map.entry("check.error", 4096),
          Map.entry("signal.category", 256),
          Map.entry("signal.signature", 1024),
          Map.entry("signal.src_ip", 64),
          Map.entry("signal.dst_ip", 64),
          Map.entry("signal.user", 256),
          Map.entry("signal.host", 256),
          Map.entry("signal.message", 8192),
          Map.entry("finding.control_id", 256),
          Map.entry("finding.expected", 4096),
          Map.entry("finding.observed", 4096),
          Map.entry("finding.key_version", 64),
          Map.entry("finding.cert_fingerprint", 256));

  private EventBounds() {}

  /**
   * Checks and bounds {@code event} in place.
   *
   * @return how many free-text values or maps were cut (0 when the event was within bounds)
   * @throws EventFormatException naming the field and the rule, never the value
   */
  public static int apply(SpecificRecord event) throws EventFormatException {
    return walk(event, "");
  }

  /** What {@link #walk} does with one field, decided once per record class and path. */
  private enum Rule {
    KEY_ID,
    IDENTIFIER,
    IDENTIFIER_OR_EMPTY_IN_SCOPE,
    TEXT,
    OTHER
  }

  /**
   * The fields of one record class at one path prefix: path, rule and text limit per field
   * position, and the prefix of each nested record. Built once: the walk runs for every event.
   */
  private record Plan(String[] paths, Rule[] rules, int[] limits, String[] nestedPrefixes) {
    static Plan of(Schema schema, String prefix) {
      List<Schema.Field> fields = schema.getFields();
      int n = fields.size();
      String[] paths = new String[n];
      Rule[] rules = new Rule[n];
      int[] limits = new int[n];
      String[] nested = new String[n];
      for (Schema.Field f : fields) {
        int i = f.pos();
        String path = prefix + f.name();
        paths[i] = path;
        nested[i] = path + ".";
        limits[i] = TEXT_LIMITS.getOrDefault(path, DEFAULT_TEXT_LIMIT);
        Boolean identifier = IDENTIFIERS.get(path);
        rules[i] =
            path.equals(KEY_ID)
                ? Rule.KEY_ID
                : identifier == null
                    ? Rule.TEXT
                    : identifier ? Rule.IDENTIFIER_OR_EMPTY_IN_SCOPE : Rule.IDENTIFIER;
      }
      return new Plan(paths, rules, limits, nested);
    }
  }

  /** Plans by record class and path prefix (the prefixes are the plans' own strings). */
  private static final ClassValue<Map<String, Plan>> PLANS =
      new ClassValue<>() {
        @Override
        protected Map<String, Plan> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private static int walk(SpecificRecord record, String prefix) throws EventFormatException {
    Plan plan =
        PLANS.get(record.getClass()).computeIfAbsent(prefix, p -> Plan.of(record.getSchema(), p));
    int cut = 0;
    String[] paths = plan.paths();
    for (int i = 0; i < paths.length; i++) {
      Object value = record.get(i);
      if (value == null) {
        continue;
      }
      String path = paths[i];
      if (value instanceof SpecificRecord nested) {
        cut += walk(nested, plan.nestedPrefixes()[i]);
      } else if (value instanceof String text) {
        cut += text(record, i, path, text, plan.rules()[i], plan.limits()[i]);
      } else if (value instanceof Map<?, ?> map) {
        Optional<Map<String, String>> bounded = boundedMap(map);
        if (bounded.isPresent()) {
          record.put(i, bounded.get());
          cut++;
        }
      } else if (value instanceof Instant instant) {
        checkTime(path, instant);
      }
    }
    return cut;
  }

  /** Checks or cuts one string field in place; 1 if it was cut. */
  private static int text(
      SpecificRecord record, int pos, String path, String text, Rule rule, int limit)
      throws EventFormatException {
    switch (rule) {
      case KEY_ID -> {
        Optional<String> problem = Identifiers.keyIdProblem(text);
        if (problem.isPresent()) {
          throw new EventFormatException(path, problem.get());
        }
        record.put(pos, Identifiers.nfc(text));
      }
      // Found by fuzzing (issue 18): an empty service was accepted on a health check result
      case IDENTIFIER_OR_EMPTY_IN_SCOPE ->
          record.put(
              pos, identifier(path, text, text.isEmpty() && EvidenceScopes.of(record).isPresent()));
      case IDENTIFIER -> record.put(pos, identifier(path, text, false));
      default -> {
        String bounded = BoundedText.cut(text, limit);
        if (!bounded.equals(text)) {
          record.put(pos, bounded);
          return 1;
        }
      }
    }
    return 0;
  }

  private static String identifier(String path, String value, boolean emptyAllowed)
      throws EventFormatException {
    if (emptyAllowed && value.isEmpty()) {
      return value;
    }
    Optional<String> problem = Identifiers.problem(value);
    if (problem.isPresent()) {
      throw new EventFormatException(path, problem.get());
    }
    return Identifiers.nfc(value); // as Identifiers.require, checked once
  }

  private static Optional<Map<String, String>> boundedMap(Map<?, ?> map) {
    boolean within = map.size() <= MAX_MAP_ENTRIES;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String k = String.valueOf(e.getKey());
      String v = String.valueOf(e.getValue());
      within &= k.length() <= MAX_MAP_KEY && BoundedText.cut(v, MAX_MAP_VALUE).equals(v);
    }
    if (within) {
      return Optional.empty();
    }
    Map<String, String> out = new LinkedHashMap<>();
    int dropped = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String k = String.valueOf(e.getKey());
      if (k.length() > MAX_MAP_KEY || out.size() >= MAX_MAP_ENTRIES - 1) {
        dropped++;
        continue;
      }
      out.put(k, BoundedText.cut(String.valueOf(e.getValue()), MAX_MAP_VALUE));
    }
    if (dropped > 0) {
      out.put(DROPPED_ENTRIES_KEY, Integer.toString(dropped));
    }
    return Optional.of(out);
  }

  private static void checkTime(String path, Instant instant) throws EventFormatException {
    Instant earliest = path.endsWith("not_after") ? EARLIEST_NOT_AFTER : EARLIEST_OBSERVED;
    if (instant.isBefore(earliest)) {
      throw new EventFormatException(path, "before " + earliest.toString().substring(0, 10));
    }
    if (instant.isAfter(LATEST)) {
      throw new EventFormatException(path, "after year 9999");
    }
  }
}
