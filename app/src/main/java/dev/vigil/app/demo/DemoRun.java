package dev.vigil.app.demo;

import dev.vigil.app.cli.SigningKeyFiles;
import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.demo.Console.Tone;
import dev.vigil.app.runtime.ClientConnections;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.Launcher;
import dev.vigil.app.runtime.ShutdownSignal;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditAction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * {@code vigil demo}: the embedded platform and every component exactly as {@code vigil run} starts
 * them, two local HTTP servers as the sites, the {@link Scenario} against them, then the {@link
 * Summary} and the audit verification. Exit 0 only when the failover completed and the audit trail
 * verified.
 */
public final class DemoRun {
  /**
   * {@code vigil audit verify --data-dir D} against the demo's platform (its endpoints and
   * credentials); returns its exit code.
   */
  @FunctionalInterface
  public interface AuditVerifier {
    int verify(Path dataDir, PrintWriter out);
  }

  /**
   * @param dataDir where everything goes; empty = a fresh temp dir, removed after a successful run
   * @param timeout the whole demo, platform start included
   * @param colour ANSI colours on the output
   * @param pause how long the "operator" looks at the evidence before waiving
   */
  public record Settings(
      Optional<Path> dataDir, Duration timeout, boolean colour, Duration pause) {}

  /** True when stdout is a terminal and neither {@code --no-color} nor NO_COLOR opts out. */
  public static boolean colourWanted(boolean noColourFlag) {
    return Console.colourWanted(noColourFlag);
  }

  private record Result(Scenario.Outcome outcome, int auditCode) {}

  private final Settings settings;
  private final List<ComponentFactory> components;
  private final AuditVerifier verifier;
  // The global timeout and Ctrl-C interrupt the script, never the platform's start or stop: an
  // interrupt inside the embedded broker's start makes Kafka halt the JVM.
  private final Object lock = new Object();
  private boolean interruptible;
  private boolean stopRequested;
  private volatile boolean timedOut;

  public DemoRun(Settings settings, List<ComponentFactory> components, AuditVerifier verifier) {
    this.settings = settings;
    this.components = List.copyOf(components);
    this.verifier = verifier;
  }

