package dev.vigil.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Zeek logs, TSV (with {@code #separator}, {@code #fields}, {@code #types}, {@code #unset_field},
 * {@code #empty_field} headers) and JSON lines (plain, with {@code _path}, or wrapped as {@code
 * {"notice": {...}}} by Metron). {@code notice}, {@code weird} and {@code intel} records become
 * SecuritySignals with origin ZEEK; every other log type is Skipped.
 *
 * <p>Stateful: one instance per stream, fed in order, because TSV field names come from the header.
 * After resuming mid-file from a checkpoint, call {@link #primeFromFileStart(Path)} so the parser
 * knows the header it did not re-read.
 *
 * <p>Masked timestamps ({@code XXXXXXXXXX.XXXXXX}, as Zeek's test baselines canonify them) or
 * missing ones fall back to the injected clock, and the signal carries {@code
 * observed_at_source=ingest_clock}; a {@code ts} that is present but unreadable is a rejection.
 */
public final class ZeekLogParser implements RecordParser {

  private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");
  private static final Pattern MASKED = Pattern.compile("X+(\\.X+)?");

  private final SourceContext ctx;
  private final Clock clock;
  private final String defaultPath;

  private String separator = "\t";
  private String setSeparator = ",";
  private String unsetField = "-";
  private String emptyField = "(empty)";
  private String path;
  private List<String> fields;

  /**
   * @param defaultPath the log type to assume when the record names none (e.g. {@code notice} for a
   *     file named notice.log holding plain JSON), or null
   */
  public ZeekLogParser(SourceContext ctx, Clock clock, String defaultPath) {
    this.ctx = ctx;
    this.clock = clock;
    this.defaultPath = defaultPath;
    this.path = defaultPath;
  }

  /** Reads the {@code #} header lines at the start of {@code file} into this parser's state. */
  public void primeFromFileStart(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = reader.readLine()) != null && n++ < 64 && line.startsWith("#")) {
        header(line);
      }
    }
  }

  @Override
  public ParseResult parse(RawRecord record) {
    String line = record.text();
    if (line.isBlank()) {
      return new ParseResult.Skipped("blank line");
    }
    if (line.startsWith("#")) {
      return header(line);
    }
    if (line.stripLeading().startsWith("{")) {
      return json(record);
    }
    if (fields == null) {
      return new ParseResult.Rejected("TSV record before any #fields header");
    }
    String[] values = line.split(Pattern.quote(separator), -1);
    if (values.length != fields.size()) {
      return new ParseResult.Rejected(
          "TSV record has " + values.length + " fields but #fields names " + fields.size());
    }
    Map<String, String> row = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      if (v.equals(unsetField)) {
        continue;
      }
      row.put(fields.get(i), v.equals(emptyField) ? "" : unescape(v));
    }
    return map(record, path, row);
  }

  private ParseResult header(String line) {
    String[] parts = line.split("[\\t ]", 2);
    String directive = parts[0];
    String value = parts.length > 1 ? parts[1] : "";
    switch (directive) {
      case "#separator" -> separator = unescape(value.trim());
      case "#set_separator" -> setSeparator = unescapeSep(value);
      case "#empty_field" -> emptyField = unescapeSep(value);
      case "#unset_field" -> unsetField = unescapeSep(value);
      case "#path" -> path = unescapeSep(value);
      case "#fields" -> fields = List.of(value.split(Pattern.quote(separator), -1));
      default -> {
        // #types, #open, #close and comments carry nothing a signal needs
      }
    }
    return new ParseResult.Skipped("header line");
  }

  private String unescapeSep(String value) {
    return unescape(value.startsWith(separator) ? value.substring(separator.length()) : value);
  }

  private ParseResult json(RawRecord record) {
    Json.Result json = Json.readObject(record.text());
    if (!json.ok()) {
      return new ParseResult.Rejected(json.error());
    }
    JsonNode node = json.node();
    String logType = Json.text(node, "_path").orElse(defaultPath);
    if (node.size() == 1) {
      Map.Entry<String, JsonNode> only = node.properties().iterator().next();
      if (only.getValue().isObject()) {
        logType = only.getKey();
        node = only.getValue();
      }
    }
    Map<String, String> row = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      JsonNode v = e.getValue();
      if (v.isNull()) {
        continue;
      }
      if (v.isArray()) {
        List<String> items = new ArrayList<>();
        v.forEach(item -> items.add(item.asText()));
        row.put(e.getKey(), String.join(",", items));
      } else if (!v.isObject()) {
        row.put(e.getKey(), v.asText());
      }
    }
    if (node.path("ts").isTextual() && !node.path("ts").asText().matches("[0-9.]+")) {
      // JSON logs written with json_logs::use_json_iso8601 carry ISO timestamps
      Optional<Instant> iso = Timestamps.isoWithOffset(node.path("ts").asText());
      if (iso.isPresent()) {
        Instant t = iso.get();
        row.put("ts", t.getEpochSecond() + "." + String.format("%09d", t.getNano()));
      }
    }
    return map(record, logType, row);
  }

  private ParseResult map(RawRecord record, String logType, Map<String, String> row) {
    if (logType == null) {
      return new ParseResult.Rejected("log type unknown: no #path, _path or configured default");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("zeek_path", logType);
    copy(row, attributes, "uid", "uid");
    copy(row, attributes, "id.orig_p", "src_port");
    copy(row, attributes, "id.resp_p", "dst_port");
    copy(row, attributes, "proto", "proto");
    copy(row, attributes, "fuid", "fuid");

    Signal.Builder signal = Signal.newBuilder().setOrigin(SignalOrigin.ZEEK);
    signal.setSrcIp(row.get("id.orig_h")).setDstIp(row.get("id.resp_h"));
    String problem;
    switch (logType) {
      case "notice" -> problem = notice(row, signal, attributes);
      case "weird" -> problem = weird(row, signal, attributes);
      case "intel" -> problem = intel(row, signal, attributes);
      default -> {
        return new ParseResult.Skipped("zeek log " + Vocabulary.safe(logType) + " is not mapped");
      }
    }
    if (problem != null) {
      return new ParseResult.Rejected(problem);
    }
    String ts = row.get("ts");
    Instant observedAt;
    if (ts == null || MASKED.matcher(ts).matches()) {
      observedAt = clock.instant();
      attributes.put("observed_at_source", "ingest_clock");
      attributes.put("ts_masked", String.valueOf(ts != null));
    } else {
      Optional<Instant> parsed = Timestamps.epochSeconds(ts);
      if (parsed.isEmpty()) {
        return new ParseResult.Rejected("unparseable ts");
      }
      observedAt = parsed.get();
    }
    signal.setAttributes(attributes);
    return ParseResult.Parsed.of(
        Events.signal(ctx, EventIds.forRecord(ctx, record, 0), observedAt, signal.build()));
  }

  /** Fills in a notice; the reason it is rejected, or null. */
  private String notice(
      Map<String, String> row, Signal.Builder signal, Map<String, String> attributes) {
    String note = row.get("note");
    if (Vocabulary.isBlank(note)) {
      return "notice record without a note";
    }
    signal
        .setCategory("zeek.notice")
        .setSignature(note)
        .setSeverity(noticeSeverity(note))
        .setMessage(row.get("msg"));
    if (row.containsKey("src")) {
      signal.setSrcIp(row.get("src"));
    }
    if (row.containsKey("dst")) {
      signal.setDstIp(row.get("dst"));
    }
    copy(row, attributes, "sub", "sub");
    copy(row, attributes, "p", "port");
    copy(row, attributes, "n", "n");
    copy(row, attributes, "actions", "actions");
    copy(row, attributes, "suppress_for", "suppress_for");
    return null;
  }

  /** Fills in a weird; the reason it is rejected, or null. */
  private String weird(
      Map<String, String> row, Signal.Builder signal, Map<String, String> attributes) {
    String name = row.get("name");
    if (Vocabulary.isBlank(name)) {
      return "weird record without a name";
    }
    signal
        .setCategory("zeek.weird")
        .setSignature(name)
        .setSeverity(Severity.LOW)
        .setMessage(row.get("addl"));
    copy(row, attributes, "notice", "notice");
    copy(row, attributes, "peer", "peer");
    copy(row, attributes, "source", "weird_source");
    return null;
  }

  /** Fills in an intel hit; the reason it is rejected, or null. */
  private String intel(
      Map<String, String> row, Signal.Builder signal, Map<String, String> attributes) {
    String indicator = row.get("seen.indicator");
    String type = row.getOrDefault("seen.indicator_type", "Intel::UNKNOWN");
    if (Vocabulary.isBlank(indicator)) {
      return "intel record without seen.indicator";
    }
    signal
        .setCategory("zeek.intel")
        .setSignature("Intel hit " + type)
        .setSeverity(Severity.HIGH)
        .setMessage("Intel hit on " + indicator + " at " + row.getOrDefault("seen.where", "-"));
    copy(row, attributes, "seen.indicator", "indicator");
    copy(row, attributes, "seen.indicator_type", "indicator_type");
    copy(row, attributes, "seen.where", "where");
    copy(row, attributes, "seen.node", "node");
    copy(row, attributes, "matched", "matched");
    copy(row, attributes, "sources", "sources");
    return null;
  }

  /**
   * Known brute-force, attack and intel notes are HIGH; certificate expiry soon LOW; else MEDIUM.
   */
  static Severity noticeSeverity(String note) {
    return switch (note) {
      case "SSH::Password_Guessing",
          "FTP::Bruteforcing",
          "HTTP::SQL_Injection_Attacker",
          "HTTP::SQL_Injection_Victim",
          "Intel::Notice",
          "Scan::Address_Scan",
          "Scan::Port_Scan" ->
          Severity.HIGH;
      case "SSL::Certificate_Expires_Soon", "SSL::Certificate_Not_Valid_Yet" -> Severity.LOW;
      default -> Severity.MEDIUM;
    };
  }

  private void copy(
      Map<String, String> row, Map<String, String> attributes, String from, String to) {
    String v = row.get(from);
    if (v != null && !v.isEmpty()) {
      attributes.put(
          to,
          from.equals("actions") || from.equals("sources") || from.equals("matched")
              ? v.replace(setSeparator, ",")
              : v);
    }
  }

  static String unescape(String value) {
    if (value.indexOf('\\') < 0) {
      return value;
    }
    return HEX_ESCAPE
        .matcher(value)
        .replaceAll(
            m ->
                java.util.regex.Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(m.group(1), 16))));
  }
}
