package dev.vigil.ingest.parse;

import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Snort and Suricata {@code fast.log}:
 *
 * <pre>
 * MM/dd[/yy]-HH:mm:ss.ffffff [**] [gid:sid:rev] msg [**] [Classification: c] [Priority: n] {PROTO} src[:port] -&gt; dst[:port]
 * </pre>
 *
 * <p>Dates: Snort 3 writes no year ({@code MM/dd}); the year is inferred from the clock and rolled
 * back when that would put the alert more than a day in the future ({@link Timestamps#inferYear}).
 * Suricata writes {@code MM/dd/yy} (older) or {@code MM/dd/yyyy}; a 2-digit first component above
 * 12 cannot be a month and is read as {@code yy/MM/dd} (the form plaso's test data uses). The zone
 * is {@link SourceContext#zone()}.
 *
 * <p>Addresses: an IPv6 address with a port appended ({@code 2001:…:8888:80}) is ambiguous; a port
 * is split off only when the protocol is TCP or UDP (ICMP has no ports) and the address keeps at
 * least eight groups without it, or for IPv4 when there is exactly one colon.
 */
public final class FastLogParser implements RecordParser {

  private static final Pattern LINE =
      Pattern.compile(
          "^(?<date>\\d{2}/\\d{2}(?:/\\d{2,4})?)-(?<h>\\d{2}):(?<m>\\d{2}):(?<s>\\d{2})(?:\\.(?<f>\\d{1,9}))?\\s+"
              + "\\[\\*\\*]\\s+\\[(?<gid>\\d+):(?<sid>\\d+):(?<rev>\\d+)]\\s+(?<msg>.*?)\\s*\\[\\*\\*]\\s*"
              + "(?:\\[Classification:\\s*(?<class>[^\\]]*)]\\s*)?"
              + "(?:\\[Priority:\\s*(?<prio>\\d+)]\\s*)?"
              + "\\{(?<proto>[^}]+)}\\s+(?<src>\\S+)\\s+->\\s+(?<dst>\\S+)\\s*$");

  private final SourceContext ctx;
  private final Clock clock;
  private final SignalOrigin origin;

  /**
   * @param origin SNORT or SURICATA, whichever sensor writes the file (the format is shared)
   */
  public FastLogParser(SourceContext ctx, Clock clock, SignalOrigin origin) {
    this.ctx = ctx;
    this.clock = clock;
    this.origin = origin;
  }

  @Override
  public ParseResult parse(RawRecord record) {
    String line = record.text().strip();
    if (line.isEmpty()) {
      return new ParseResult.Skipped("blank line");
    }
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return new ParseResult.Rejected("not a fast.log alert line");
    }
    Instant observedAt;
    try {
      observedAt = observedAt(m);
    } catch (DateTimeException | NumberFormatException e) {
      return new ParseResult.Rejected("invalid date in fast.log line");
    }
    boolean yearInferred = m.group("date").length() == "MM/dd".length();

    String proto = m.group("proto").trim();
    boolean ported = proto.equalsIgnoreCase("TCP") || proto.equalsIgnoreCase("UDP");
    String[] src = splitPort(m.group("src"), ported);
    String[] dst = splitPort(m.group("dst"), ported);
    String msg = m.group("msg").trim();
    if (msg.length() >= 2 && msg.startsWith("\"") && msg.endsWith("\"")) {
      msg = msg.substring(1, msg.length() - 1);
    }
    String prio = m.group("prio");
    if (prio != null && prio.length() > 9) {
      // Found by fuzzing (issue 18): Integer.valueOf overflowed on a 10+ digit priority.
      return new ParseResult.Rejected("priority out of range");
    }
    Integer priority = prio == null ? null : Integer.valueOf(prio);

    Map<String, String> attributes = attributes(m, proto, priority, src, dst, yearInferred);
    String classification = m.group("class");
    Signal signal =
        Signal.newBuilder()
            .setOrigin(origin)
            .setSeverity(SeverityMaps.fromPriority(priority))
            .setCategory(
                classification == null || classification.isBlank()
                    ? "unclassified"
                    : classification.trim())
            .setSignature(msg)
            .setSrcIp(src[0])
            .setDstIp(dst[0])
            .setAttributes(attributes)
            .build();
    return ParseResult.Parsed.of(
        Events.signal(ctx, EventIds.forRecord(ctx, record, 0), observedAt, signal));
  }

  /**
   * The alert's time: {@code MM/dd} with the year inferred, {@code MM/dd/yyyy}, {@code MM/dd/yy} or
   * {@code yy/MM/dd} (a first component above 12).
   */
  private Instant observedAt(Matcher m) {
    String[] date = m.group("date").split("/", -1);
    int h = Integer.parseInt(m.group("h"));
    int mi = Integer.parseInt(m.group("m"));
    int s = Integer.parseInt(m.group("s"));
    int nanos = Timestamps.fractionToNanos(m.group("f"));
    if (date.length == 2) {
      MonthDay md = MonthDay.of(Integer.parseInt(date[0]), Integer.parseInt(date[1]));
      return Timestamps.inferYear(md, h, mi, s, nanos, clock.instant(), ctx.zone());
    }
    int a = Integer.parseInt(date[0]);
    int b = Integer.parseInt(date[1]);
    int c = Integer.parseInt(date[2]);
    int year;
    int month;
    int day;
    if (date[2].length() == 4) {
      month = a;
      day = b;
      year = c;
    } else if (a > 12) {
      year = 2000 + a;
      month = b;
      day = c;
    } else {
      month = a;
      day = b;
      year = 2000 + c;
    }
    return LocalDateTime.of(year, month, day, h, mi, s, nanos).atZone(ctx.zone()).toInstant();
  }

  private static Map<String, String> attributes(
      Matcher m, String proto, Integer priority, String[] src, String[] dst, boolean yearInferred) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("gid", m.group("gid"));
    attributes.put("signature_id", m.group("sid"));
    attributes.put("rev", m.group("rev"));
    attributes.put("proto", proto);
    if (priority != null) {
      attributes.put("priority", priority.toString());
    }
    if (src[1] != null) {
      attributes.put("src_port", src[1]);
    }
    if (dst[1] != null) {
      attributes.put("dest_port", dst[1]);
    }
    if (yearInferred) {
      attributes.put("year_inferred", "true");
    }
    return attributes;
  }

  /** {address, port-or-null}. */
  static String[] splitPort(String endpoint, boolean ported) {
    int colons = (int) endpoint.chars().filter(c -> c == ':').count();
    if (!ported || colons == 0) {
      return new String[] {endpoint, null};
    }
    int last = endpoint.lastIndexOf(':');
    String port = endpoint.substring(last + 1);
    if (!port.matches("\\d{1,5}")) {
      return new String[] {endpoint, null};
    }
    if (colons == 1) {
      return new String[] {endpoint.substring(0, last), port};
    }
    // IPv6: a full address has 7 colons; with a port appended it has 8. "::" makes it ambiguous.
    if (colons == 8 && !endpoint.contains("::")) {
      return new String[] {endpoint.substring(0, last), port};
    }
    if (endpoint.startsWith("[") && endpoint.contains("]:")) {
      int close = endpoint.indexOf("]:");
      return new String[] {endpoint.substring(1, close), endpoint.substring(close + 2)};
    }
    return new String[] {endpoint, null};
  }
}
