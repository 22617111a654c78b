package dev.vigil.ingest.posture;

import dev.vigil.ingest.probe.CertificateInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Where a certificate under check comes from: a PEM file, or what a TLS endpoint presents. */
final class CertificateSources {
  private CertificateSources() {}

  /** The first certificate of a PEM (or DER) file: the leaf, by convention. */
  static CertificateInfo fromPem(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        return CertificateInfo.of((X509Certificate) c);
      }
    }
    throw new GeneralSecurityException("no certificate in the file");
  }

  /**
   * The leaf certificate a TLS endpoint presents. Trust is deliberately not checked here: this
   * reads the certificate in order to judge it (expiry, pinned fingerprint), sends no data, and
   * closes; whether clients trust it is the HTTPS probe's question.
   */
  static CertificateInfo fromEndpoint(String hostPort, Duration timeout)
      throws IOException, GeneralSecurityException {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("endpoint must be host:port");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {new InspectOnly()}, null);
    try (java.net.Socket raw = new java.net.Socket()) {
      raw.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      raw.setSoTimeout((int) timeout.toMillis());
      try (SSLSocket tls =
          (SSLSocket) ctx.getSocketFactory().createSocket(raw, host, port, false)) {
        if (!host.matches("[0-9.:]+")) {
          SSLParameters params = tls.getSSLParameters();
          params.setServerNames(List.of(new SNIHostName(host)));
          tls.setSSLParameters(params);
        }
        tls.startHandshake();
        Certificate[] chain = tls.getSession().getPeerCertificates();
        return CertificateInfo.of((X509Certificate) chain[0]);
      }
    }
  }

  private static final class InspectOnly implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("server side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // inspection only: the certificate is judged by CertificateCheck, not trusted for data
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
