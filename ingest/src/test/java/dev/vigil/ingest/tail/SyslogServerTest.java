package dev.vigil.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.parse.ParseResult;
import dev.vigil.ingest.parse.RawRecord;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.parse.SyslogAuthParser;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.testkit.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyslogServerTest {

  private final BlockingQueue<RawRecord> received = new LinkedBlockingQueue<>();
  private SyslogServer server;

  @BeforeEach
  void start() throws IOException {
    server = SyslogServer.start(SyslogServer.Config.loopback(), received::add);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RawRecord next() throws InterruptedException {
    RawRecord r = received.poll(5, TimeUnit.SECONDS);
    assertThat(r).as("a message within 5 s").isNotNull();
    return r;
  }

  @Test
  void shouldBindLoopbackOnFreePorts() {
    assertThat(server.udpPort()).isPositive();
    assertThat(server.tcpPort()).isPositive();
  }

  @Test
  void shouldReceiveUdpDatagramsAndFeedTheAuthParser() throws Exception {
    // Given the real failed-password line sent as an RFC 3164 datagram with PRI and CRLF
    String line =
        "<38>"
            + SharedData.lines("elastic-beats-filebeat-tests/system-auth/test.log").get(3)
            + "\r\n";
    try (DatagramSocket client = new DatagramSocket()) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      client.send(
          new DatagramPacket(
              bytes, bytes.length, InetAddress.getLoopbackAddress(), server.udpPort()));
    }

    // When
    RawRecord record = next();
    ParseResult result =
        new SyslogAuthParser(
                SourceContext.of("primary", "payments", "syslog-1"),
                Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC))
            .parse(record);

    // Then
    assertThat(record.stream()).isEqualTo("syslog-udp/127.0.0.1");
    assertThat(record.text()).doesNotEndWith("\n").doesNotEndWith("\r");
    SecuritySignal signal = (SecuritySignal) ((ParseResult.Parsed) result).event();
    assertThat(signal.getSignal().getSrcIp()).isEqualTo("216.160.83.57");
    assertThat(signal.getSignal().getUser()).isEqualTo("root");
    assertThat(signal.getSignal().getAttributes()).containsEntry("facility", "4");
  }

  @Test
  void shouldSplitTcpStreamsByOctetCountingAndByNewlineOnOneConnection() throws Exception {
    String m1 = "<14>1 2014-06-20T09:14:07+00:00 loggregator app DEA - - multi\nline message";
    String m2 = "<38>Feb 21 21:56:12 localhost sshd[3430]: Invalid user test from 10.0.2.2";
    String m3 = "<38>Feb 21 21:56:13 localhost sshd[3430]: Invalid user admin from 10.0.2.2";
    byte[] m1Bytes = m1.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write((m1Bytes.length + " ").getBytes(StandardCharsets.UTF_8));
      out.write(m1Bytes);
      out.write((m2 + "\r\n" + m3 + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(List.of(next().text(), next().text(), next().text())).containsExactly(m1, m2, m3);
    }
  }

  @Test
  void shouldDropAnOversizedOctetCountAndCloseThatConnectionButKeepServing() throws Exception {
    try (Socket bad = new Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
      bad.getOutputStream().write("99999999 x".getBytes(StandardCharsets.UTF_8));
      bad.getOutputStream().flush();
      bad.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
      assertThat(bad.getInputStream().read()).isEqualTo(-1); // closed by the server
    }
    assertThat(server.dropped()).isEqualTo(1);
    try (Socket good = new Socket(InetAddress.getLoopbackAddress(), server.tcpPort())) {
      good.getOutputStream()
          .write("<13>Mar  1 10:00:00 h app: still up\n".getBytes(StandardCharsets.UTF_8));
      good.getOutputStream().flush();
      assertThat(next().text()).isEqualTo("<13>Mar  1 10:00:00 h app: still up");
    }
  }

  @Test
  void shouldStopListeningOnClose() throws Exception {
    int port = server.tcpPort();
    server.close();
    boolean refused;
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      refused = !s.isConnected();
    } catch (IOException e) {
      refused = true;
    }
    assertThat(refused).isTrue();
  }
}
