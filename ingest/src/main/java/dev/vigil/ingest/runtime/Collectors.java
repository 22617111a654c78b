package dev.vigil.ingest.runtime;

import dev.vigil.ingest.collect.SyslogSource;
import dev.vigil.ingest.collect.TailSource;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.http.CollectorGrant;
import dev.vigil.ingest.http.IngestHttpConfig;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.posture.PostureRunner;
import dev.vigil.ingest.posture.PostureSpec;
import dev.vigil.ingest.probe.ProbeRunner;
import dev.vigil.ingest.probe.ProbeSpec;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.DurableProducerConfig;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.ingest.tail.SyslogServer;
import dev.vigil.ingest.tls.TlsConfig;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collectors of one site, running: one write-ahead spool ({@link DurableProducer}) that the
 * HTTP API, tailers, syslog listener, probes and posture checks all write through, configured by
 * the {@code ingest} section ({@link IngestSection}). Closed in reverse start order (sources first,
 * the spool last, so nothing is accepted that cannot be stored). {@code vigil run} and {@code vigil
 * ingest} start it as a component; nothing here knows about the command.
 */
public final class Collectors implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(Collectors.class);

  /** Collector id of the per-run token used when {@code ingest.http.tokens} is empty. */
  public static final String LOCAL_COLLECTOR = "local";

  /**
   * What the collectors run with besides their config section.
   *
   * @param dataDir where the spool (by default), tail checkpoints and the per-run token live
   * @param kafkaProperties the Kafka client properties of the cluster
   * @param registry the schema registry
   * @param openTelemetry metrics and traces
   * @param readiness extra {@code /readyz} checks of the HTTP API (e.g. the Streams apps of the
   *     same process)
   */
  public record Environment(
      Path dataDir,
      Map<String, Object> kafkaProperties,
      SchemaRegistryClient registry,
      OpenTelemetry openTelemetry,
      Map<String, IngestServer.ReadinessCheck> readiness) {
    public Environment {
      kafkaProperties = Map.copyOf(kafkaProperties);
      readiness = Map.copyOf(readiness);
    }
  }

  /** Records per Kafka transaction when the spool drains. */
  static final int SPOOL_BATCH_RECORDS = 2000;

  /** Longest wait between retries while Kafka is unreachable (the spool keeps accepting). */
  static final Duration SPOOL_MAX_RETRY_BACKOFF = Duration.ofSeconds(5);

  /** A probed TLS certificate expiring within this is reported (see {@link ProbeRunner}). */
  static final Duration PROBE_CERT_EXPIRY_WARNING = Duration.ofDays(30);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, String> endpoints = new LinkedHashMap<>();
  private DurableProducer producer;
  private String site = "";
  private String collectorId = "";

  private Collectors() {}

  /**
   * Starts every collector {@code config} asks for; on failure closes what was started and
   * rethrows.
   */
  public static Collectors start(IngestSection config, Environment environment) {
    Collectors collectors = new Collectors();
    try {
      collectors.open(config, environment);
      return collectors;
    } catch (IOException | RuntimeException e) {
      collectors.close();
      if (e instanceof IOException) {
        throw new UncheckedIOException("cannot start the collectors", (IOException) e);
      }
      throw (RuntimeException) e;
    }
  }

  private void open(IngestSection config, Environment environment) throws IOException {
    Clock clock = Clock.systemUTC();
    site = config.site();
    collectorId = config.collectorId();
    producer = remember(openProducer(config, environment));
    remember(config.clockDiscipline().registerGauge(environment.openTelemetry()));
    if (config.http().enabled()) {
      startHttp(config, environment, clock);
    }
    startTailers(config, environment, clock);
    if (config.syslog().isPresent()) {
      startSyslog(config, config.syslog().get(), environment, clock);
    }
    if (!config.probes().isEmpty()) {
      List<ProbeSpec> specs =
          config.probes().stream().map(p -> p.toSpec(config.site(), config.collectorId())).toList();
      remember(
              new ProbeRunner(
                  specs,
                  config.collectorId(),
                  producer,
                  clock,
                  PROBE_CERT_EXPIRY_WARNING,
                  environment.openTelemetry()))
          .start();
    }
    PostureSpec posture = postureSpec(config);
    if (posture.any()) {
      remember(new PostureRunner(posture, producer, clock, environment.openTelemetry())).start();
    }
    LOGGER
        .atInfo()
        .addKeyValue("site", config.site())
        .addKeyValue("collector", config.collectorId())
        .addKeyValue("tailers", config.tailers().size())
        .addKeyValue("probes", config.probes().size())
        .addKeyValue("posture", posture.any())
        .addKeyValue(
            "maxClockSkew", ClockDiscipline.format(config.clockDiscipline().maxFutureSkew()))
        .log("collectors started");
  }

  /** The spooling producer every collector of this process writes through. */
  private static DurableProducer openProducer(IngestSection config, Environment environment)
      throws IOException {
    Path spoolDir = config.spoolDir().orElse(environment.dataDir().resolve("spool"));
    long max = config.spoolMaxBytes();
    SpoolConfig spool =
        SpoolConfig.defaults(spoolDir)
            .withSegmentBytes(Math.min(SpoolConfig.DEFAULT_SEGMENT_BYTES, max / 4))
            .withMaxBytes(max);
    return DurableProducer.open(
        new DurableProducerConfig(
            spool,
            environment.kafkaProperties(),
            "vigil-ingest-" + config.site() + "-" + config.collectorId(),
            SPOOL_BATCH_RECORDS,
            SPOOL_MAX_RETRY_BACKOFF),
        new AvroSerializer<SpecificRecord>(environment.registry(), false),
        environment.openTelemetry());
  }

  /** The HTTP ingest API; without configured tokens, with a random token for this run. */
  private void startHttp(IngestSection config, Environment environment, Clock clock)
      throws IOException {
    IngestSection.Http http = config.http();
    http.tokens()
        .forEach(
            (id, grant) -> {
              if (grant.unboundSites()) {
                LOGGER
                    .atWarn()
                    .addKeyValue("collector", id)
                    .log(
                        "ingest token not bound to sites: it may publish any site's events"
                            + " (give ingest.http.tokens.<id> sha256, sites, kinds)");
              }
            });
    IngestHttpConfig httpConfig =
        new IngestHttpConfig(
            http.host(),
            http.port(),
            http.maxBodyBytes(),
            (int) Math.min(IngestHttpConfig.DEFAULT_MAX_LINE_BYTES, http.maxBodyBytes()),
            http.tokens().isEmpty() ? runToken(environment.dataDir()) : http.tokens(),
            tls(http),
            IngestHttpConfig.DEFAULT_MAX_IN_FLIGHT,
            1,
            http.ackTimeout(),
            config.clockDiscipline(),
            clock);
    IngestServer server =
        remember(
            IngestServer.start(
                httpConfig, producer, environment.openTelemetry(), environment.readiness()));
    endpoints.put("ingest", server.uri().toString());
  }

  /** One file tailer per {@code ingest.tailers} entry, checkpointed under the data dir. */
  private void startTailers(IngestSection config, Environment environment, Clock clock)
      throws IOException {
    Path checkpoints = environment.dataDir().resolve("ingest").resolve("checkpoints");
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
                  .withClockDiscipline(config.clockDiscipline()),
              producer,
              clock,
              environment.openTelemetry()));
    }
  }

  /** The syslog receiver (UDP, TCP and/or TLS), its listening addresses in the endpoints. */
  private void startSyslog(
      IngestSection config, IngestSection.Syslog s, Environment environment, Clock clock)
      throws IOException {
    SyslogSource syslog =
        remember(
            SyslogSource.start(
                syslogConfig(s),
                new SourceContext(
                    config.site(),
                    s.service().orElse(""),
                    s.source(),
                    ZoneOffset.UTC,
                    s.scope(),
                    s.segment()),
                producer,
                clock,
                config.clockDiscipline(),
                environment.openTelemetry()));
    if (syslog.udpPort() > 0) {
      endpoints.put("syslog-udp", "udp://" + s.host() + ":" + syslog.udpPort());
    }
    if (syslog.tlsPort() > 0) {
      endpoints.put("syslog-tls", "tls://" + s.host() + ":" + syslog.tlsPort());
    }
    if (syslog.tcpPort() > 0) {
      endpoints.put("syslog-tcp", "tcp://" + s.host() + ":" + syslog.tcpPort());
    }
  }

  private static PostureSpec postureSpec(IngestSection config) {
    IngestSection.Posture p = config.posture();
    return new PostureSpec(
        config.site(),
        p.service().orElse(""),
        config.collectorId(),
        p.baselineFile(),
        p.certificates(),
        p.keyReport(),
        p.interval(),
        p.scope(),
        p.segment());
  }

  /**
   * No tokens configured: a random 32-byte token for this run, written to {@code
   * <data-dir>/ingest/token} readable by the owner only (never logged, never printed: a service's
   * stdout usually ends up in a journal). Loopback is not a trust boundary on a shared host, so the
   * API is never open without a token.
   */
  private static Map<String, CollectorGrant> runToken(Path dataDir) throws IOException {
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
    return Map.of(
        LOCAL_COLLECTOR,
        CollectorGrant.unbound(dev.vigil.ingest.http.TokenHashes.sha256Hex(token)));
  }

  private static Optional<TlsConfig> tls(IngestSection.Http http) throws IOException {
    if (http.keyStore().isEmpty()) {
      return Optional.empty();
    }
    TlsConfig tls =
        TlsConfig.pkcs12(
            http.keyStore().get(),
            TlsConfig.readPassword(
                "ingest.http.keyStorePasswordFile", http.keyStorePasswordFile().get()));
    return Optional.of(http.clientCaFile().map(tls::withClientCa).orElse(tls));
  }

  private static SyslogServer.Config syslogConfig(IngestSection.Syslog s) throws IOException {
    SyslogServer.Config plain = SyslogServer.Config.of(s.host(), s.udpPort(), s.tcpPort());
    if (s.tlsPort() < 0) {
      return plain;
    }
    TlsConfig tls =
        TlsConfig.pkcs12(
            s.keyStore().orElseThrow(),
            TlsConfig.readPassword(
                "ingest.syslog.keyStorePasswordFile", s.keyStorePasswordFile().orElseThrow()));
    return plain.withTls(s.tlsPort(), s.clientCaFile().map(tls::withClientCa).orElse(tls));
  }

  private <T extends AutoCloseable> T remember(T closeable) {
    started.push(closeable);
    return closeable;
  }

  /** The site these collectors run at. */
  public String site() {
    return site;
  }

  /** This collector's id. */
  public String collectorId() {
    return collectorId;
  }

  /** Undelivered bytes in the spool now. */
  public long spoolDepthBytes() {
    return producer.depthBytes();
  }

  /** Undelivered bytes the spool may hold before it refuses events. */
  public long spoolMaxBytes() {
    return producer.maxBytes();
  }

  /**
   * What the collectors listen on, by name ({@code ingest}, {@code syslog-udp}, {@code
   * syslog-tcp}).
   */
  public Map<String, String> endpoints() {
    return Map.copyOf(endpoints);
  }

  /** Closes in reverse start order; a failing close is logged and the rest still closed. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        Causes.warn(LOGGER, e)
            .addKeyValue("part", c.getClass().getSimpleName())
            .log("closing a collector failed");
      }
    }
  }
}
