package dev.vigil.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.ingest.TestTls;
import dev.vigil.ingest.parse.RawRecord;
import dev.vigil.ingest.tls.TlsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog over TLS (RFC 5425) with real handshakes: octet-counted frames arrive as {@code
 * syslog-tls/<peer>} records; with a client CA configured a sender without a certificate, or with
 * one the CA did not sign, gets nothing through.
 */
class SyslogServerTlsTest {
  static final String LINE =
      "<38>1 2026-03-02T08:15:04Z web-1 sshd 1234 - - Failed password for invalid user admin"
          + " from 203.0.113.9 port 22 ssh2";

  @TempDir static Path dir;
  static TestTls server;
  static TestTls collector;
  static TestTls stranger;

  @BeforeAll
  static void certificates() throws Exception {
    server = TestTls.create(dir, "syslog", 30);
    collector = TestTls.create(dir, "collector", 30);
    stranger = TestTls.create(dir, "stranger", 30);
  }

  @Test
  void shouldReceiveOctetCountedFramesOverTls() throws Exception {
    BlockingQueue<RawRecord> received = new LinkedBlockingQueue<>();
    try (SyslogServer syslog =
        SyslogServer.start(
            config().withTls(0, TlsConfig.pkcs12(server.keyStore(), server.password())),
            received::add)) {
      // When a sender trusting the server sends two octet-counted messages
      send(TestTls.clientContext(server, null), syslog.tlsPort(), LINE, LINE + " again");

      // Then both arrive, on a syslog-tls stream
      RawRecord first = received.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.stream()).isEqualTo("syslog-tls/127.0.0.1");
      assertThat(first.text()).isEqualTo(LINE);
      RawRecord second = received.poll(10, TimeUnit.SECONDS);
      assertThat(second).isNotNull();
      assertThat(second.text()).isEqualTo(LINE + " again");
    }
  }

  @Test
  void shouldRequireAClientCertificateSignedByTheConfiguredCa() throws Exception {
    BlockingQueue<RawRecord> received = new LinkedBlockingQueue<>();
    TlsConfig mutual =
        TlsConfig.pkcs12(server.keyStore(), server.password()).withClientCa(collector.pem());
    try (SyslogServer syslog = SyslogServer.start(config().withTls(0, mutual), received::add)) {
      // When a sender without a certificate, then one with a stranger's, try to send
      assertThatThrownBy(() -> send(TestTls.clientContext(server, null), syslog.tlsPort(), LINE))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(
              () -> send(TestTls.clientContext(server, stranger), syslog.tlsPort(), LINE))
          .isInstanceOf(IOException.class);
      // And the collector with its certificate sends one
      send(TestTls.clientContext(server, collector), syslog.tlsPort(), LINE + " signed");

      // Then only the collector's message arrives
      RawRecord only = received.poll(10, TimeUnit.SECONDS);
      assertThat(only).isNotNull();
      assertThat(only.text()).isEqualTo(LINE + " signed");
      assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  private static SyslogServer.Config config() {
    return new SyslogServer.Config("127.0.0.1", -1, -1, 64 * 1024, 4, Duration.ofMinutes(1));
  }

  /** Sends each message octet-counted and reads until the server closes (or fails) the session. */
  private static void send(SSLContext ctx, int port, String... messages) throws IOException {
    try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      for (String m : messages) {
        byte[] body = m.getBytes(StandardCharsets.UTF_8);
        out.write((body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
      }
      out.flush();
      // TLS 1.3 reports a refused client certificate only on the next read
      socket.shutdownOutput();
      socket.getInputStream().read();
    }
  }
}
