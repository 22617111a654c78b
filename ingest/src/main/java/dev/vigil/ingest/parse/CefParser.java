package dev.vigil.ingest.parse;

import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * ArcSight Common Event Format, bare or after a syslog header:
 *
 * <pre>CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension
 * </pre>
 *
 * Header fields escape {@code \|} and {@code \\}; extension values escape {@code \=}, {@code \\},
 * {@code \n} and {@code \r}. A value runs up to the space before the next {@code key=}. Custom
 * fields ({@code cs1=… cs1Label=sname}) are also stored under their label. When a key repeats the
 * first value is kept.
 *
 * <p>Origin from the vendor/product (Suricata, Snort/Sourcefire, Zeek/Bro, Wazuh), otherwise SIEM.
 * Severity: {@link SeverityMaps#fromCef}. Category: the {@code cat} extension, else the device
 * product. Time: {@code rt} (epoch millis or {@code MMM dd [yyyy] HH:mm:ss[.SSS] [zone]}), else the
 * syslog header, else the ingest clock (marked {@code observed_at_source=ingest_clock}).
 */
public final class CefParser implements RecordParser {

  private static final DateTimeFormatter RT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("MMM dd")
          .optionalStart()
          .appendPattern(" yyyy")
          .optionalEnd()
          .appendPattern(" HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.MILLI_OF_SECOND, 1, 3, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  private final SourceContext ctx;
  private final Clock clock;

  public CefParser(SourceContext ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  @Override
  public ParseResult parse(RawRecord record) {
    String line = SyslogEnvelope.stripLineEnd(record.text());
    if (line.isBlank()) {
      return new ParseResult.Skipped("blank line");
    }
    int start = line.indexOf("CEF:");
    if (start < 0) {
      return new ParseResult.Rejected("no CEF header");
    }
    Optional<SyslogMessage> envelope =
        start == 0
            ? Optional.empty()
            : SyslogEnvelope.parse(line.substring(0, start), clock.instant(), ctx.zone());
    List<String> header = new ArrayList<>(8);
    int extStart = splitHeader(line, start + 4, header);
    if (extStart < 0) {
      return new ParseResult.Rejected("CEF header has fewer than 7 fields");
    }
    Map<String, String> ext = extensions(line.substring(extStart));
    String vendor = header.get(1);
    String product = header.get(2);
    String name = header.get(5);
    if (name.isBlank()) {
      return new ParseResult.Rejected("CEF header field Name is empty");
    }

    Map<String, String> attributes = attributes(header, ext);
    Instant observedAt = observedAt(ext, envelope, attributes);
    String host = first(ext, "dhost", "shost", "dvchost");
    if (host == null && envelope.isPresent()) {
      host = envelope.get().hostname();
    }
    Signal signal =
        Signal.newBuilder()
            .setOrigin(origin(vendor, product))
            .setSeverity(SeverityMaps.fromCef(header.get(6)))
            .setCategory(
                Optional.ofNullable(ext.get("cat"))
                    .filter(s -> !s.isBlank())
                    .orElse(product.isBlank() ? "cef" : product))
            .setSignature(name)
            .setSrcIp(first(ext, "src", "c6a2"))
            .setDstIp(first(ext, "dst", "c6a3"))
            .setUser(first(ext, "suser", "duser"))
            .setHost(host)
            .setMessage(ext.get("msg"))
            .setAttributes(attributes)
            .build();
    return ParseResult.Parsed.of(
        Events.signal(ctx, EventIds.forRecord(ctx, record, 0), observedAt, signal));
  }

  private static Map<String, String> attributes(List<String> header, Map<String, String> ext) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("cef_version", header.get(0));
    attributes.put("device_vendor", header.get(1));
    attributes.put("device_product", header.get(2));
    attributes.put("device_version", header.get(3));
    attributes.put("signature_id", header.get(4));
    attributes.put("cef_severity", header.get(6));
    ext.forEach((k, v) -> attributes.putIfAbsent("cef." + k, v));
    return attributes;
  }

  /** {@code rt}, else the syslog envelope's time, else the ingest clock (noted in attributes). */
  private Instant observedAt(
      Map<String, String> ext, Optional<SyslogMessage> envelope, Map<String, String> attributes) {
    Optional<Instant> rt = Optional.ofNullable(ext.get("rt")).flatMap(this::receiptTime);
    if (rt.isPresent()) {
      return rt.get();
    }
    if (envelope.isPresent()) {
      return envelope.get().timestamp();
    }
    attributes.put("observed_at_source", "ingest_clock");
    return clock.instant();
  }

  /** Splits 7 header fields from {@code from}; returns the extension's start or -1. */
  static int splitHeader(String line, int from, List<String> out) {
    StringBuilder field = new StringBuilder();
    int i = from;
    while (i < line.length() && out.size() < 7) {
      char c = line.charAt(i);
      if (c == '\\'
          && i + 1 < line.length()
          && (line.charAt(i + 1) == '|' || line.charAt(i + 1) == '\\')) {
        field.append(line.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == '|') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
      i++;
    }
    return out.size() == 7 ? i : -1;
  }

  /** Extension key/value pairs, in order, first value of a repeated key kept. */
  static Map<String, String> extensions(String ext) {
    List<int[]> keys = new ArrayList<>(); // {keyStart, equalsIndex}
    for (int i = 0; i < ext.length(); i++) {
      char c = ext.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (c == '=') {
        int k = i;
        while (k > 0 && isKeyChar(ext.charAt(k - 1))) {
          k--;
        }
        if (k < i && (k == 0 || ext.charAt(k - 1) == ' ')) {
          keys.add(new int[] {k, i});
        }
      }
    }
    Map<String, String> raw = new LinkedHashMap<>();
    for (int n = 0; n < keys.size(); n++) {
      int[] key = keys.get(n);
      int end = n + 1 < keys.size() ? keys.get(n + 1)[0] : ext.length();
      String value = ext.substring(key[1] + 1, end).stripTrailing();
      raw.putIfAbsent(ext.substring(key[0], key[1]), unescape(value));
    }
    Map<String, String> out = new LinkedHashMap<>(raw);
    raw.forEach(
        (k, v) -> {
          if (k.endsWith("Label") && !v.isBlank()) {
            String base = k.substring(0, k.length() - "Label".length());
            if (raw.containsKey(base)) {
              out.putIfAbsent(v, raw.get(base));
            }
          }
        });
    return out;
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '-';
  }

  static String unescape(String v) {
    if (v.indexOf('\\') < 0) {
      return v;
    }
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        char n = v.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case '=', '\\', '|' -> sb.append(n);
          default -> sb.append(c).append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private Optional<Instant> receiptTime(String rt) {
    String s = rt.trim();
    if (s.matches("\\d{10,14}")) {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(s)));
    }
    // "Feb 09 2015 00:27:43 UTC": split off a trailing zone word if there is one
    ZoneId zone = ctx.zone();
    int lastSpace = s.lastIndexOf(' ');
    if (lastSpace > 0 && s.substring(lastSpace + 1).matches("[A-Za-z][A-Za-z/_+\\-0-9]*")) {
      try {
        zone = ZoneId.of(s.substring(lastSpace + 1), ZoneId.SHORT_IDS);
        s = s.substring(0, lastSpace);
      } catch (java.time.DateTimeException e) {
        return Optional.empty();
      }
    }
    try {
      var parsed = RT.parse(s);
      int year =
          parsed.isSupported(ChronoField.YEAR)
              ? parsed.get(ChronoField.YEAR)
              : ZonedDateTime.ofInstant(clock.instant(), zone).getYear();
      LocalDateTime ldt =
          LocalDateTime.of(
              year,
              parsed.get(ChronoField.MONTH_OF_YEAR),
              parsed.get(ChronoField.DAY_OF_MONTH),
              parsed.get(ChronoField.HOUR_OF_DAY),
              parsed.get(ChronoField.MINUTE_OF_HOUR),
              parsed.get(ChronoField.SECOND_OF_MINUTE),
              parsed.isSupported(ChronoField.MILLI_OF_SECOND)
                  ? parsed.get(ChronoField.MILLI_OF_SECOND) * 1_000_000
                  : 0);
      return Optional.of(ldt.atZone(zone).toInstant());
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  static SignalOrigin origin(String vendor, String product) {
    String v = (vendor + " " + product).toLowerCase(Locale.ROOT);
    if (v.contains("suricata")) {
      return SignalOrigin.SURICATA;
    }
    if (v.contains("snort") || v.contains("sourcefire")) {
      return SignalOrigin.SNORT;
    }
    if (v.contains("zeek") || v.contains(" bro")) {
      return SignalOrigin.ZEEK;
    }
    if (v.contains("wazuh")) {
      return SignalOrigin.WAZUH;
    }
    return SignalOrigin.SIEM;
  }

  private static String first(Map<String, String> ext, String... keys) {
    for (String k : keys) {
      String v = ext.get(k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
