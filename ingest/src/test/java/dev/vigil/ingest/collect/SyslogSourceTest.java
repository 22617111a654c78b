package dev.vigil.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.ingest.spool.SpoolFullException;
import dev.vigil.ingest.tail.SyslogServer;
import dev.vigil.schemas.avro.SecuritySignal;
import io.opentelemetry.api.OpenTelemetry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyslogSourceTest {
  final List<OutgoingEvent> stored = new CopyOnWriteArrayList<>();

  @Test
  void shouldStoreAnSshdFailureReceivedOverTcpAfterWaitingOutAFullSpool() throws Exception {
    // Given a listener whose spool refuses the first two attempts
    AtomicInteger refusals = new AtomicInteger(2);
    try (SyslogSource source =
        SyslogSource.start(
            new SyslogServer.Config(
                "127.0.0.1", -1, 0, 64 * 1024, 4, java.time.Duration.ofMinutes(1)),
            SourceContext.of("backup", "bastion", "syslog-1"),
            events -> {
              if (refusals.getAndDecrement() > 0) {
                throw new SpoolFullException(1, 1, 1);
              }
              stored.addAll(events);
              return new AppendResult(events.size(), 0, -1);
            },
            Clock.systemUTC(),
            OpenTelemetry.noop())) {
      // When an RFC 5424 sshd failure and an unrelated message arrive over TCP
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), source.tcpPort());
          OutputStream out = s.getOutputStream()) {
        out.write(
            ("<38>1 2026-03-02T08:01:02.123+01:00 bastion-1 sshd 4242 - - Failed password for"
                    + " invalid user admin from 203.0.113.9 port 52144 ssh2\n"
                    + "<38>1 2026-03-02T08:01:03Z bastion-1 cron 1 - - job done\n")
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stored.isEmpty()) {
          assertThat(System.nanoTime()).isLessThan(deadline);
          Thread.sleep(20);
        }
      }
    }

    // Then exactly one signal was stored, on the raw security topic, keyed by service
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).topic()).isEqualTo("vigil.security.raw.v1");
    assertThat(stored.get(0).key()).isEqualTo("bastion");
    SecuritySignal signal = (SecuritySignal) stored.get(0).value();
    assertThat(signal.getSignal().getSignature()).isEqualTo("sshd.failed_password");
    assertThat(signal.getSignal().getUser()).isEqualTo("admin");
    assertThat(signal.getSignal().getSrcIp()).isEqualTo("203.0.113.9");
    assertThat(signal.getSite()).isEqualTo("backup");
    assertThat(signal.getIngestedAt()).isNotNull();
  }
}
