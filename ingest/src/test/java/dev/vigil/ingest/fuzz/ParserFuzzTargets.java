package dev.vigil.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.parse.CefParser;
import dev.vigil.ingest.parse.FastLogParser;
import dev.vigil.ingest.parse.ParseResult;
import dev.vigil.ingest.parse.RawRecord;
import dev.vigil.ingest.parse.RecordParser;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.parse.SuricataEveParser;
import dev.vigil.ingest.parse.SyslogAuthParser;
import dev.vigil.ingest.parse.SyslogEnvelope;
import dev.vigil.ingest.parse.WazuhAlertParser;
import dev.vigil.ingest.parse.ZeekLogParser;
import dev.vigil.ingest.tail.Frame;
import dev.vigil.ingest.tail.MultiLineJsonFramer;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.event.Identifiers;
import dev.vigil.schemas.json.EventFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * The fuzz targets of the collector parsers (issue 18), shared by the Jazzer {@code @FuzzTest}s and
 * the seed tests over {@code shared/data}. The claim each checks: no exception escapes a parser (it
 * returns Parsed, Skipped or Rejected for any input), every event it builds is either within {@link
 * EventBounds} after bounding or refused with an {@link EventFormatException}, and nothing in a
 * rejection reason repeats the input.
 */
final class ParserFuzzTargets {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);
  static final SourceContext CTX = SourceContext.of("primary", "shop", "sensor-1");

  private ParserFuzzTargets() {}

  static void suricataEve(byte[] data) {
    lines(data, ctx -> new SuricataEveParser(ctx));
  }

  static void zeek(byte[] data) {
    lines(data, ctx -> new ZeekLogParser(ctx, CLOCK, "notice"));
  }

  static void fastLog(byte[] data) {
    lines(data, ctx -> new FastLogParser(ctx, CLOCK, SignalOrigin.SURICATA));
  }

  static void syslog(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    SyslogEnvelope.parse(text, CLOCK.instant(), ZoneOffset.UTC);
    lines(data, ctx -> new SyslogAuthParser(ctx, CLOCK));
  }

  static void cef(byte[] data) {
    lines(data, ctx -> new CefParser(ctx, CLOCK));
  }

  static void wazuh(byte[] data) {
    lines(data, ctx -> new WazuhAlertParser(ctx));
  }

  /** The multi-line EVE framer: frames never exceed the limit and cover input in order. */
  static void multiLineFramer(byte[] data) {
    int limit = 4096;
    MultiLineJsonFramer framer = new MultiLineJsonFramer(limit);
    List<Frame> frames = new ArrayList<>();
    long offset = 0;
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
      long end = offset + line.getBytes(StandardCharsets.UTF_8).length + 1;
      frames.addAll(framer.accept(line, offset, end));
      offset = end;
    }
    frames.addAll(framer.flush(offset));
    check(frames, limit);
    SuricataEveParser parser = new SuricataEveParser(CTX);
    for (Frame f : frames) {
      if (!f.oversized()) {
        parse(parser, f.text());
      }
    }
  }

  private static void check(List<Frame> frames, int limit) {
    for (Frame f : frames) {
      if (!f.oversized()) {
        assertThat(f.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
      }
    }
  }

  private static void lines(byte[] data, Function<SourceContext, RecordParser> factory) {
    RecordParser parser = factory.apply(CTX);
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
      parse(parser, line);
    }
  }

  private static void parse(RecordParser parser, String text) {
    ParseResult result = parser.parse(RawRecord.of(text, "fuzz"));
    if (result instanceof ParseResult.Parsed parsed) {
      for (SpecificRecord event : parsed.events()) {
        bounded(event);
      }
    } else if (result instanceof ParseResult.Rejected rejected && text.length() >= 24) {
      assertThat(rejected.reason()).doesNotContain(text);
    }
  }

  private static void bounded(SpecificRecord event) {
    try {
      EventBounds.apply(event);
    } catch (EventFormatException refused) {
      return; // refused with a reason: the door counts it, nothing is stored
    }
    for (String field : List.of("site", "source")) {
      Object value = event.get(event.getSchema().getField(field).pos());
      assertThat(Identifiers.isValid(String.valueOf(value))).as(field).isTrue();
    }
  }
}
