package dev.vigil.ingest.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.ingest.collect.SensorFormat;
import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.event.ScopeRules;
import dev.vigil.ingest.http.CollectorGrant;
import dev.vigil.ingest.posture.PostureSpec;
import dev.vigil.ingest.probe.ProbeSpec;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.config.Durations;
import dev.vigil.schemas.event.Identifiers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code ingest} section of the config file: the collectors of one site (docs/design.md §7):
 * HTTP ingest API, tailers, syslog listener, probes and posture checks, all writing through one
 * disk spool. Reference: docs/config.md.
 *
 * @param site the site this collector runs at (events' {@code site} unless an entry names another)
 * @param collectorId this collector's id; with the site it makes the spool's transactional id
 * @param spoolDir the spool; empty = {@code <data-dir>/spool}
 * @param spoolMaxBytes undelivered bytes the spool may hold before refusing (503, paused tailers)
 * @param http the HTTP ingest API
 * @param tailers sensor files to follow
 * @param syslog the syslog listener, when wanted
 * @param probes active health probes
 * @param posture posture checks
 * @param maxClockSkew events whose {@code observed_at} lies further than this after the collector's
 *     clock are refused at every door (0s..1h)
 */
public record IngestSection(
    String site,
    String collectorId,
    Optional<Path> spoolDir,
    long spoolMaxBytes,
    Http http,
    List<Tailer> tailers,
    Optional<Syslog> syslog,
    List<Probe> probes,
    Posture posture,
    Duration maxClockSkew) {

  @JsonCreator
  static IngestSection fromYaml(
      @JsonProperty("site") String site,
      @JsonProperty("collectorId") String collectorId,
      @JsonProperty("spoolDir") Optional<Path> spoolDir,
      @JsonProperty("spoolMaxBytes") Long spoolMaxBytes,
      @JsonProperty("http") Http http,
      @JsonProperty("tailers") List<Tailer> tailers,
      @JsonProperty("syslog") Optional<Syslog> syslog,
      @JsonProperty("probes") List<Probe> probes,
      @JsonProperty("posture") Posture posture,
      @JsonProperty("maxClockSkew") String maxClockSkew) {
    return new IngestSection(
        Objects.requireNonNullElse(site, "local"),
        Objects.requireNonNullElse(collectorId, "collector-1"),
        Objects.requireNonNullElse(spoolDir, Optional.empty()),
        Objects.requireNonNullElse(spoolMaxBytes, 1L << 30),
        Objects.requireNonNullElseGet(http, Http::defaults),
        Objects.requireNonNullElse(tailers, List.of()),
        Objects.requireNonNullElse(syslog, Optional.empty()),
        Objects.requireNonNullElse(probes, List.of()),
        Objects.requireNonNullElseGet(posture, Posture::defaults),
        Durations.parse(
            "ingest.maxClockSkew", maxClockSkew, ClockDiscipline.DEFAULT_MAX_FUTURE_SKEW));
  }

  public IngestSection {
    requireId(site, "ingest.site");
    requireId(collectorId, "ingest.collectorId");
    if (spoolMaxBytes < 1L << 20) {
      throw new IllegalArgumentException(
          "ingest.spoolMaxBytes must be at least 1048576 but was " + spoolMaxBytes);
    }
    if (!ClockDiscipline.withinLimits(maxClockSkew)) {
      throw new IllegalArgumentException(
          "ingest.maxClockSkew must be 0s..1h but was " + ClockDiscipline.format(maxClockSkew));
    }
    tailers = List.copyOf(tailers);
    probes = List.copyOf(probes);
  }

  /** Every key at its default. */
  public static IngestSection defaults() {
    return fromYaml(null, null, null, null, null, null, null, null, null, null);
  }

  /** The rule every door applies to {@code observed_at}. */
  public ClockDiscipline clockDiscipline() {
    return new ClockDiscipline(maxClockSkew);
  }

  /**
   * The HTTP ingest API.
   *
   * @param tokens collector id → its token's SHA-256 and the sites and kinds it may publish ({@link
   *     CollectorGrant}: a bare hash is unbound); empty = a random token for this run, written to
   *     {@code <data-dir>/ingest/token} (mode 600), collector id {@code local}, unbound (a local
   *     operator's token for this data dir)
   * @param keyStore PKCS12 key store for TLS; empty = plain HTTP
   * @param keyStorePasswordFile file holding the key store password (never the YAML itself)
   * @param clientCaFile PEM CA certificates; set = mutual TLS, every client must present a
   *     certificate they signed (in addition to its bearer token); needs {@code keyStore}
   * @param ackTimeout how long {@code POST /v1/events} waits for its events to be committed to
   *     Kafka before answering 202 (spooled, delivery pending) instead of 200; {@code 0ms} = never
   *     wait
   */
  public record Http(
      boolean enabled,
      String host,
      int port,
      long maxBodyBytes,
      Map<String, CollectorGrant> tokens,
      Optional<Path> keyStore,
      Optional<Path> keyStorePasswordFile,
      Optional<Path> clientCaFile,
      Duration ackTimeout) {
    @JsonCreator
    static Http fromYaml(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("host") String host,
        @JsonProperty("port") Integer port,
        @JsonProperty("maxBodyBytes") Long maxBodyBytes,
        @JsonProperty("tokens") Map<String, CollectorGrant> tokens,
        @JsonProperty("keyStore") Optional<Path> keyStore,
        @JsonProperty("keyStorePasswordFile") Optional<Path> keyStorePasswordFile,
        @JsonProperty("clientCaFile") Optional<Path> clientCaFile,
        @JsonProperty("ackTimeout") String ackTimeout) {
      return new Http(
          Objects.requireNonNullElse(enabled, true),
          Objects.requireNonNullElse(host, "127.0.0.1"),
          Objects.requireNonNullElse(port, 0),
          Objects.requireNonNullElse(maxBodyBytes, 16L << 20),
          Objects.requireNonNullElse(tokens, Map.of()),
          Objects.requireNonNullElse(keyStore, Optional.empty()),
          Objects.requireNonNullElse(keyStorePasswordFile, Optional.empty()),
          Objects.requireNonNullElse(clientCaFile, Optional.empty()),
          Durations.parse("ingest.http.ackTimeout", ackTimeout, Duration.ofSeconds(5)));
    }

    public Http {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("ingest.http.port must be 0..65535 but was " + port);
      }
      if (maxBodyBytes < 1024 || maxBodyBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "ingest.http.maxBodyBytes must be 1024 bytes..2 GiB but was " + maxBodyBytes);
      }
      tokens = Map.copyOf(tokens);
      for (String id : tokens.keySet()) {
        if (!Identifiers.isValid(id)) {
          throw new IllegalArgumentException(
              "ingest.http.tokens: each collector id must be " + Identifiers.RULE);
        }
      }
      if (keyStore.isPresent() != keyStorePasswordFile.isPresent()) {
        throw new IllegalArgumentException(
            "ingest.http.keyStore and ingest.http.keyStorePasswordFile go together");
      }
      if (clientCaFile.isPresent() && keyStore.isEmpty()) {
        throw new IllegalArgumentException(
            "ingest.http.clientCaFile (mutual TLS) needs ingest.http.keyStore");
      }
      if (ackTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "ingest.http.ackTimeout must be at most 60s but was " + ackTimeout.toMillis() + "ms");
      }
    }

    static Http defaults() {
      return fromYaml(null, null, null, null, null, null, null, null, null);
    }
  }

  /**
   * A sensor file to follow.
   *
   * @param format suricata-eve, zeek, fastlog, syslog, cef or wazuh
   * @param service the events' service: required for {@code scope: service}, else an optional label
   *     kept in the events for information
   * @param source the sensor id (events' {@code source})
   * @param site the events' site; empty = {@code ingest.site}
   * @param scope what the sensor's evidence applies to; default the whole site
   * @param segment the segment (zone) watched, exactly for {@code scope: segment}
   */
  public record Tailer(
      Path path,
      String format,
      Optional<String> service,
      String source,
      Optional<String> site,
      EvidenceScope scope,
      Optional<String> segment) {
    @JsonCreator
    static Tailer fromYaml(
        @JsonProperty("path") Path path,
        @JsonProperty("format") String format,
        @JsonProperty("service") Optional<String> service,
        @JsonProperty("source") String source,
        @JsonProperty("site") Optional<String> site,
        @JsonProperty("scope") String scope,
        @JsonProperty("segment") Optional<String> segment) {
      return new Tailer(
          path,
          format,
          Objects.requireNonNullElse(service, Optional.empty()),
          source,
          Objects.requireNonNullElse(site, Optional.empty()),
          scopeOf(scope),
          Objects.requireNonNullElse(segment, Optional.empty()));
    }

    public Tailer {
      if (path == null) {
        throw new IllegalArgumentException("path must be set");
      }
      if (format == null) {
        throw new IllegalArgumentException("format must be set");
      }
      SensorFormat.fromConfig(format);
      service.ifPresent(s -> requireId(s, "service"));
      requireId(source, "source");
      site.ifPresent(s -> requireId(s, "site"));
      ScopeRules.check(scope, segment, service.orElse(""));
    }

    public SensorFormat sensorFormat() {
      return SensorFormat.fromConfig(format);
    }
  }

  /**
   * The syslog listener (RFC 5424/3164; sshd/sudo auth failures become signals).
   *
   * @param udpPort 0 = a free port, -1 = off
   * @param tcpPort 0 = a free port, -1 = off
   * @param service required for {@code scope: service}, else an optional label
   * @param scope what the signals apply to; default the whole site
   * @param segment exactly for {@code scope: segment}
   * @param tlsPort syslog over TLS (RFC 5425): 0 = a free port, -1 = off (default); needs {@code
   *     keyStore}
   * @param keyStore PKCS12 key store of the TLS listener
   * @param keyStorePasswordFile file holding its password (mode 600)
   * @param clientCaFile PEM CA certificates; set = senders must present a certificate they signed
   */
  public record Syslog(
      String host,
      int udpPort,
      int tcpPort,
      Optional<String> service,
      String source,
      EvidenceScope scope,
      Optional<String> segment,
      int tlsPort,
      Optional<Path> keyStore,
      Optional<Path> keyStorePasswordFile,
      Optional<Path> clientCaFile) {
    @JsonCreator
    static Syslog fromYaml(
        @JsonProperty("host") String host,
        @JsonProperty("udpPort") Integer udpPort,
        @JsonProperty("tcpPort") Integer tcpPort,
        @JsonProperty("service") Optional<String> service,
        @JsonProperty("source") String source,
        @JsonProperty("scope") String scope,
        @JsonProperty("segment") Optional<String> segment,
        @JsonProperty("tlsPort") Integer tlsPort,
        @JsonProperty("keyStore") Optional<Path> keyStore,
        @JsonProperty("keyStorePasswordFile") Optional<Path> keyStorePasswordFile,
        @JsonProperty("clientCaFile") Optional<Path> clientCaFile) {
      return new Syslog(
          Objects.requireNonNullElse(host, "127.0.0.1"),
          Objects.requireNonNullElse(udpPort, 0),
          Objects.requireNonNullElse(tcpPort, 0),
          Objects.requireNonNullElse(service, Optional.empty()),
          Objects.requireNonNullElse(source, "syslog"),
          scopeOf(scope),
          Objects.requireNonNullElse(segment, Optional.empty()),
          Objects.requireNonNullElse(tlsPort, -1),
          Objects.requireNonNullElse(keyStore, Optional.empty()),
          Objects.requireNonNullElse(keyStorePasswordFile, Optional.empty()),
          Objects.requireNonNullElse(clientCaFile, Optional.empty()));
    }

    public Syslog {
      if (udpPort < -1 || udpPort > 65535 || tcpPort < -1 || tcpPort > 65535) {
        throw new IllegalArgumentException(
            "udpPort and tcpPort must be -1 (off), 0 (free) or 1..65535");
      }
      if (tlsPort < -1 || tlsPort > 65535) {
        throw new IllegalArgumentException("tlsPort must be -1 (off), 0 (free) or 1..65535");
      }
      if (keyStore.isPresent() != keyStorePasswordFile.isPresent()) {
        throw new IllegalArgumentException("keyStore and keyStorePasswordFile go together");
      }
      if (tlsPort >= 0 && keyStore.isEmpty()) {
        throw new IllegalArgumentException("tlsPort (syslog over TLS) needs keyStore");
      }
      if (clientCaFile.isPresent() && tlsPort < 0) {
        throw new IllegalArgumentException("clientCaFile (mutual TLS) needs tlsPort");
      }
      service.ifPresent(s -> requireId(s, "service"));
      requireId(source, "source");
      ScopeRules.check(scope, segment, service.orElse(""));
    }
  }

  /**
   * An active probe. Durations as {@code 500ms}, {@code 10s}, {@code 5m}.
   *
   * @param site the site of the target (events' {@code site}); empty = {@code ingest.site}
   * @param type HTTP or TCP; empty = HTTP for an http(s) URL, else TCP
   * @param vantage where the probe runs from; empty = {@code ingest.collectorId}
   */
  public record Probe(
      Optional<String> name,
      String service,
      Optional<String> site,
      String target,
      ProbeType type,
      Optional<String> vantage,
      Duration interval,
      Duration timeout,
      List<Integer> expectStatus,
      Duration warnLatency,
      Optional<Path> caFile) {
    @JsonCreator
    static Probe fromYaml(
        @JsonProperty("name") Optional<String> name,
        @JsonProperty("service") String service,
        @JsonProperty("site") Optional<String> site,
        @JsonProperty("target") String target,
        @JsonProperty("type") String type,
        @JsonProperty("vantage") Optional<String> vantage,
        @JsonProperty("interval") String interval,
        @JsonProperty("timeout") String timeout,
        @JsonProperty("expectStatus") List<Integer> expectStatus,
        @JsonProperty("warnLatency") String warnLatency,
        @JsonProperty("caFile") Optional<Path> caFile) {
      if (target == null) {
        throw new IllegalArgumentException("target must be set");
      }
      ProbeType probeType;
      if (type == null) {
        probeType = target.matches("(?i)https?://.*") ? ProbeType.HTTP : ProbeType.TCP;
      } else {
        String t = type.toUpperCase(Locale.ROOT);
        if (!t.equals("HTTP") && !t.equals("TCP")) {
          throw new IllegalArgumentException("type must be HTTP or TCP but was '" + type + "'");
        }
        probeType = ProbeType.valueOf(t);
      }
      return new Probe(
          Objects.requireNonNullElse(name, Optional.empty()),
          service,
          Objects.requireNonNullElse(site, Optional.empty()),
          target,
          probeType,
          Objects.requireNonNullElse(vantage, Optional.empty()),
          Durations.parse("interval", interval, Duration.ofSeconds(10)),
          Durations.parse("timeout", timeout, Duration.ofSeconds(5)),
          Objects.requireNonNullElse(expectStatus, List.of()),
          Durations.parse("warnLatency", warnLatency, Duration.ofSeconds(1)),
          Objects.requireNonNullElse(caFile, Optional.empty()));
    }

    public Probe {
      requireId(service, "service");
      // validates every field once, at load time (the record's fields are not assigned yet)
      new ProbeSpec(
          name.orElse(null),
          service,
          site.orElse("site"),
          vantage.orElse("vantage"),
          type,
          target,
          interval,
          timeout,
          expectStatus,
          warnLatency,
          caFile);
    }

    /** The probe for a collector at {@code defaultSite}. */
    public ProbeSpec toSpec(String defaultSite, String defaultVantage) {
      return new ProbeSpec(
          name.orElse(null),
          service,
          site.orElse(defaultSite),
          vantage.orElse(defaultVantage),
          type,
          target,
          interval,
          timeout,
          expectStatus,
          warnLatency,
          caFile);
    }
  }

  /**
   * Posture checks.
   *
   * @param baselineFile hardened baseline (YAML/JSON, see ingest/README.md); empty = no drift check
   * @param certificates certificates to judge (PEM file or TLS endpoint)
   * @param keyReport key-version report (file or command)
   * @param interval time between two runs
   * @param service the findings' service: required for {@code scope: service}, else an optional
   *     label
   * @param scope what the findings apply to; default the whole site
   * @param segment exactly for {@code scope: segment}
   */
  public record Posture(
      Optional<Path> baselineFile,
      List<PostureSpec.CertificateTarget> certificates,
      Optional<PostureSpec.KeyReportSource> keyReport,
      Duration interval,
      Optional<String> service,
      EvidenceScope scope,
      Optional<String> segment) {
    @JsonCreator
    static Posture fromYaml(
        @JsonProperty("baselineFile") Optional<Path> baselineFile,
        @JsonProperty("certificates") List<Certificate> certificates,
        @JsonProperty("keyReport") Optional<KeyReport> keyReport,
        @JsonProperty("interval") String interval,
        @JsonProperty("service") Optional<String> service,
        @JsonProperty("scope") String scope,
        @JsonProperty("segment") Optional<String> segment) {
      return new Posture(
          Objects.requireNonNullElse(baselineFile, Optional.empty()),
          Objects.requireNonNullElse(certificates, List.<Certificate>of()).stream()
              .map(Certificate::target)
              .toList(),
          Objects.requireNonNullElse(keyReport, Optional.<KeyReport>empty()).map(KeyReport::source),
          Durations.parse("interval", interval, Duration.ofMinutes(5)),
          Objects.requireNonNullElse(service, Optional.empty()),
          scopeOf(scope),
          Objects.requireNonNullElse(segment, Optional.empty()));
    }

    public Posture {
      service.ifPresent(s -> requireId(s, "service"));
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("ingest.posture.interval must be positive");
      }
      ScopeRules.check(scope, segment, service.orElse(""));
    }

    static Posture defaults() {
      return fromYaml(null, null, null, null, null, null, null);
    }
  }

  /** A certificate under check (YAML form of {@link PostureSpec.CertificateTarget}). */
  record Certificate(PostureSpec.CertificateTarget target) {
    @JsonCreator
    static Certificate fromYaml(
        @JsonProperty("controlId") String controlId,
        @JsonProperty("file") Optional<Path> file,
        @JsonProperty("endpoint") Optional<String> endpoint,
        @JsonProperty("expectedFingerprint") Optional<String> expectedFingerprint,
        @JsonProperty("margin") String margin) {
      return new Certificate(
          new PostureSpec.CertificateTarget(
              controlId,
              file,
              endpoint,
              expectedFingerprint,
              Durations.parse("margin", margin, Duration.ofDays(30))));
    }
  }

  /** A key-version report (YAML form of {@link PostureSpec.KeyReportSource}). */
  record KeyReport(PostureSpec.KeyReportSource source) {
    @JsonCreator
    static KeyReport fromYaml(
        @JsonProperty("file") Optional<Path> file,
        @JsonProperty("command") List<String> command,
        @JsonProperty("timeout") String timeout) {
      return new KeyReport(
          new PostureSpec.KeyReportSource(
              file, command, Durations.parse("timeout", timeout, Duration.ofSeconds(30))));
    }
  }

  /** {@code site} (the default), {@code segment} or {@code service}. */
  private static EvidenceScope scopeOf(String value) {
    return value == null ? EvidenceScope.SITE : ScopeRules.fromConfig(value);
  }

  private static void requireId(String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must be set");
    }
    Identifiers.requireCanonical(field, value); // the one identifier rule; never echoes the value
  }
}
