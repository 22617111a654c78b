package dev.vigil.ingest.http;

import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.tls.TlsConfig;
import dev.vigil.schemas.event.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Settings of the HTTP ingest API, validated here; errors name the key ({@code ingest.port}).
 *
 * @param host address to bind, loopback by default
 * @param port 0 picks a free port
 * @param maxBodyBytes request bodies above this are refused with 413 (before being read when the
 *     client sends a Content-Length)
 * @param maxLineBytes one event (NDJSON line or array element) above this is rejected on its own
 * @param tokens collector id → its token's hash and what it may publish ({@link CollectorGrant})
 * @param tls TLS, when configured
 * @param maxInFlight concurrent {@code POST /v1/events} requests; beyond it 429 with Retry-After
 * @param retryAfterSeconds value of {@code Retry-After} on 429 and 503
 * @param ackTimeout how long a request waits for its events to be committed to Kafka ({@code
 *     acks=all}, transactional) before it is answered 202 (durable in the spool, delivery pending)
 *     instead of 200; no wait at all while Kafka is known to be unreachable
 * @param clockDiscipline which {@code observed_at} values are refused (per event, like any other
 *     invalid event)
 * @param clock the ingest clock: {@code ingested_at} and the clock discipline's "now"
 */
public record IngestHttpConfig(
    String host,
    int port,
    long maxBodyBytes,
    int maxLineBytes,
    Map<String, CollectorGrant> tokens,
    Optional<TlsConfig> tls,
    int maxInFlight,
    int retryAfterSeconds,
    Duration ackTimeout,
    ClockDiscipline clockDiscipline,
    Clock clock) {

  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_IN_FLIGHT = 16;
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(5);

  public IngestHttpConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("ingest.http.host must be set");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("ingest.http.port must be 0..65535 but was " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException(
          "ingest.http.maxBodyBytes must be at least 1024 but was " + maxBodyBytes);
    }
    if (maxBodyBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "ingest.http.maxBodyBytes must be below 2 GiB but was " + maxBodyBytes);
    }
    if (maxLineBytes < 256 || maxLineBytes > maxBodyBytes) {
      throw new IllegalArgumentException(
          "maxLineBytes must be 256..ingest.http.maxBodyBytes but was " + maxLineBytes);
    }
    Objects.requireNonNull(tokens, "ingest.http.tokens must be set");
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("ingest.http.tokens must name at least one collector");
    }
    for (Map.Entry<String, CollectorGrant> e : tokens.entrySet()) {
      if (e.getKey() == null || !Identifiers.isValid(e.getKey())) {
        throw new IllegalArgumentException(
            "ingest.http.tokens: collector id must be " + Identifiers.RULE);
      }
      Identifiers.requireCanonical("ingest.http.tokens." + e.getKey(), e.getKey());
      Objects.requireNonNull(e.getValue(), "ingest.http.tokens." + e.getKey() + " must be set");
    }
    tokens = Map.copyOf(tokens);
    Objects.requireNonNull(tls, "tls must be Optional.empty() when not configured");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1 but was " + maxInFlight);
    }
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException(
          "retryAfterSeconds must be >= 1 but was " + retryAfterSeconds);
    }
    Objects.requireNonNull(ackTimeout, "ingest.http.ackTimeout must be set");
    if (ackTimeout.isNegative() || ackTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException(
          "ingest.http.ackTimeout must be 0..60s but was " + ackTimeout.toMillis() + "ms");
    }
    Objects.requireNonNull(clockDiscipline, "ingest.maxClockSkew must be set");
    Objects.requireNonNull(clock, "clock");
  }

  /** The default clock discipline (2 minutes) and the system clock. */
  public IngestHttpConfig(
      String host,
      int port,
      long maxBodyBytes,
      int maxLineBytes,
      Map<String, CollectorGrant> tokens,
      Optional<TlsConfig> tls,
      int maxInFlight,
      int retryAfterSeconds,
      Duration ackTimeout) {
    this(
        host,
        port,
        maxBodyBytes,
        maxLineBytes,
        tokens,
        tls,
        maxInFlight,
        retryAfterSeconds,
        ackTimeout,
        ClockDiscipline.defaults(),
        Clock.systemUTC());
  }

  /**
   * Loopback, a free port, 16 MiB bodies, 1 MiB lines, no TLS, 16 in flight, Retry-After 1, 5 s ack
   * timeout, 2 min clock skew, the system clock; each token unbound (any site, any kind).
   *
   * @param tokens collector id → lower-case hex SHA-256 of its bearer token
   */
  public static IngestHttpConfig loopback(Map<String, String> tokens) {
    Map<String, CollectorGrant> grants = new java.util.LinkedHashMap<>();
    tokens.forEach((id, hash) -> grants.put(id, CollectorGrant.unbound(hash)));
    return loopbackGranting(grants);
  }

  /** Like {@link #loopback(Map)} with tokens bound by their grants. */
  public static IngestHttpConfig loopbackGranting(Map<String, CollectorGrant> tokens) {
    return new IngestHttpConfig(
        "127.0.0.1",
        0,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_LINE_BYTES,
        tokens,
        Optional.empty(),
        DEFAULT_MAX_IN_FLIGHT,
        1,
        DEFAULT_ACK_TIMEOUT,
        ClockDiscipline.defaults(),
        Clock.systemUTC());
  }

  public IngestHttpConfig withLimits(long maxBody, int maxLine) {
    return with(
        b -> {
          b.maxBodyBytes = maxBody;
          b.maxLineBytes = maxLine;
        });
  }

  public IngestHttpConfig withTls(TlsConfig value) {
    return with(b -> b.tls = Optional.of(value));
  }

  public IngestHttpConfig withPort(int value) {
    return with(b -> b.port = value);
  }

  public IngestHttpConfig withMaxInFlight(int value) {
    return with(b -> b.maxInFlight = value);
  }

  public IngestHttpConfig withAckTimeout(Duration value) {
    return with(b -> b.ackTimeout = value);
  }

  public IngestHttpConfig withClockDiscipline(ClockDiscipline value) {
    return with(b -> b.clockDiscipline = value);
  }

  public IngestHttpConfig withClock(Clock value) {
    return with(b -> b.clock = value);
  }

  /** A copy with {@code change} applied, validated like any other. */
  private IngestHttpConfig with(Consumer<Copy> change) {
    Copy b = new Copy(this);
    change.accept(b);
    return b.build();
  }

  /** The components of a config being copied by a {@code with...} method. */
  private static final class Copy {
    private String host;
    private int port;
    private long maxBodyBytes;
    private int maxLineBytes;
    private Map<String, CollectorGrant> tokens;
    private Optional<TlsConfig> tls;
    private int maxInFlight;
    private int retryAfterSeconds;
    private Duration ackTimeout;
    private ClockDiscipline clockDiscipline;
    private Clock clock;

    Copy(IngestHttpConfig c) {
      host = c.host;
      port = c.port;
      maxBodyBytes = c.maxBodyBytes;
      maxLineBytes = c.maxLineBytes;
      tokens = c.tokens;
      tls = c.tls;
      maxInFlight = c.maxInFlight;
      retryAfterSeconds = c.retryAfterSeconds;
      ackTimeout = c.ackTimeout;
      clockDiscipline = c.clockDiscipline;
      clock = c.clock;
    }

    IngestHttpConfig build() {
      return new IngestHttpConfig(
          host,
          port,
          maxBodyBytes,
          maxLineBytes,
          tokens,
          tls,
          maxInFlight,
          retryAfterSeconds,
          ackTimeout,
          clockDiscipline,
          clock);
    }
  }
}
