package dev.vigil.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.json.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Test helpers: feed lines to a parser, unwrap results, prove the events are valid §4 events. */
final class Parsing {

  static final SourceContext CTX = SourceContext.of("primary", "payments", "sensor-1");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T08:15:04Z"), ZoneOffset.UTC);
  private static final EventJson EVENT_JSON = new EventJson();

  private Parsing() {}

  /** Parses each line as a record at its byte position in the joined text. */
  static List<ParseResult> parseLines(RecordParser parser, List<String> lines, String stream) {
    List<ParseResult> out = new ArrayList<>();
    long pos = 0;
    for (String line : lines) {
      out.add(RecordParser.safely(parser).parse(new RawRecord(line, stream, pos)));
      pos += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
    }
    return out;
  }

  static SecuritySignal signal(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    SpecificRecord event = ((ParseResult.Parsed) result).event();
    assertValidEvent(event);
    assertThat(event).isInstanceOf(SecuritySignal.class);
    return (SecuritySignal) event;
  }

  static PostureFinding finding(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    SpecificRecord event = ((ParseResult.Parsed) result).event();
    assertValidEvent(event);
    assertThat(event).isInstanceOf(PostureFinding.class);
    return (PostureFinding) event;
  }

  static List<SecuritySignal> signals(List<ParseResult> results) {
    return results.stream()
        .filter(ParseResult.Parsed.class::isInstance)
        .map(Parsing::signal)
        .toList();
  }

  /** The event survives the JSON form used by the HTTP API unchanged (all required fields set). */
  static void assertValidEvent(SpecificRecord event) {
    String json = EVENT_JSON.toJson(event);
    try {
      assertThat(EVENT_JSON.parse(json)).isEqualTo(event);
    } catch (Exception e) {
      throw new AssertionError("event does not round-trip through EventJson: " + e.getMessage(), e);
    }
  }

  static String reason(ParseResult result) {
    if (result instanceof ParseResult.Rejected r) {
      return r.reason();
    }
    if (result instanceof ParseResult.Skipped s) {
      return s.reason();
    }
    throw new AssertionError("expected Rejected or Skipped but got " + result);
  }
}
