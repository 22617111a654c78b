package dev.vigil.app.drill;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.demo.DemoLogging;
import dev.vigil.app.runtime.ClientConnections;
import dev.vigil.app.runtime.Clients;
import dev.vigil.app.runtime.Launcher;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code vigil drill site-loss}: a game-day drill on this machine. A three-broker cluster (racks
 * primary, backup, witness; RF 3, min ISR 2) and its registry start as {@code vigil platform
 * --brokers 3} starts them; two Vigil instances ({@code vigil streams}: redactor, correlator) run
 * in their own JVMs, one per site, sharing the Streams application ids; the drill's collectors feed
 * several services, one of which fails over. Mid-incident the chosen location is lost hard: SIGKILL
 * of its broker and of its Vigil instance (the witness has a broker only). The drill then follows
 * the incident to COMPLETE and checks what an SRE must be able to promise ({@link DrillChecks}).
 */
public final class SiteLossDrill {
  /**
   * The services the drill's collectors feed; the incident's is one whose task is at the lost site.
   */
  static final List<String> SERVICES =
      List.of("payments", "orders", "checkout", "search", "accounts", "ledger");

  /** The cluster's data dir under the drill's: its {@code security/} has every credential. */
  static final String PLATFORM_DIR = "platform";

  /**
   * @param lose the location to lose
   * @param standbys {@code streams.standbyReplicas} of both instances (0..1 with two instances)
   * @param dataDir where everything goes; empty = a temp dir
   * @param instanceHeapMb -Xmx of each Vigil instance's JVM
   */
  public record Settings(Location lose, int standbys, Optional<Path> dataDir, int instanceHeapMb) {
    public Settings {
      Objects.requireNonNull(lose, "lose");
      Objects.requireNonNull(dataDir, "dataDir");
      if (standbys < 0 || standbys > 1) {
        throw new IllegalArgumentException(
            "standbys must be 0 or 1 with two instances but was " + standbys);
      }
      if (instanceHeapMb < 256) {
        throw new IllegalArgumentException(
            "instanceHeapMb must be >= 256 but was " + instanceHeapMb);
      }
    }
  }

  private final Settings settings;

  public SiteLossDrill(Settings settings) {
    this.settings = settings;
  }

