package dev.vigil.ingest.probe;

import dev.vigil.ingest.posture.CertificateCheck;
import dev.vigil.ingest.posture.PostureEvents;
import dev.vigil.ingest.schedule.DaemonScheduler;
import dev.vigil.ingest.spool.EventSink;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.logging.Causes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs probes on their intervals and hands each result to the spool: the health event to {@code
 * vigil.health.raw.v1} (key = service) and, for HTTPS, a CERTIFICATE posture finding to {@code
 * vigil.posture.raw.v1} whenever the certificate's verdict or fingerprint changes (the posture
 * checks repeat certificate evidence on their own interval).
 *
 * <p>Each probe's first run is at a random point within its first interval and every next run is
 * {@code interval ± 10 %} after the previous one ended, so probes of many collectors do not beat in
 * step against one target. A run never overlaps the previous run of the same probe.
 *
 * <p>If the spool is full the result is not stored: it is counted ({@code
 * vigil.ingest.probe.undelivered}) and logged, and the next run reports afresh (a probe result is a
 * sample, not a record that must be replayed).
 */
public final class ProbeRunner implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(ProbeRunner.class);
  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service");
  private static final AttributeKey<String> SITE = AttributeKey.stringKey("site");
  private static final AttributeKey<String> VANTAGE = AttributeKey.stringKey("vantage");
  private static final AttributeKey<String> PROBE = AttributeKey.stringKey("probe");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

  private final List<ProbeSpec> specs;
  private final Prober prober;
  private final EventSink sink;
  private final Clock clock;
  private final Duration certificateMargin;
  private final ScheduledExecutorService executor;
  private final Map<String, String> lastCertificate = new ConcurrentHashMap<>();
  private final LongCounter results;
  private final LongHistogram latency;
  private final LongCounter undelivered;

  /**
   * @param certificateMargin a certificate expiring within this is a VIOLATION
   */
  public ProbeRunner(
      List<ProbeSpec> specs,
      String source,
      EventSink sink,
      Clock clock,
      Duration certificateMargin,
      OpenTelemetry otel) {
    this.specs = List.copyOf(specs);
    this.prober = new Prober(clock, source);
    this.sink = sink;
    this.clock = clock;
    this.certificateMargin = certificateMargin;
    this.executor = DaemonScheduler.of("vigil-probe", Math.max(1, Math.min(4, specs.size())));
    Meter meter = otel.getMeter("dev.vigil.ingest");
    results =
        meter
            .counterBuilder("vigil.ingest.probe.results")
            .setDescription("Probe runs by service, site, vantage, probe type and status")
            .build();
    latency =
        meter
            .histogramBuilder("vigil.ingest.probe.latency")
            .setUnit("ms")
            .setDescription("Probe latency")
            .ofLongs()
            .build();
    undelivered =
        meter
            .counterBuilder("vigil.ingest.probe.undelivered")
            .setDescription("Probe results not stored because the spool was full or failed")
            .build();
  }

  /** Schedules every probe. */
  public ProbeRunner start() {
    for (ProbeSpec spec : specs) {
      long first = ThreadLocalRandom.current().nextLong(spec.interval().toMillis() + 1);
      executor.schedule(() -> loop(spec), first, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  private void loop(ProbeSpec spec) {
    try {
      runOnce(spec);
    } catch (RuntimeException e) {
      Causes.warn(LOGGER, e).addKeyValue("probe", spec.name()).log("probe run failed");
    }
    if (!executor.isShutdown()) {
      long interval = spec.interval().toMillis();
      long jitter = interval / 10;
      long next =
          interval + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
      try {
        executor.schedule(() -> loop(spec), Math.max(1, next), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // closed meanwhile
      }
    }
  }

  /** One run of one probe, delivered; returns what was measured (for tests and tools). */
  public ProbeResult runOnce(ProbeSpec spec) {
    ProbeResult result = prober.run(spec);
    HealthCheckResult health = result.health();
    results.add(
        1,
        Attributes.builder()
            .put(SERVICE, spec.service())
            .put(SITE, spec.site())
            .put(VANTAGE, spec.vantage())
            .put(PROBE, spec.type().name())
            .put(STATUS, health.getCheck().getStatus().name())
            .build());
    latency.record(
        health.getCheck().getLatencyMs(),
        Attributes.of(SERVICE, spec.service(), SITE, spec.site(), PROBE, spec.type().name()));
    try {
      EventBounds.apply(health); // the error text comes from the probed endpoint
    } catch (EventFormatException e) {
      LOGGER
          .atWarn()
          .addKeyValue("probe", spec.name())
          .addKeyValue("reason", e.getMessage())
          .log("probe result out of bounds, not stored");
      return result;
    }
    List<OutgoingEvent> events = new ArrayList<>(2);
    events.add(OutgoingEvent.of(Topics.raw(EventKind.HEALTH).name(), spec.service(), health));
    certificateFinding(spec, result).ifPresent(events::add);
    try {
      sink.send(events);
    } catch (SpoolFullException | IOException | RuntimeException e) {
      undelivered.add(events.size(), Attributes.of(SERVICE, spec.service(), SITE, spec.site()));
      lastCertificate.remove(spec.name() + "@" + spec.site());
      Causes.warn(LOGGER, e)
          .addKeyValue("probe", spec.name())
          .addKeyValue("service", spec.service())
          .log("probe result not stored");
    }
    return result;
  }

  private Optional<OutgoingEvent> certificateFinding(ProbeSpec spec, ProbeResult result) {
    if (result.certificate().isEmpty()) {
      return Optional.empty();
    }
    CertificateInfo cert = result.certificate().get();
    Finding finding =
        CertificateCheck.evaluate(
            "tls:" + spec.name(), cert, Optional.empty(), certificateMargin, clock.instant());
    String verdict = cert.sha256() + "/" + finding.getStatus();
    String previous = lastCertificate.put(spec.name() + "@" + spec.site(), verdict);
    if (verdict.equals(previous)) {
      return Optional.empty();
    }
    finding.getDetails().put("target", spec.target());
    return Optional.of(
        OutgoingEvent.of(
            Topics.raw(EventKind.POSTURE).name(),
            spec.service(),
            PostureEvents.of(
                spec.site(),
                spec.service(),
                result.health().getSource().toString(),
                result.health().getObservedAt(),
                finding)));
  }

  @Override
  public void close() {
    DaemonScheduler.stop(executor);
  }
}
