package dev.vigil.ingest.collect;

import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.event.EventAdmission;
import dev.vigil.ingest.parse.HeartbeatTracker;
import dev.vigil.ingest.parse.ParseResult;
import dev.vigil.ingest.parse.RecordParser;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.parse.ZeekLogParser;
import dev.vigil.ingest.spool.EventSink;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.ingest.tail.FileCheckpoint;
import dev.vigil.ingest.tail.FileTailer;
import dev.vigil.ingest.tail.Record;
import dev.vigil.ingest.tail.TailerConfig;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.logging.Causes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tailed sensor file → parser → spool. The tailer's checkpoint moves only after the spool
 * accepted a batch; when the spool is full the sink throws, the tailer rewinds and retries on its
 * next poll (the tailer is paused, counted in {@code vigil.ingest.tail.paused}), nothing is
 * dropped. For IDS formats every record also feeds a {@link HeartbeatTracker} (swept on its
 * interval), so a silent sensor becomes an IDS_HEARTBEAT VIOLATION. An event the {@link
 * ClockDiscipline} refuses (dated too far in the future, or before 2000) is not stored: counted as
 * a rejected record with the rule as {@code reason}, logged without content at most once a minute.
 */
public final class TailSource implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(TailSource.class);
  private static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  /**
   * @param path the file to follow
   * @param format how to read it
   * @param context site, service and source (sensor id) of its events
   * @param checkpointDir where the read position is kept
   * @param pollInterval how often the file is looked at
   * @param heartbeatInterval at most one heartbeat per sensor per this
   * @param heartbeatMaxSilence a sensor silent longer than this is a VIOLATION
   * @param clockDiscipline which {@code observed_at} values are refused
   */
  public record Spec(
      Path path,
      SensorFormat format,
      SourceContext context,
      Path checkpointDir,
      Duration pollInterval,
      Duration heartbeatInterval,
      Duration heartbeatMaxSilence,
      ClockDiscipline clockDiscipline) {
    public Spec {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(checkpointDir, "checkpointDir");
      Objects.requireNonNull(clockDiscipline, "clockDiscipline");
    }

    public static Spec of(Path path, SensorFormat format, SourceContext ctx, Path checkpointDir) {
      return new Spec(
          path,
          format,
          ctx,
          checkpointDir,
          Duration.ofMillis(250),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          ClockDiscipline.defaults());
    }

    public Spec withClockDiscipline(ClockDiscipline value) {
      return new Spec(
          path,
          format,
          context,
          checkpointDir,
          pollInterval,
          heartbeatInterval,
          heartbeatMaxSilence,
          value);
    }
  }

  private final Spec spec;
  private final RecordParser parser;
  private final EventSink sink;
  private final Clock clock;
  private final Optional<HeartbeatTracker> heartbeat;
  private final FileTailer tailer;
  private final ScheduledExecutorService sweeper;
  private final LongCounter events;
  private final LongCounter paused;
  private final ObservableLongGauge lag;
  private final LogThrottle refusedLog;
  private volatile long confirmedEnd;
  // heartbeats the tracker already issued but the spool refused: the tracker will not issue them
  // again this interval, so they ride along with the redelivered batch
  private List<OutgoingEvent> pendingHeartbeats = List.of();

  private TailSource(Spec spec, EventSink sink, Clock clock, OpenTelemetry otel)
      throws IOException {
    this.spec = spec;
    this.sink = sink;
    this.clock = clock;
    this.refusedLog = new LogThrottle(clock, Duration.ofMinutes(1));
    RecordParser raw = spec.format().parser(spec.context(), clock, spec.path());
    if (raw instanceof ZeekLogParser && Files.isRegularFile(spec.path())) {
      ((ZeekLogParser) raw).primeFromFileStart(spec.path()); // a resumed tailer skips the header
    }
    this.parser = RecordParser.safely(raw);
    this.heartbeat =
        spec.format().isSensor()
            ? Optional.of(
                new HeartbeatTracker(clock, spec.heartbeatInterval(), spec.heartbeatMaxSilence()))
            : Optional.empty();
    heartbeat.ifPresent(h -> h.expect(spec.context()));
    Files.createDirectories(spec.checkpointDir());
    this.tailer =
        new FileTailer(
            TailerConfig.of(spec.path()).withPollInterval(spec.pollInterval()),
            spec.format().framer(1 << 20),
            FileCheckpoint.forTailedFile(spec.checkpointDir(), spec.path()),
            this::deliver);
    var meter = otel.getMeter("dev.vigil.ingest");
    Attributes source = Attributes.of(SOURCE, spec.context().source());
    events =
        meter
            .counterBuilder("vigil.ingest.tail.records")
            .setDescription("Tailed records by source and outcome (accepted, skipped, rejected)")
            .build();
    paused =
        meter
            .counterBuilder("vigil.ingest.tail.paused")
            .setDescription("Batches a tailer had to retry because the spool was full or failed")
            .build();
    lag =
        meter
            .gaugeBuilder("vigil.ingest.tail.lag.bytes")
            .ofLongs()
            .setUnit("By")
            .setDescription("Bytes between the last record stored and the end of the file")
            .buildWithCallback(m -> m.record(lagBytes(), source));
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-heartbeat-sweep");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts tailing (and sweeping the heartbeat of an IDS sensor). */
  public static TailSource start(Spec spec, EventSink sink, Clock clock, OpenTelemetry otel)
      throws IOException {
    TailSource source = new TailSource(spec, sink, clock, otel);
    source.tailer.start();
    if (source.heartbeat.isPresent()) {
      long ms = Math.max(1000, spec.heartbeatInterval().toMillis());
      source.sweeper.scheduleWithFixedDelay(source::sweep, ms, ms, TimeUnit.MILLISECONDS);
    }
    return source;
  }

  /** Bytes not yet stored, approximated against the current file (0 after a rotation caught up). */
  public long lagBytes() {
    try {
      long size = Files.size(spec.path());
      return size >= confirmedEnd ? size - confirmedEnd : size;
    } catch (IOException e) {
      return 0;
    }
  }

  private void deliver(List<Record> batch) throws Exception {
    Instant now = clock.instant();
    List<OutgoingEvent> out = new ArrayList<>(pendingHeartbeats);
    List<OutgoingEvent> beats = new ArrayList<>(pendingHeartbeats);
    long accepted = 0;
    long skipped = 0;
    long rejected = 0;
    long oversized = 0;
    Map<String, Long> refused = new LinkedHashMap<>();
    long end = confirmedEnd;
    for (Record r : batch) {
      end = r.endOffset();
      if (r.oversized()) {
        oversized++;
        continue;
      }
      ParseResult result = parser.parse(r.toRaw());
      if (result instanceof ParseResult.Parsed) {
        Optional<ClockDiscipline.Violation> refusal =
            admit((ParseResult.Parsed) result, now, out, beats);
        if (refusal.isPresent()) {
          refused.merge(refusal.get().code(), 1L, Long::sum);
          logRefused(r, refusal.get());
        } else {
          accepted++;
        }
      } else if (result instanceof ParseResult.Skipped) {
        skipped++;
      } else {
        rejected++;
      }
      if (heartbeat.isPresent() && !(result instanceof ParseResult.Rejected)) {
        heartbeat.get().observe(spec.context(), now).ifPresent(f -> beats.add(route(f, now)));
      }
    }
    for (int i = pendingHeartbeats.size(); i < beats.size(); i++) {
      out.add(beats.get(i));
    }
    if (!out.isEmpty()) {
      try {
        sink.send(out);
      } catch (SpoolFullException | IOException | RuntimeException e) {
        paused.add(1, Attributes.of(SOURCE, spec.context().source()));
        pendingHeartbeats = List.copyOf(beats);
        throw e;
      }
    }
    pendingHeartbeats = List.of();
    confirmedEnd = end;
    String source = spec.context().source();
    count(source, "accepted", null, accepted);
    count(source, "skipped", null, skipped);
    count(source, "rejected", "parse_error", rejected);
    count(source, "rejected", "oversized", oversized);
    refused.forEach((reason, n) -> count(source, "rejected", reason, n));
  }

  /**
   * Routes a record's events that pass the clock discipline to {@code out}, IDS heartbeats through
   * the heartbeat gate to {@code beats}; the last violation, if any event was refused.
   */
  private Optional<ClockDiscipline.Violation> admit(
      ParseResult.Parsed parsed, Instant now, List<OutgoingEvent> out, List<OutgoingEvent> beats) {
    Optional<ClockDiscipline.Violation> refusal = Optional.empty();
    for (SpecificRecord e : parsed.events()) {
      Optional<ClockDiscipline.Violation> violation =
          EventAdmission.check(spec.clockDiscipline(), e, now);
      if (violation.isPresent()) {
        refusal = violation;
        continue;
      }
      if (e instanceof PostureFinding
          && ((PostureFinding) e).getFinding().getCheck() == PostureCheck.IDS_HEARTBEAT
          && heartbeat.isPresent()) {
        heartbeat.get().admit((PostureFinding) e).ifPresent(f -> beats.add(route(f, now)));
      } else {
        out.add(route(e, now));
      }
    }
    return refusal;
  }

  /** Source, file offset and the rule only: the record may hold PII. */
  private void logRefused(Record r, ClockDiscipline.Violation violation) {
    OptionalLong suppressed = refusedLog.admit();
    if (suppressed.isPresent()) {
      LOGGER
          .atWarn()
          .addKeyValue("source", spec.context().source())
          .addKeyValue("offset", r.offset())
          .addKeyValue("reason", violation.reason())
          .addKeyValue("suppressedSinceLastLog", suppressed.getAsLong())
          .log("tailed record refused, not stored (sensor clock or zone wrong?)");
    }
  }

  private void count(String source, String outcome, String reason, long n) {
    if (n == 0) {
      return;
    }
    events.add(
        n,
        reason == null
            ? Attributes.of(SOURCE, source, OUTCOME, outcome)
            : Attributes.of(SOURCE, source, OUTCOME, outcome, REASON, reason));
  }

  private void sweep() {
    try {
      List<PostureFinding> silent = heartbeat.orElseThrow().sweep();
      if (!silent.isEmpty()) {
        Instant now = clock.instant();
        List<OutgoingEvent> out = new ArrayList<>();
        silent.forEach(f -> out.add(route(f, now)));
        sink.send(out);
      }
    } catch (Exception e) {
      Causes.warn(LOGGER, e)
          .addKeyValue("source", spec.context().source())
          .log("heartbeat sweep not stored; retried on the next sweep");
    }
  }

  private static OutgoingEvent route(SpecificRecord e, Instant now) {
    return EventRouting.route(e, now);
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    tailer.close();
    lag.close();
  }
}