  /** Runs the drill, printing its progress to {@code out}; never throws for a failed check. */
  public DrillReport run(PrintWriter out) throws IOException {
    Path dir = settings.dataDir().orElseGet(SiteLossDrill::tempDir).toAbsolutePath();
    Files.createDirectories(dir);
    Path log = dir.resolve("drill.log");
    boolean quiet = DemoLogging.toFile(log);
    long t0 = System.nanoTime();
    Instant startedAt = Instant.now();
    Progress progress = new Progress(out, t0);
    progress.raw(
        "vigil drill site-loss: lose "
            + settings.lose().rack()
            + " mid-incident (SIGKILL of its broker"
            + (settings.lose().hostsVigil() ? " and of its Vigil instance" : "")
            + "); standby replicas "
            + settings.standbys());
    progress.raw("  data dir " + dir + (quiet ? " (log: " + log + ")" : ""));
    DrillRun run = new DrillRun(settings, dir, progress);
    try {
      VigilConfig platform = ConfigLoader.load(DrillFiles.platform(dir));
      progress.step(
          "starting three brokers (racks primary, backup, witness), each in its own JVM, and the"
              + " registry");
      new Launcher(platform, dir.resolve(PLATFORM_DIR), List.of())
          .runWith(
              endpoints -> {
                run.scenario(endpoints);
                return null;
              });
    } catch (Exception e) {
      run.failed(e);
    } finally {
      run.closeInstances();
    }
    return run.report(startedAt, (System.nanoTime() - t0) / 1e9);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("vigil-drill-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The state of one drill run: what was started, what was seen. */
  static final class DrillRun {
    private final Settings settings;
    private final Path dir;
    private final Progress progress;
    private final Map<Location, VigilInstance> instances = new EnumMap<>(Location.class);
    private final DrillChecks.Evidence evidence = new DrillChecks.Evidence();

    DrillRun(Settings settings, Path dir, Progress progress) {
      this.settings = settings;
      this.dir = dir;
      this.progress = progress;
    }

    void scenario(Map<String, String> endpoints) throws Exception {
      String bootstrap = endpoints.get("bootstrap");
      String registryUrl = endpoints.get("registry");
      printPlatform(endpoints);
      // the drill reads as the admin; its collectors write as the platform's collector
      Path platformDir = dir.resolve(PLATFORM_DIR);
      Map<String, Object> connection =
          ClientConnections.local(platformDir, endpoints, PlatformCredentials.ADMIN);
      Map<String, Object> collectors =
          ClientConnections.local(
              platformDir,
              endpoints,
              AccessPolicy.collectorUser(VigilConfig.defaults().ingest().site()));
      startInstances(bootstrap, platformDir, registryUrl);
      Thread hook = new Thread(this::closeInstances, "vigil-drill-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try (SchemaRegistryClient registry = SchemaRegistryClients.create(registryUrl, Map.of());
          KafkaProducer<String, byte[]> producer =
              Clients.producer(
                  collectors,
                  "vigil-drill-collectors",
                  new StringSerializer(),
                  new ByteArraySerializer());
          DrillWatch watch = new DrillWatch(connection, registry)) {
        DrillFeed feed = new DrillFeed(SERVICES, registry, producer);
        new Incident(settings, progress, instances, feed, watch, evidence)
            .play(connection, registry, endpoints);
      } finally {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }

    private void printPlatform(Map<String, String> endpoints) {
      progress.line(
          "ready",
          "Kafka "
              + endpoints.get("bootstrap")
              + " ("
              + endpoints.getOrDefault(ClientConnections.SECURITY_KEY, "PLAINTEXT")
              + "), registry "
              + endpoints.get("registry"));
      for (Location l : Location.values()) {
        progress.line(
            "broker",
            l.rack()
                + ": "
                + endpoints.get("broker." + l.rack())
                + " (pid "
                + endpoints.get("broker." + l.rack() + ".pid")
                + ")");
      }
    }

    /**
     * One Vigil instance per site. The instance at the location to lose starts first and takes
     * every task; the other joins later and (Streams' high-availability assignor) gets active tasks
     * only once it has caught up, so at the loss the lost site runs the incident's task and the
     * takeover is exercised.
     */
    private void startInstances(String bootstrap, Path platformDir, String registryUrl)
        throws IOException, InterruptedException {
      Path keys = DrillFiles.keys(dir);
      progress.step(
          "starting a Vigil instance per site (vigil streams: redactor, correlator), standby"
              + " replicas "
              + settings.standbys());
      Location first = settings.lose().hostsVigil() ? settings.lose() : Location.PRIMARY;
      for (Location site : List.of(first, first.otherSite())) {
        Path yaml =
            DrillFiles.site(
                dir,
                site,
                bootstrap,
                platformDir,
                registryUrl,
                keys,
                settings.standbys(),
                SERVICES);
        VigilInstance instance =
            VigilInstance.start(site, yaml, dir.resolve(site.rack()), settings.instanceHeapMb());
        instances.put(site, instance);
        if (site == first) {
          instance.awaitReady(java.time.Duration.ofSeconds(240));
        }
      }
    }

    void failed(Exception e) {
      String reason =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      evidence.failure = Optional.of(reason);
      progress.line("FAILED", reason);
      instances.values().forEach(i -> progress.line("log", i.site().rack() + ": " + i.log()));
    }

    void closeInstances() {
      for (VigilInstance i : new ArrayList<>(instances.values())) {
        try {
          i.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    DrillReport report(Instant startedAt, double seconds) {
      return DrillChecks.report(settings, evidence, startedAt, seconds);
    }
  }
}
