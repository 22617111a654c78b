package dev.vigil.ingest.posture;

import dev.vigil.ingest.event.EventKeys;
import dev.vigil.ingest.probe.CertificateInfo;
import dev.vigil.ingest.schedule.DaemonScheduler;
import dev.vigil.ingest.spool.EventSink;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.logging.Causes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the posture checks of one collector on an interval (the first run at start) and sends every
 * finding to {@code vigil.posture.raw.v1} with the spec's scope, keyed by {@link EventKeys} (the
 * site for site-wide findings, the service for SERVICE scope). A check that cannot run (unreadable
 * PEM, unreachable endpoint, failing report command) is itself a VIOLATION naming the reason:
 * absent evidence must not look like good evidence.
 */
public final class PostureRunner implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(PostureRunner.class);
  private static final AttributeKey<String> CHECK = AttributeKey.stringKey("check");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");

  private final PostureSpec spec;
  private final Optional<Baseline> baseline;
  private final EventSink sink;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final LongCounter findings;
  private final LongCounter undelivered;

  /**
   * @throws IllegalArgumentException when the baseline file is invalid (a start-up error)
   */
  public PostureRunner(PostureSpec spec, EventSink sink, Clock clock, OpenTelemetry otel) {
    this.spec = spec;
    this.baseline = spec.baselineFile().map(Baseline::load);
    this.sink = sink;
    this.clock = clock;
    this.executor = DaemonScheduler.of("vigil-posture", 1);
    var meter = otel.getMeter("dev.vigil.ingest");
    findings =
        meter
            .counterBuilder("vigil.ingest.posture.findings")
            .setDescription("Posture findings by check and status")
            .build();
    undelivered =
        meter
            .counterBuilder("vigil.ingest.posture.undelivered")
            .setDescription("Posture findings not stored because the spool was full or failed")
            .build();
  }

  public PostureRunner start() {
    executor.scheduleWithFixedDelay(
        this::runSafely, 0, spec.interval().toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      Causes.warn(LOGGER, e).log("posture run failed");
    }
  }

  /** Runs every check once and sends the findings; returns them. */
  public List<Finding> runOnce() {
    Instant now = clock.instant();
    List<Finding> all = new ArrayList<>();
    baseline.ifPresent(b -> all.addAll(DriftCheck.evaluate(b)));
    for (PostureSpec.CertificateTarget target : spec.certificates()) {
      all.add(certificate(target, now));
    }
    spec.keyReport().ifPresent(r -> all.addAll(keyVersions(r)));
    List<OutgoingEvent> events = new ArrayList<>(all.size());
    String topic = Topics.raw(EventKind.POSTURE).name();
    for (Finding f : all) {
      findings.add(1, Attributes.of(CHECK, f.getCheck().name(), STATUS, f.getStatus().name()));
      PostureFinding event =
          PostureEvents.of(
              spec.site(), spec.service(), spec.source(), spec.scope(), spec.segment(), now, f);
      try {
        EventBounds.apply(event); // details and observed values come from files and commands
      } catch (EventFormatException e) {
        LOGGER
            .atWarn()
            .addKeyValue("check", f.getCheck().name())
            .addKeyValue("reason", e.getMessage())
            .log("posture finding out of bounds, not stored");
        continue;
      }
      events.add(OutgoingEvent.of(topic, EventKeys.of(event), event));
    }
    if (!events.isEmpty()) {
      try {
        sink.send(events);
      } catch (SpoolFullException | IOException | RuntimeException e) {
        undelivered.add(events.size());
        Causes.warn(LOGGER, e)
            .addKeyValue("findings", events.size())
            .log("posture findings not stored");
      }
    }
    return all;
  }

  private Finding certificate(PostureSpec.CertificateTarget target, Instant now) {
    try {
      CertificateInfo cert =
          target.pemFile().isPresent()
              ? CertificateSources.fromPem(target.pemFile().get())
              : CertificateSources.fromEndpoint(target.endpoint().get(), Duration.ofSeconds(10));
      Finding f =
          CertificateCheck.evaluate(
              target.controlId(), cert, target.expectedFingerprint(), target.margin(), now);
      f.getDetails()
          .put(
              "source",
              target.pemFile().map(Object::toString).orElseGet(() -> target.endpoint().get()));
      return f;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put(
          "source",
          target.pemFile().map(Object::toString).orElseGet(() -> target.endpoint().get()));
      details.put("reason", "cannot read certificate (" + e.getClass().getSimpleName() + ")");
      return Finding.newBuilder()
          .setCheck(PostureCheck.CERTIFICATE)
          .setStatus(FindingStatus.VIOLATION)
          .setSeverity(Severity.HIGH)
          .setControlId(target.controlId())
          .setExpected(
              target.expectedFingerprint().map(CertificateInfo::normaliseFingerprint).orElse(null))
          .setDetails(details)
          .build();
    }
  }

  private List<Finding> keyVersions(PostureSpec.KeyReportSource source) {
    try {
      String text;
      if (source.file().isPresent()) {
        text = Files.readString(source.file().get(), StandardCharsets.UTF_8);
      } else {
        text = runCommand(source);
      }
      return KeyVersionReport.parse(text, "key-version");
    } catch (IOException | RuntimeException e) {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("reason", "cannot read key report (" + e.getClass().getSimpleName() + ")");
      return List.of(
          Finding.newBuilder()
              .setCheck(PostureCheck.KEY_VERSION)
              .setStatus(FindingStatus.VIOLATION)
              .setSeverity(Severity.MEDIUM)
              .setControlId("key-version")
              .setDetails(details)
              .build());
    }
  }

  /**
   * Runs the command without a shell; stdout goes to a temp file so a silent hang still times out.
   */
  private static String runCommand(PostureSpec.KeyReportSource source) throws IOException {
    java.nio.file.Path out = Files.createTempFile("vigil-key-report", ".txt");
    try {
      Process p =
          new ProcessBuilder(source.command())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      try {
        if (!p.waitFor(source.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new IOException("key report command timed out");
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (p.exitValue() != 0) {
        throw new IOException("key report command exited with " + p.exitValue());
      }
      if (Files.size(out) > (1 << 20)) {
        throw new IOException("key report larger than 1 MiB");
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Override
  public void close() {
    DaemonScheduler.stop(executor);
  }
}