  /** Runs the demo; 0 = COMPLETE and audit verified, 1 = failed (reason printed), 2 = usage. */
  public int run(ShutdownSignal signal, PrintWriter out, PrintWriter err) throws IOException {
    Path dir = settings.dataDir().orElseGet(DemoRun::tempDir).toAbsolutePath();
    if (settings.dataDir().isPresent() && !isEmptyOrAbsent(dir)) {
      err.println(
          "vigil demo: "
              + dir
              + " is not empty; the demo needs a fresh data dir (omit --data-dir for a temp one)");
      err.flush();
      return 2;
    }
    Path demoDir = Files.createDirectories(dir.resolve("demo"));
    Path log = demoDir.resolve("vigil.log");
    boolean quiet = DemoLogging.toFile(log);
    long t0 = System.nanoTime();
    Instant startedAt = Instant.now();
    Console console = new Console(out, settings.colour(), t0);
    banner(console, dir, demoDir, quiet ? log : null);
    Thread main = Thread.currentThread();
    Thread guard = guard(main, signal);
    String failure;
    try (SiteServer primary = SiteServer.start();
        SiteServer backup = SiteServer.start()) {
      DemoConfig.Written files = DemoConfig.write(demoDir, primary.port(), backup.port());
      VigilConfig config = ConfigLoader.load(files.config());
      console.line(
          Tone.STEP,
          "==>",
          console.paint(
              Tone.STEP,
              "starting the platform as `vigil run` does: embedded Kafka and schema registry, "
                  + "redactor, failover correlator, collectors"));
      Result result =
          new Launcher(config, dir, components)
              .runWith(endpoints -> guarded(dir, endpoints, console, primary, files, startedAt));
      failure =
          result.outcome().failure().orElse(result.auditCode() == 0 ? null : "audit not verified");
    } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException e) {
      failure =
          timedOut
              ? "timed out after " + settings.timeout().toSeconds() + " s (--timeout)"
              : "interrupted";
    } catch (Exception e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    } finally {
      guard.interrupt();
    }
    Thread.interrupted(); // a late guard interrupt must not leak into the caller
    return finish(console, failure, (System.nanoTime() - t0) / 1e9, dir, quiet ? log : null);
  }

  /** Prints the verdict; the temp data dir goes when the demo passed. {@code log}: null = none. */
  private int finish(Console console, String failure, double seconds, Path dir, Path log) {
    console.raw("");
    if (failure == null) {
      console.raw(
          Tone.GOOD,
          String.format(
              java.util.Locale.ROOT,
              "vigil demo: COMPLETE and audit verified in %.1f s; exit 0",
              seconds));
      if (settings.dataDir().isEmpty()) {
        FileUtils.deleteQuietly(dir.toFile());
      }
      return 0;
    }
    console.raw(
        Tone.BAD,
        String.format(
            java.util.Locale.ROOT,
            "vigil demo: FAILED after %.1f s: %s; exit 1",
            seconds,
            failure));
    console.raw(
        "  data dir kept for inspection: " + dir + (log != null ? " (log: " + log + ")" : ""));
    return 1;
  }

  private Result guarded(
      Path dir,
      Map<String, String> endpoints,
      Console console,
      SiteServer primary,
      DemoConfig.Written files,
      Instant startedAt)
      throws Exception {
    synchronized (lock) {
      if (stopRequested) {
        throw new InterruptedException("stop requested while the platform started");
      }
      interruptible = true;
    }
    try {
      return scenario(
          dir, endpoints, console, primary, files.eveFile(), files.operatorKey(), startedAt);
    } finally {
      synchronized (lock) {
        interruptible = false;
      }
      Thread.interrupted(); // the platform's stop must not see a late interrupt
    }
  }

  private Result scenario(
      Path dir,
      Map<String, String> endpoints,
      Console console,
      SiteServer primary,
      Path eveFile,
      Path operatorKey,
      Instant startedAt)
      throws Exception {
    String registryUrl = endpoints.get("registry");
    announceReady(console, endpoints);
    Timeline timeline = new Timeline();
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(registryUrl, Map.of());
        Watcher watcher =
            new Watcher(
                ClientConnections.local(dir, endpoints, PlatformCredentials.ADMIN),
                registry,
                timeline,
                new Narrator(console),
                console);
        Operator operator =
            new Operator(
                ClientConnections.local(dir, endpoints, AccessPolicy.userName(Principal.OPERATOR)),
                registry,
                SigningKeyFiles.read(operatorKey))) {
      watcher.start();
      Duration stepTimeout = Duration.ofSeconds(60);
      Scenario.Outcome outcome =
          new Scenario(
                  console,
                  timeline,
                  primary,
                  new SensorFile(eveFile),
                  operator,
                  stepTimeout,
                  settings.pause())
              .run();
      if (outcome.complete()) {
        // the incident's closing audit record rides a second hop (the sealer); wait for it
        timeline.await(
            AuditRecord.class,
            r -> AuditAction.INCIDENT_CLOSE.is(r.getAction()),
            Duration.ofSeconds(15));
      }
      new Summary(timeline, startedAt).print(console, outcome);
      console.raw("");
      int code = verifyAudit(console, dir);
      return new Result(outcome, code);
    }
  }

  private static void announceReady(Console console, Map<String, String> endpoints) {
    console.line(
        Tone.GOOD,
        "ready",
        "Kafka "
            + endpoints.get("bootstrap")
            + ", registry "
            + endpoints.get("registry")
            + ", ingest "
            + endpoints.getOrDefault("ingest", "-"));
    if (endpoints.containsKey("status")) {
      console.line(Tone.GOOD, "status", "open " + endpoints.get("status") + " to follow along");
    }
  }

  /**
   * {@code vigil audit verify} on the demo's data dir, its output in the summary; its exit code.
   */
  private int verifyAudit(Console console, Path dir) {
    console.raw(Tone.STEP, "vigil audit verify");
    StringWriter verifyOut = new StringWriter();
    int code = verifier.verify(dir, new PrintWriter(verifyOut, true));
    verifyOut.toString().lines().forEach(l -> Summary.row(console, "", l));
    Summary.row(
        console,
        "audit",
        code == 0
            ? console.paint(Tone.GOOD, "audit verified: every hash-chained record checks out")
            : console.paint(Tone.BAD, "audit NOT verified (exit " + code + ")"));
    return code;
  }

  private void banner(Console console, Path dir, Path demoDir, Path log) {
    console.raw(
        Tone.STEP,
        "vigil demo: a staged failover of '"
            + DemoConfig.SERVICE
            + "' from "
            + DemoConfig.PRIMARY
            + " to "
            + DemoConfig.BACKUP
            + ", gated by IDS signals");
    console.raw(
        "  Real parts: embedded Kafka and schema registry, redactor, failover correlator and "
            + "collectors as `vigil run` starts them;");
    console.raw(
        "  two local HTTP servers are the sites; probes and a tailed Suricata EVE file feed the "
            + "raw topics; an operator command waives a gate.");
    console.raw("  data dir " + dir);
    console.raw("  config   " + demoDir.resolve("demo.yaml"));
    if (log != null) {
      console.raw("  log      " + log + " (console: warnings only)");
    }
    console.raw(
        "  Ids are shortened to 8 characters; the topics keep them in full (run with --data-dir D,"
            + " then `vigil platform --data-dir D` and `vigil tail TOPIC --from-beginning`).");
    console.raw("");
  }

  /** Interrupts {@code main} at the global timeout or on Ctrl-C/SIGTERM. */
  private Thread guard(Thread main, ShutdownSignal signal) {
    Thread timer =
        new Thread(
            () -> {
              try {
                Thread.sleep(settings.timeout().toMillis());
                timedOut = true;
                requestStop(main);
              } catch (InterruptedException done) {
                // the demo ended first
              }
            },
            "vigil-demo-timeout");
    timer.setDaemon(true);
    timer.start();
    Thread signals =
        new Thread(
            () -> {
              try {
                signal.await();
                if (timer.isAlive()) {
                  requestStop(main);
                }
              } catch (InterruptedException done) {
                // not reached: nobody interrupts this thread
              }
            },
            "vigil-demo-signal");
    signals.setDaemon(true);
    signals.start();
    return timer;
  }

  private void requestStop(Thread main) {
    synchronized (lock) {
      stopRequested = true;
      if (interruptible) {
        main.interrupt();
      }
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("vigil-demo-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean isEmptyOrAbsent(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
