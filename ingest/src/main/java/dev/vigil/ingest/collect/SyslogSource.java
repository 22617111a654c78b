package dev.vigil.ingest.collect;

import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.event.EventAdmission;
import dev.vigil.ingest.parse.ParseResult;
import dev.vigil.ingest.parse.RawRecord;
import dev.vigil.ingest.parse.RecordParser;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.parse.SyslogAuthParser;
import dev.vigil.ingest.spool.EventSink;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.ingest.tail.SyslogServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syslog listener → auth-failure parser → spool. When the spool is full the receiving thread
 * waits and retries (a TCP sender is back-pressured; UDP beyond the socket buffer is dropped by the
 * kernel, counted by the OS, as syslog over UDP always is), so nothing it accepted is dropped here.
 * A message whose event the {@link ClockDiscipline} refuses (dated too far in the future, or before
 * 2000) is not stored: counted as rejected with the rule as {@code reason}, logged without content
 * at most once a minute.
 */
public final class SyslogSource implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(SyslogSource.class);
  private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  private final SourceContext ctx;
  private final RecordParser parser;
  private final EventSink sink;
  private final Clock clock;
  private final ClockDiscipline discipline;
  private final LogThrottle refusedLog;
  private final LongCounter records;
  private final LongCounter paused;
  private volatile boolean closed;
  private SyslogServer server;

  private SyslogSource(
      SourceContext ctx,
      EventSink sink,
      Clock clock,
      ClockDiscipline discipline,
      OpenTelemetry otel) {
    this.ctx = ctx;
    this.parser = RecordParser.safely(new SyslogAuthParser(ctx, clock));
    this.sink = sink;
    this.clock = clock;
    this.discipline = discipline;
    this.refusedLog = new LogThrottle(clock, Duration.ofMinutes(1));
    var meter = otel.getMeter("dev.vigil.ingest");
    records =
        meter
            .counterBuilder("vigil.ingest.syslog.records")
            .setDescription("Syslog messages by source and outcome")
            .build();
    paused =
        meter
            .counterBuilder("vigil.ingest.syslog.paused")
            .setDescription("Retries of a syslog batch because the spool was full or failed")
            .build();
  }

  /**
   * {@link #start(SyslogServer.Config, SourceContext, EventSink, Clock, ClockDiscipline,
   * OpenTelemetry)} with the default discipline.
   */
  public static SyslogSource start(
      SyslogServer.Config config,
      SourceContext ctx,
      EventSink sink,
      Clock clock,
      OpenTelemetry otel)
      throws IOException {
    return start(config, ctx, sink, clock, ClockDiscipline.defaults(), otel);
  }

  public static SyslogSource start(
      SyslogServer.Config config,
      SourceContext ctx,
      EventSink sink,
      Clock clock,
      ClockDiscipline discipline,
      OpenTelemetry otel)
      throws IOException {
    SyslogSource source = new SyslogSource(ctx, sink, clock, discipline, otel);
    source.server = SyslogServer.start(config, source::handle);
    return source;
  }

  public int udpPort() {
    return server.udpPort();
  }

  public int tcpPort() {
    return server.tcpPort();
  }

  public int tlsPort() {
    return server.tlsPort();
  }

  private void handle(RawRecord record) {
    ParseResult result = parser.parse(record);
    if (result instanceof ParseResult.Skipped) {
      records.add(1, Attributes.of(SOURCE, ctx.source(), OUTCOME, "skipped"));
      return;
    }
    if (!(result instanceof ParseResult.Parsed)) {
      records.add(1, rejected("parse_error"));
      return;
    }
    Instant now = clock.instant();
    List<OutgoingEvent> out = new ArrayList<>();
    Optional<ClockDiscipline.Violation> refusal = Optional.empty();
    for (SpecificRecord e : ((ParseResult.Parsed) result).events()) {
      Optional<ClockDiscipline.Violation> violation = EventAdmission.check(discipline, e, now);
      if (violation.isPresent()) {
        refusal = violation;
      } else {
        out.add(EventRouting.route(e, now));
      }
    }
    if (!out.isEmpty()) {
      store(out);
    }
    if (refusal.isPresent()) {
      records.add(1, rejected(refusal.get().code()));
      logRefused(refusal.get());
    } else {
      records.add(1, Attributes.of(SOURCE, ctx.source(), OUTCOME, "accepted"));
    }
  }

  private Attributes rejected(String reason) {
    return Attributes.of(SOURCE, ctx.source(), OUTCOME, "rejected", REASON, reason);
  }

  /** Source and rule only: neither the message nor the sender's address. */
  private void logRefused(ClockDiscipline.Violation violation) {
    OptionalLong suppressed = refusedLog.admit();
    if (suppressed.isPresent()) {
      LOGGER
          .atWarn()
          .addKeyValue("source", ctx.source())
          .addKeyValue("reason", violation.reason())
          .addKeyValue("suppressedSinceLastLog", suppressed.getAsLong())
          .log("syslog message refused, not stored (sender clock or zone wrong?)");
    }
  }

  private void store(List<OutgoingEvent> out) {
    long backoff = 50;
    while (!closed) {
      try {
        sink.send(out);
        return;
      } catch (SpoolFullException | IOException e) {
        paused.add(1, Attributes.of(SOURCE, ctx.source()));
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the spool was full", ie);
        }
        backoff = Math.min(2000, backoff * 2);
      }
    }
    throw new IllegalStateException("closed while the spool was full");
  }

  @Override
  public void close() {
    closed = true;
    if (server != null) {
      server.close();
    }
  }
}
