package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.app.CliRun;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil alerts parked list|replay} on a park file as the dispatcher writes it. */
class AlertsCommandTest {
  private static final String PARKED =
      "{\"parked_at\":\"2026-12-05T03:00:00Z\",\"status\":400,\"alert\":{\"alert_id\":\"alr-1\","
          + "\"dedup_key\":\"vigil/payments/blocked\",\"action\":\"TRIGGER\",\"severity\":\"SEV1\","
          + "\"service\":\"payments\",\"site\":\"site-b\",\"summary\":\"failover blocked by"
          + " INTRUSION\",\"evidence\":[\"evt-7\"],\"details\":{\"gate\":\"INTRUSION\"},"
          + "\"created_at\":\"2026-12-05T02:59:59Z\"}}\n";

  @TempDir Path dir;

  @Test
  void shouldListParkedAlertsByIdWithoutTheirSummaries() throws Exception {
    Files.createDirectories(dir.resolve("alerts-parked"));
    Files.writeString(dir.resolve("alerts-parked/soc.jsonl"), PARKED);

    CliRun run = CliRun.vigil("alerts", "parked", "list", "--data-dir", dir.toString());

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("soc: 1 parked", "HTTP 400", "TRIGGER", "SEV1", "alr-1", "vigil/payments/blocked")
        .doesNotContain("failover blocked");
  }

  @Test
  void shouldReplayTheParkedAlertsToTheConfiguredDestinationAndEmptyThePark() throws Exception {
    // Given a webhook receiver that now accepts, and the alert it once refused parked
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> signatures = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          signatures.add(ex.getRequestHeaders().getFirst("X-Vigil-Signature"));
          ex.sendResponseHeaders(202, -1);
          ex.close();
        });
    receiver.start();
    try {
      Files.createDirectories(dir.resolve("alerts-parked"));
      Files.writeString(dir.resolve("alerts-parked/soc.jsonl"), PARKED);
      Path secret = Files.writeString(dir.resolve("hook.secret"), "s3cret\n");
      Path config =
          Files.writeString(
              dir.resolve("vigil.yaml"),
              """
              alerts:
                destinations:
                  - name: soc
                    type: webhook
                    url: http://127.0.0.1:%d/hook
                    secretFile: %s
              """
                  .formatted(receiver.getAddress().getPort(), secret));

      // When it is replayed
      CliRun run =
          CliRun.vigil(
              "alerts",
              "parked",
              "replay",
              "--destination",
              "soc",
              "--config",
              config.toString(),
              "--data-dir",
              dir.toString());

      // Then it arrives signed with its alert id, and the park is empty
      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("soc: 1 delivered, 0 still parked");
      assertThat(bodies).singleElement().asString().contains("\"alert_id\":\"alr-1\"");
      assertThat(signatures).singleElement().asString().startsWith("v1=");
      assertThat(dir.resolve("alerts-parked/soc.jsonl")).doesNotExist();
      assertThat(run.out()).doesNotContain("s3cret");
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void shouldRefuseAnUnknownDestination() {
    CliRun run =
        CliRun.vigil(
            "alerts", "parked", "replay", "--destination", "nope", "--data-dir", dir.toString());
    assertThat(run.code()).isNotZero();
    assertThat(run.err()).contains("no destination named 'nope'");
  }
}
