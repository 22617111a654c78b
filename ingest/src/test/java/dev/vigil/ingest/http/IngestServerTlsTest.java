package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ingest.TestTls;
import dev.vigil.ingest.spool.DurableProducer;
import dev.vigil.ingest.spool.SpoolConfig;
import dev.vigil.ingest.tls.TlsConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest API over TLS with a keytool-made certificate: a real handshake and a real POST. */
class IngestServerTlsTest {
  static final String TOKEN = "tls-token-" + UUID.randomUUID();
  @TempDir Path dir;

  @Test
  void shouldAcceptEventsOverTlsAndRefuseClientsThatDoNotTrustTheCertificate() throws Exception {
    // Given the API with a PKCS12 key store made by keytool
    TestTls tls = TestTls.create(dir, "ingest", 30);
    try (DurableProducer producer =
            IngestServerHostileInputTest.producer(
                dir.resolve("spool"), SpoolConfig.DEFAULT_MAX_BYTES);
        IngestServer server =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN)))
                    .withTls(TlsConfig.pkcs12(tls.keyStore(), tls.password())),
                producer,
                OpenTelemetry.noop())) {
      // Then it serves https
      URI uri = server.uri();
      assertThat(uri.getScheme()).isEqualTo("https");

      // When a client trusting the certificate posts an event
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(tls.pem())).build();
      HttpResponse<String> ok =
          trusting.send(
              post(uri, Events.health(UUID.randomUUID())), HttpResponse.BodyHandlers.ofString());

      // Then it is accepted into the spool (no Kafka here: 202, delivery pending)
      assertThat(ok.statusCode()).isEqualTo(202);
      assertThat(ok.body())
          .isEqualTo("{\"accepted\":1,\"duplicates\":0,\"delivered\":false,\"rejected\":[]}");
      assertThat(producer.depthRecords()).isEqualTo(1);

      // And a client with only the JDK's trust store is refused in the handshake
      HttpClient plain = HttpClient.newHttpClient();
      assertThatThrownBy(
              () ->
                  plain.send(
                      post(uri, Events.health(UUID.randomUUID())),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(producer.depthRecords()).isEqualTo(1);
    }
  }

  @Test
  void shouldRequireAClientCertificateWhenMutualTlsIsConfigured() throws Exception {
    // Given the API with a client CA (the collector's own certificate as trust anchor)
    TestTls tls = TestTls.create(dir, "ingest", 30);
    TestTls collector = TestTls.create(dir, "collector", 30);
    TestTls stranger = TestTls.create(dir, "stranger", 30);
    try (DurableProducer producer =
            IngestServerHostileInputTest.producer(
                dir.resolve("spool"), SpoolConfig.DEFAULT_MAX_BYTES);
        IngestServer server =
            IngestServer.start(
                IngestHttpConfig.loopback(Map.of("edge-1", TokenHashes.sha256Hex(TOKEN)))
                    .withTls(
                        TlsConfig.pkcs12(tls.keyStore(), tls.password())
                            .withClientCa(collector.pem())),
                producer,
                OpenTelemetry.noop())) {
      URI uri = server.uri();

      // When a client without a certificate, and one with a stranger's, post with a valid token
      for (TestTls client : new TestTls[] {null, stranger}) {
        HttpClient c =
            HttpClient.newBuilder().sslContext(TestTls.clientContext(tls, client)).build();
        assertThatThrownBy(
                () ->
                    c.send(
                        post(uri, Events.health(UUID.randomUUID())),
                        HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(java.io.IOException.class);
      }
      // Then nothing was accepted
      assertThat(producer.depthRecords()).isZero();

      // And the collector presenting its certificate gets its event in
      HttpClient mutual =
          HttpClient.newBuilder().sslContext(TestTls.clientContext(tls, collector)).build();
      HttpResponse<String> ok =
          mutual.send(
              post(uri, Events.health(UUID.randomUUID())), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(202);
      assertThat(producer.depthRecords()).isEqualTo(1);
    }
  }

  private static HttpRequest post(URI base, String body) {
    return HttpRequest.newBuilder(base.resolve("/v1/events"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      ks.setCertificateEntry(
          "ingest", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
