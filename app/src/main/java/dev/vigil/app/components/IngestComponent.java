package dev.vigil.app.components;

import dev.vigil.app.config.IngestSection;
import dev.vigil.app.runtime.CloseStack;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.ingest.collect.SyslogSource;
import dev.vigil.ingest.collect.TailSource;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.http.IngestHttpConfig;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.ingest.http.TlsConfig;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.posture.PostureRunner;
import dev.vigil.ingest.posture.PostureSpec;
import dev.vigil.ingest.probe.ProbeRunner;
import dev.vigil.ingest.probe.ProbeSpec;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.ingest.tail.SyslogServer;
import dev.vigil.schemas.catalog.AccessPolicy;
import dev.vigil.schemas.serde.AvroSerializer;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.streams.runtime.StreamsStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collectors as a {@code vigil run}/{@code vigil ingest} component: one write-ahead spool
 * ({@link DurableProducer}) that the HTTP API, tailers, syslog listener, probes and posture checks
 * all write through; closed in reverse start order (sources first, the spool last, so nothing is
 * accepted that cannot be stored).
 */
public final class IngestComponent implements Component {
  private static final Logger LOGGER = LoggerFactory.getLogger(IngestComponent.class);

  /** Collector id of the per-run token used when {@code ingest.http.tokens} is empty. */
  public static final String LOCAL_COLLECTOR = "local";

  private final CloseStack started = new CloseStack();
  private final Map<String, String> endpoints = new LinkedHashMap<>();

  private IngestComponent() {}

  public static ComponentFactory factory() {
    return IngestComponent::start;
  }

