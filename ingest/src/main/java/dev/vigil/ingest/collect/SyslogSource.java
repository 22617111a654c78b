package dev.vigil.ingest.collect;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The syslog listener → auth-failure parser → spool. When the spool is full the receiving thread
 * waits and retries (a TCP sender is back-pressured; UDP beyond the socket buffer is dropped by the
 * kernel, counted by the OS, as syslog over UDP always is), so nothing it accepted is dropped here.
 */
public final class SyslogSource implements AutoCloseable {
  private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

  private final SourceContext ctx;
  private final RecordParser parser;
  private final EventSink sink;
  private final Clock clock;
  private final LongCounter records;
  private final LongCounter paused;
  private volatile boolean closed;
  private SyslogServer server;

  private SyslogSource(SourceContext ctx, EventSink sink, Clock clock, OpenTelemetry otel) {
    this.ctx = ctx;
    this.parser = RecordParser.safely(new SyslogAuthParser(ctx, clock));
    this.sink = sink;
    this.clock = clock;
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

  public static SyslogSource start(
      SyslogServer.Config config,
      SourceContext ctx,
      EventSink sink,
      Clock clock,
      OpenTelemetry otel)
      throws IOException {
    SyslogSource source = new SyslogSource(ctx, sink, clock, otel);
    source.server = SyslogServer.start(config, source::handle);
    return source;
  }

  public int udpPort() {
    return server.udpPort();
  }

  public int tcpPort() {
    return server.tcpPort();
  }

  private void handle(RawRecord record) {
    ParseResult result = parser.parse(record);
    String outcome =
        result instanceof ParseResult.Parsed
            ? "accepted"
            : result instanceof ParseResult.Skipped ? "skipped" : "rejected";
    if (result instanceof ParseResult.Parsed) {
      Instant now = clock.instant();
      List<OutgoingEvent> out = new ArrayList<>();
      for (SpecificRecord e : ((ParseResult.Parsed) result).events()) {
        out.add(EventRouting.route(e, now));
      }
      store(out);
    }
    records.add(1, Attributes.of(SOURCE, ctx.source(), OUTCOME, outcome));
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
