package dev.vigil.ingest.probe;

import dev.vigil.schemas.avro.CheckStatus;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.HealthCheck;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.ProbeType;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Runs one probe once and says what happened; never throws for a failing target.
 *
 * <ul>
 *   <li>FAIL: refused, unreachable, timed out, TLS failure, or a status outside {@code
 *       expectStatus}; {@code error} names the cause (a class of failure, never response content).
 *   <li>WARN: up, but slower than {@code warnLatency}.
 *   <li>PASS: otherwise.
 * </ul>
 *
 * HTTP latency is the time until the status line arrived (connect, TLS, request, first byte); each
 * HTTPS run uses a new connection, so it includes the handshake. Redirects are not followed (a 3xx
 * is the answer). The server's certificate is captured before trust is decided, so an expired or
 * untrusted certificate is still reported.
 */
public final class Prober {
  private static final int MAX_ERROR = 200;
  private static final int DRAIN_BYTES = 64 * 1024;

  private final Clock clock;
  private final String source;

  /**
   * @param source the collector id written to each event's {@code source}
   */
  public Prober(Clock clock, String source) {
    this.clock = clock;
    this.source = source;
  }

  public ProbeResult run(ProbeSpec spec) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Outcome outcome = spec.type() == ProbeType.HTTP ? http(spec, t0) : tcp(spec, t0);
    CheckStatus status = outcome.status;
    if (status == CheckStatus.PASS && outcome.latencyMs > spec.warnLatency().toMillis()) {
      status = CheckStatus.WARN;
    }
    HealthCheck check =
        HealthCheck.newBuilder()
            .setName(spec.name())
            .setProbe(spec.type())
            .setTarget(spec.target())
            .setVantage(spec.vantage())
            .setStatus(status)
            .setLatencyMs(outcome.latencyMs)
            .setStatusCode(outcome.statusCode)
            .setError(outcome.error)
            .build();
    HealthCheckResult health =
        HealthCheckResult.newBuilder()
            .setEventId(UUID.randomUUID())
            .setKind(EventKind.HEALTH)
            .setSite(spec.site())
            .setService(spec.service())
            .setSource(source)
            .setObservedAt(started.truncatedTo(ChronoUnit.MILLIS))
            .setCheck(check)
            .build();
    return new ProbeResult(health, Optional.ofNullable(outcome.certificate));
  }

  private static Outcome tcp(ProbeSpec spec, long t0) {
    InetSocketAddress unresolved = ProbeSpec.hostPort(spec.target());
    try (Socket socket = new Socket()) {
      InetSocketAddress address =
          new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
      if (address.isUnresolved()) {
        return Outcome.fail(millisSince(t0), "unknown host");
      }
      socket.connect(address, (int) spec.timeout().toMillis());
      return Outcome.pass(millisSince(t0), null, null);
    } catch (IOException e) {
      return Outcome.fail(millisSince(t0), describe(e, spec));
    }
  }

  private static Outcome http(ProbeSpec spec, long t0) {
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    HttpURLConnection conn = null;
    try {
      URL url = new URL(spec.target());
      conn = (HttpURLConnection) url.openConnection();
      if (conn instanceof HttpsURLConnection) {
        ((HttpsURLConnection) conn).setSSLSocketFactory(sslContext(spec, seen).getSocketFactory());
      }
      int timeout = (int) spec.timeout().toMillis();
      conn.setConnectTimeout(timeout);
      conn.setReadTimeout(timeout);
      conn.setInstanceFollowRedirects(false);
      conn.setUseCaches(false);
      conn.setRequestProperty("User-Agent", "vigil-probe");
      int code = conn.getResponseCode();
      long latency = millisSince(t0);
      drain(conn, code);
      CertificateInfo cert = seen.get() == null ? null : CertificateInfo.of(seen.get());
      if (!spec.expects(code)) {
        return new Outcome(CheckStatus.FAIL, latency, code, "unexpected status " + code, cert);
      }
      return Outcome.pass(latency, code, cert);
    } catch (IOException | GeneralSecurityException e) {
      CertificateInfo cert = seen.get() == null ? null : CertificateInfo.of(seen.get());
      return new Outcome(CheckStatus.FAIL, millisSince(t0), null, describe(e, spec), cert);
    } finally {
      if (conn != null) {
        conn.disconnect();
      }
    }
  }

  private static void drain(HttpURLConnection conn, int code) {
    try (InputStream in = code >= 400 ? conn.getErrorStream() : conn.getInputStream()) {
      if (in != null) {
        in.readNBytes(DRAIN_BYTES);
      }
    } catch (IOException ignored) {
      // the status is the answer; a broken body does not change it
    }
  }

  /** A TLS context that records the server's leaf certificate, then decides trust as usual. */
  private static SSLContext sslContext(ProbeSpec spec, AtomicReference<X509Certificate> seen)
      throws GeneralSecurityException, IOException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(spec.caFile().isPresent() ? trustStore(spec.caFile().get()) : null);
    X509TrustManager delegate = null;
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        delegate = (X509TrustManager) tm;
      }
    }
    if (delegate == null) {
      throw new GeneralSecurityException("no X509 trust manager");
    }
    X509TrustManager trust = delegate;
    X509TrustManager recording =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            trust.checkClientTrusted(chain, authType);
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws CertificateException {
            if (chain != null && chain.length > 0) {
              seen.set(chain[0]);
            }
            trust.checkServerTrusted(chain, authType);
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
          }
        };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {recording}, null);
    return ctx;
  }

  /** A trust store holding every certificate of a PEM file. */
  static KeyStore trustStore(Path pem) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      if (i == 0) {
        throw new CertificateException("no certificate in " + pem);
      }
    }
    return ks;
  }

  private static String describe(Exception e, ProbeSpec spec) {
    String text;
    if (e instanceof ConnectException) {
      text = "connection refused";
    } else if (e instanceof SocketTimeoutException) {
      text = "timeout after " + spec.timeout().toMillis() + " ms";
    } else if (e instanceof UnknownHostException) {
      text = "unknown host";
    } else if (e instanceof NoRouteToHostException) {
      text = "no route to host";
    } else if (e instanceof SSLException) {
      text = "TLS: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } else {
      text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static final class Outcome {
    final CheckStatus status;
    final long latencyMs;
    final Integer statusCode;
    final String error;
    final CertificateInfo certificate;

    Outcome(
        CheckStatus status,
        long latencyMs,
        Integer statusCode,
        String error,
        CertificateInfo certificate) {
      this.status = status;
      this.latencyMs = latencyMs;
      this.statusCode = statusCode;
      this.error = error;
      this.certificate = certificate;
    }

    static Outcome pass(long latencyMs, Integer code, CertificateInfo cert) {
      return new Outcome(CheckStatus.PASS, latencyMs, code, null, cert);
    }

    static Outcome fail(long latencyMs, String error) {
      return new Outcome(CheckStatus.FAIL, latencyMs, null, error, null);
    }
  }
}