  static IngestComponent start(RuntimeContext context) {
    IngestComponent component = new IngestComponent();
    try {
      component.open(context);
      return component;
    } catch (IOException | RuntimeException e) {
      component.close();
      if (e instanceof IOException) {
        throw new UncheckedIOException("cannot start the collectors", (IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  private void open(RuntimeContext context) throws IOException {
    IngestSection config = context.config().ingest();
    Path dataDir = context.dataDir();
    Clock clock = Clock.systemUTC();
    var otel = context.openTelemetry();
    ClockDiscipline discipline = config.clockDiscipline();

    Path spoolDir = config.spoolDir().orElse(dataDir.resolve("spool"));
    long max = config.spoolMaxBytes();
    SpoolConfig spool =
        SpoolConfig.defaults(spoolDir)
            .withSegmentBytes(Math.min(SpoolConfig.DEFAULT_SEGMENT_BYTES, max / 4))
            .withMaxBytes(max);
    DurableProducer producer =
        remember(
            DurableProducer.open(
                new DurableProducerConfig(
                    spool,
                    context.kafkaPropertiesOf(AccessPolicy.collectorUser(config.site())),
                    "vigil-ingest-" + config.site() + "-" + config.collectorId(),
                    2000,
                    Duration.ofSeconds(5)),
                new AvroSerializer<SpecificRecord>(context.registry(), false),
                otel));
    remember(discipline.registerGauge(otel));

    IngestSection.Http http = config.http();
    if (http.enabled()) {
      IngestHttpConfig httpConfig =
          new IngestHttpConfig(
              http.host(),
              http.port(),
              http.maxBodyBytes(),
              (int) Math.min(IngestHttpConfig.DEFAULT_MAX_LINE_BYTES, http.maxBodyBytes()),
              http.tokens().isEmpty() ? runToken(dataDir) : http.tokens(),
              tls(http),
              IngestHttpConfig.DEFAULT_MAX_IN_FLIGHT,
              1,
              http.ackTimeout(),
              discipline,
              clock);
      IngestServer server =
          remember(IngestServer.start(httpConfig, producer, otel, readiness(context.streams())));
      endpoints.put("ingest", server.uri().toString());
    }

    Path checkpoints = dataDir.resolve("ingest").resolve("checkpoints");
    for (IngestSection.Tailer t : config.tailers()) {
      SourceContext ctx =
          new SourceContext(
              t.site().orElse(config.site()),
              t.service().orElse(""),
              t.source(),
              ZoneOffset.UTC,
              t.scope(),
              t.segment());
      remember(
          TailSource.start(
              TailSource.Spec.of(t.path(), t.sensorFormat(), ctx, checkpoints)
                  .withClockDiscipline(discipline),
              producer,
              clock,
              otel));
    }

    if (config.syslog().isPresent()) {
      IngestSection.Syslog s = config.syslog().get();
      SyslogSource syslog =
          remember(
              SyslogSource.start(
                  new SyslogServer.Config(
                      s.host(), s.udpPort(), s.tcpPort(), 64 * 1024, 64, Duration.ofMinutes(5)),
                  new SourceContext(
                      config.site(),
                      s.service().orElse(""),
                      s.source(),
                      ZoneOffset.UTC,
                      s.scope(),
                      s.segment()),
                  producer,
                  clock,
                  discipline,
                  otel));
      if (syslog.udpPort() > 0) {
        endpoints.put("syslog-udp", "udp://" + s.host() + ":" + syslog.udpPort());
      }
      if (syslog.tcpPort() > 0) {
        endpoints.put("syslog-tcp", "tcp://" + s.host() + ":" + syslog.tcpPort());
      }
    }

    if (!config.probes().isEmpty()) {
      List<ProbeSpec> specs =
          config.probes().stream().map(p -> p.toSpec(config.site(), config.collectorId())).toList();
      remember(
              new ProbeRunner(
                  specs, config.collectorId(), producer, clock, Duration.ofDays(30), otel))
          .start();
    }

    IngestSection.Posture p = config.posture();
    PostureSpec posture =
        new PostureSpec(
            config.site(),
            p.service().orElse(""),
            config.collectorId(),
            p.baselineFile(),
            p.certificates(),
            p.keyReport(),
            p.interval(),
            p.scope(),
            p.segment());
    if (posture.any()) {
      remember(new PostureRunner(posture, producer, clock, otel)).start();
    }
    LOGGER
        .atInfo()
        .addKeyValue("site", config.site())
        .addKeyValue("collector", config.collectorId())
        .addKeyValue("tailers", config.tailers().size())
        .addKeyValue("probes", config.probes().size())
        .addKeyValue("posture", posture.any())
        .addKeyValue("maxClockSkew", ClockDiscipline.format(discipline.maxFutureSkew()))
        .log("collectors started");
  }

  /**
   * {@code /readyz} also follows the Streams apps started before the collectors ({@code vigil
   * run}): not ready while one is not RUNNING/REBALANCING; the body lists each app's state under
   * {@code streams}. {@code vigil ingest} has none and adds no check.
   */
  static Map<String, IngestServer.ReadinessCheck> readiness(StreamsHealth streams) {
    if (streams.statuses().isEmpty()) {
      return Map.of();
    }
    return Map.of(
        "streams",
        () -> {
          Map<String, String> states = new LinkedHashMap<>();
          boolean ready = true;
          for (StreamsStatus s : streams.statuses()) {
            states.put(s.applicationId(), s.state().name());
            ready &= s.ready();
          }
          return new IngestServer.ReadinessCheck.Result(ready, states);
        });
  }

  /**
   * No tokens configured: a random 32-byte token for this run, written to {@code
   * <data-dir>/ingest/token} readable by the owner only (never logged, never printed: a service's
   * stdout usually ends up in a journal). Loopback is not a trust boundary on a shared host, so the
   * API is never open without a token.
   */
  private static Map<String, String> runToken(Path dataDir) throws IOException {
    byte[] raw = new byte[32];
    new java.security.SecureRandom().nextBytes(raw);
    String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Path dir = Files.createDirectories(dataDir.resolve("ingest"));
    Path file = dir.resolve("token");
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, token);
    return Map.of(LOCAL_COLLECTOR, dev.vigil.ingest.http.TokenHashes.sha256Hex(token));
  }

  private static Optional<TlsConfig> tls(IngestSection.Http http) throws IOException {
    if (http.keyStore().isEmpty()) {
      return Optional.empty();
    }
    String password = Files.readString(http.keyStorePasswordFile().get()).strip();
    return Optional.of(TlsConfig.pkcs12(http.keyStore().get(), password));
  }

  private <T extends AutoCloseable> T remember(T closeable) {
    started.push(closeable);
    return closeable;
  }

  @Override
  public String name() {
    return "collectors";
  }

  @Override
  public Map<String, String> endpoints() {
    return Map.copyOf(endpoints);
  }

  @Override
  public void close() {
    started.closeAll();
  }
}
