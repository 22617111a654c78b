package dev.vigil.app.config;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.ingest.collect.TailSource;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.posture.PostureRunner;
import dev.vigil.ingest.posture.PostureSpec;
import dev.vigil.ingest.probe.ProbeRunner;
import dev.vigil.ingest.probe.ProbeSpec;
import dev.vigil.ingest.runtime.IngestSection;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.schemas.avro.ProbeType;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The collectors of one site exactly as an {@code ingest} section describes them, run in-process
 * through their real code (posture runner, tail sources with their parsers and heartbeat tracker,
 * probe runner) into a list instead of the spool. Only what cannot exist on a test machine is
 * replaced: every absolute path is re-rooted under {@code root}, a certificate {@code endpoint} is
 * read from a PEM file instead (same control id, pin and margin), a key report {@code command} is
 * read from a file, and probe targets point at local HTTP servers per site.
 */
final class ExampleSite {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter EVE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ").withZone(ZoneOffset.UTC);

  private final IngestSection ingest;
  private final Path root;
  private final Clock clock;
  private final List<OutgoingEvent> events = new ArrayList<>();

  ExampleSite(IngestSection ingest, Path root, Clock clock) {
    this.ingest = ingest;
    this.root = root;
    this.clock = clock;
  }

  String site() {
    return ingest.site();
  }

  /**
   * Runs the posture checks once: a baseline of two controls that hold, the certificates (the
   * pinned one, {@code pinnedPem}, for entries with an {@code expectedFingerprint}, else {@code
   * otherPem}) and a key report {@code k1 7}.
   */
  void runPosture(String pinnedPem, String otherPem) throws IOException {
    IngestSection.Posture p = ingest.posture();
    Path sshd = write(Path.of("/etc/ssh/sshd_config"), "Port 22\nPermitRootLogin no\n");
    Path baseline =
        write(
            p.baselineFile().orElseThrow(),
            "- { control_id: CIS-5.2.1, path: '"
                + sshd
                + "', sha256: "
                + sha256(sshd)
                + ", severity: HIGH }\n"
                + "- { control_id: CIS-5.2.10, file: '"
                + sshd
                + "', key: PermitRootLogin, expected: 'no' }\n");
    List<PostureSpec.CertificateTarget> certificates = new ArrayList<>();
    for (PostureSpec.CertificateTarget c : p.certificates()) {
      String pem = c.expectedFingerprint().isPresent() ? pinnedPem : otherPem;
      // an endpoint (host:port) cannot be reached here: its certificate is read from a file
      Path file = write(c.pemFile().orElse(Path.of("/endpoint", c.controlId() + ".pem")), pem);
      certificates.add(
          new PostureSpec.CertificateTarget(
              c.controlId(),
              Optional.of(file),
              Optional.empty(),
              c.expectedFingerprint(),
              c.margin()));
    }
    // the documented report command does not exist here: its output is read from a file
    Path keys = write(Path.of("/var/lib/keys/versions"), "k1 7\n");
    PostureSpec spec =
        new PostureSpec(
            ingest.site(),
            p.service().orElse(""),
            ingest.collectorId(),
            Optional.of(baseline),
            certificates,
            p.keyReport()
                .map(
                    r ->
                        new PostureSpec.KeyReportSource(Optional.of(keys), List.of(), r.timeout())),
            p.interval(),
            p.scope(),
            p.segment());
    try (PostureRunner runner = new PostureRunner(spec, this::store, clock, OpenTelemetry.noop())) {
      runner.runOnce();
    }
  }

  /**
   * Starts a tail source for every configured tailer (files re-rooted and empty, except that the
   * first Suricata EVE tailer's file holds {@code eveLines}), waits until {@code until} holds for
   * the stored events, and stops the tailers.
   */
  void tailSensors(List<String> eveLines, Predicate<List<OutgoingEvent>> until) throws Exception {
    // the example's first Suricata EVE tailer; whatever scope it declares decides where it counts
    IngestSection.Tailer sensor =
        ingest.tailers().stream()
            .filter(t -> t.format().equals("suricata-eve"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the example has no Suricata EVE tailer"));
    List<TailSource> sources = new ArrayList<>();
    try {
      for (IngestSection.Tailer t : ingest.tailers()) {
        String text = t == sensor ? String.join("\n", eveLines) + "\n" : "";
        Path file = write(t.path(), text);
        SourceContext ctx =
            new SourceContext(
                t.site().orElse(ingest.site()),
                t.service().orElse(""),
                t.source(),
                ZoneOffset.UTC,
                t.scope(),
                t.segment());
        sources.add(
            TailSource.start(
                TailSource.Spec.of(file, t.sensorFormat(), ctx, root.resolve("checkpoints"))
                    .withClockDiscipline(ingest.clockDiscipline()),
                this::store,
                clock,
                OpenTelemetry.noop()));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> until.test(events()));
    } finally {
      sources.forEach(TailSource::close);
    }
  }

  /**
   * One run of every configured probe (site and vantage as configured, defaulted as {@code vigil
   * ingest} does), each target replaced by the local server of its site.
   */
  void probeOnce(Map<String, URI> serverBySite) {
    List<ProbeSpec> specs =
        ingest.probes().stream()
            .map(p -> p.toSpec(ingest.site(), ingest.collectorId()))
            .map(s -> local(s, serverBySite.get(s.site())))
            .toList();
    try (ProbeRunner runner =
        new ProbeRunner(
            specs,
            ingest.collectorId(),
            this::store,
            clock,
            Duration.ofDays(30),
            OpenTelemetry.noop())) {
      specs.forEach(runner::runOnce);
    }
  }

  /** The events stored since the last call, in order. */
  synchronized List<OutgoingEvent> drain() {
    List<OutgoingEvent> out = List.copyOf(events);
    events.clear();
    return out;
  }

  synchronized List<OutgoingEvent> events() {
    return List.copyOf(events);
  }

  /** A real Suricata EVE record (pretty or not) as the sensor would write it now: one line. */
  static String eveLine(Path record, Instant now, Map<String, Object> changes) throws IOException {
    ObjectNode eve = (ObjectNode) JSON.readTree(Files.readString(record));
    eve.put("timestamp", EVE_TIME.format(now));
    changes.forEach((path, value) -> set(eve, path, value));
    return JSON.writeValueAsString(eve);
  }

  private static void set(ObjectNode node, String dotted, Object value) {
    int dot = dotted.indexOf('.');
    if (dot > 0) {
      set((ObjectNode) node.get(dotted.substring(0, dot)), dotted.substring(dot + 1), value);
    } else {
      node.set(dotted, JSON.valueToTree(value));
    }
  }

  private static ProbeSpec local(ProbeSpec s, URI server) {
    if (server == null) {
      throw new AssertionError("no server for site " + s.site());
    }
    return new ProbeSpec(
        s.name(), // keeps the documented target in the name, as vigil ingest would
        s.service(),
        s.site(),
        s.vantage(),
        ProbeType.HTTP,
        server.toString(),
        s.interval(),
        s.timeout(),
        s.expectStatus(),
        s.warnLatency(),
        s.caFile());
  }

  private synchronized AppendResult store(List<OutgoingEvent> batch) {
    events.addAll(batch);
    return new AppendResult(batch.size(), 0, -1);
  }

  /** Writes {@code text} to {@code path} re-rooted under this site's directory. */
  private Path write(Path path, String text) throws IOException {
    Path file = root.resolve(path.getRoot().relativize(path).toString());
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static String sha256(Path file) throws IOException {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
