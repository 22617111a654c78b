package dev.vigil.app.runtime;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.selfmon.SelfHealth;
import dev.vigil.app.selfmon.SelfMonitor;
import dev.vigil.app.telemetry.Telemetry;
import dev.vigil.app.telemetry.TelemetryConfig;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.RegistryConfig;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.streams.runtime.StreamsStatus;
import dev.vigil.streams.runtime.StreamsSupervisor;
import io.opentelemetry.api.metrics.LongHistogram;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a long-running command: telemetry, platform, catalogue, components (and the
 * supervisor of their Streams apps), endpoints.json, then wait for SIGTERM/Ctrl-C — or a Streams
 * app in ERROR — and close everything in reverse order.
 */
public final class Launcher {
  private static final Logger LOGGER = LoggerFactory.getLogger(Launcher.class);

  private final VigilConfig config;
  private final Path dataDir;
  private final List<ComponentFactory> factories;
  private final CloseStack started = new CloseStack();
  private final AtomicReference<String> failedApp = new AtomicReference<>();
  private DataDirLock lock;

  /** Exit code of {@link #run} when a Streams app ended in ERROR. */
  public static final int EXIT_STREAMS_ERROR = 3;

  /** Where the Streams alerts still open survive a restart, under the data dir. */
  static final String OPEN_ALERTS_FILE = "streams-open-alerts";

  /** Where the open self-alerts ({@link SelfMonitor}) survive a restart, under the data dir. */
  static final String SELF_OPEN_ALERTS_FILE = "self-open-alerts";

  private static final Duration SUPERVISOR_CHECK_INTERVAL = Duration.ofSeconds(1);

  public Launcher(VigilConfig config, Path dataDir, List<ComponentFactory> factories) {
    this.config = config;
    this.dataDir = dataDir.toAbsolutePath();
    this.factories = List.copyOf(factories);
  }

  /**
   * Starts everything, prints one ready line, blocks until a stop signal or until a Streams app
   * ends in ERROR (it could not recover: its thread-replacement bound is spent); then stops
   * everything. Returns 0 on a clean stop, {@link #EXIT_STREAMS_ERROR} after an app's ERROR.
   */
  public int run(ShutdownSignal signal, PrintWriter out) throws InterruptedException {
    long t0 = System.nanoTime();
    try {
      Endpoints endpoints =
          start(
              failed -> {
                LOGGER
                    .atError()
                    .addKeyValue("app", failed.applicationId())
                    .addKeyValue("thread_replacements", failed.threadReplacements())
                    .addKeyValue("exit_code", EXIT_STREAMS_ERROR)
                    .log("a Streams app ended in ERROR; stopping everything");
                failedApp.compareAndSet(null, failed.applicationId());
                signal.fail(EXIT_STREAMS_ERROR);
              });
      Path file = endpoints.write(dataDir);
      long readyMs = (System.nanoTime() - t0) / 1_000_000;
      out.printf("vigil ready in %d ms; endpoints in %s%n", readyMs, file);
      endpoints.asMap().forEach((k, v) -> out.printf("  %-9s %s%n", k, v));
      out.flush();
      signal.await();
    } finally {
      stop();
    }
    int code = signal.exitCode();
    out.println(
        code == 0
            ? "vigil stopped"
            : "vigil stopped: Streams app "
                + failedApp.get()
                + " ended in ERROR (exit "
                + code
                + ")");
    out.flush();
    return code;
  }

  /** What a command with a finite life ({@code vigil demo}) does while everything runs. */
  @FunctionalInterface
  public interface Body<T> {
    T run(Map<String, String> endpoints) throws Exception;
  }

  /**
   * Starts everything as {@link #run} does and writes endpoints.json, then runs {@code body} with
   * the endpoints instead of waiting for a signal; stops everything when it returns or throws.
   */
  public <T> T runWith(Body<T> body) throws Exception {
    try {
      Endpoints endpoints = start(failed -> {});
      endpoints.write(dataDir);
      return body.run(endpoints.asMap());
    } finally {
      stop();
    }
  }

  /** Starts everything; {@code onStreamsError} hears of a Streams app that reached ERROR. */
  private Endpoints start(Consumer<StreamsStatus> onStreamsError) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dataDir, e);
    }
    lock = DataDirLock.acquire(dataDir); // before anything touches the broker's log dirs
    Endpoints.delete(dataDir); // a stale file from a crashed run must not be mistaken for ours
    long t0 = System.nanoTime();
    Telemetry telemetry = remember(Telemetry.start(telemetryConfig()));
    // The catalogue in two halves, each as soon as its part of the platform is up: the schemas
    // once the registry is (usually before the broker), the topics once the broker is (while the
    // users and ACLs are created).
    Map<String, Object> registryClientConfig = registryClientConfig();
    CompletableFuture<SchemaRegistryClient> registryClient = new CompletableFuture<>();
    CompletableFuture<Map<String, Integer>> schemas =
        registryClient.thenCompose(
            r ->
                CatalogueBootstrap.registerSchemasAsync(
                    r, Topics.ALL, config.registry().autoRegister()));
    CompletableFuture<Map<String, Object>> kafkaAdmin = new CompletableFuture<>();
    CompletableFuture<List<String>> topics =
        kafkaAdmin.thenApplyAsync(
            props -> {
              try (Admin admin = Admin.create(props)) {
                return CatalogueBootstrap.createTopics(admin, Topics.ALL, config.topics()::sizing);
              }
            },
            runnable -> {
              Thread thread = new Thread(runnable, "vigil-catalogue-topics");
              thread.setDaemon(true);
              thread.start();
            });
    PlatformRuntime platform;
    try {
      platform =
          remember(
              PlatformRuntime.start(
                  config,
                  dataDir,
                  url -> {
                    try {
                      registryClient.complete(
                          SchemaRegistryClients.create(url, registryClientConfig));
                    } catch (RuntimeException e) {
                      registryClient.completeExceptionally(e);
                    }
                  },
                  kafkaAdmin::complete));
    } catch (RuntimeException e) {
      registryClient.thenAccept(SchemaRegistryClient::close);
      throw e;
    }
    SchemaRegistryClient registry;
    try {
      registry = remember(registryClient.join());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    CatalogueBootstrap.finish(Topics.ALL.size(), topics, schemas);
    Endpoints endpoints = baseEndpoints(platform, telemetry);
    StreamsHealth streams = remember(new StreamsHealth(telemetry.openTelemetry()));
    streams.onChange(
        s -> {
          if (s.state() == KafkaStreams.State.ERROR) {
            onStreamsError.accept(s);
          }
        });
    SelfHealth self = new SelfHealth(streams);
    RuntimeContext context =
        new RuntimeContext(
            config,
            dataDir,
            platform.clientProperties(),
            registry,
            telemetry.openTelemetry(),
            streams,
            self,
            platform::clientProperties);
    for (Component component : startComponents(context)) {
      component.endpoints().forEach(endpoints::put);
    }
    remember(
        SelfMonitor.start(
            config.alerts().selfMonitoring(),
            self,
            () -> watchedGroups(streams),
            platform.clientProperties(),
            registry,
            telemetry.openTelemetry(),
            dataDir.resolve(SELF_OPEN_ALERTS_FILE)));
    if (!streams.statuses().isEmpty()) {
      // Pushed last, so closed first: its last check runs while the apps are still as they were.
      remember(startSupervisor(streams, platform, registry));
    }
    recordStartup(telemetry, t0);
    return endpoints;
  }

  /** The broker, registry, audit-keys and metrics endpoints. */
  private Endpoints baseEndpoints(PlatformRuntime platform, Telemetry telemetry) {
    Endpoints endpoints =
        new Endpoints()
            .put("bootstrap", platform.bootstrapServers())
            .put("registry", platform.registryUrl())
            .put(
                Endpoints.AUDIT_KEYS_DIR,
                config.audit().keysDir(dataDir).toAbsolutePath().toString());
    if (platform.secured()) {
      endpoints.put(ClientConnections.SECURITY_KEY, "SASL_SSL");
      Path credentials = platform.credentialsDataDir().orElseThrow().normalize();
      if (!credentials.equals(dataDir.toAbsolutePath().normalize())) {
        endpoints.put(ClientConnections.CREDENTIALS_KEY, credentials.toString());
      }
    }
    platform.brokerEndpoints().forEach(endpoints::put);
    telemetry.prometheusEndpoint().ifPresent(uri -> endpoints.put("metrics", uri.toString()));
    return endpoints;
  }

  private StreamsSupervisor startSupervisor(
      StreamsHealth streams, PlatformRuntime platform, SchemaRegistryClient registry) {
    return StreamsSupervisor.start(
        streams,
        new StreamsSupervisor.Settings(
            config.streams().alertGrace(),
            SUPERVISOR_CHECK_INTERVAL,
            Optional.of(dataDir.resolve(OPEN_ALERTS_FILE))),
        // its self-alerts go to vigil.alerts.v1, which the correlator's principal writes
        platform.clientProperties(AccessPolicy.userName(Principal.CORRELATOR)),
        registry);
  }

  private static void recordStartup(Telemetry telemetry, long t0) {
    LongHistogram startup =
        telemetry
            .openTelemetry()
            .getMeter("vigil")
            .histogramBuilder("vigil.startup.duration")
            .setUnit("ms")
            .ofLongs()
            .build();
    startup.record((System.nanoTime() - t0) / 1_000_000);
  }

  /** The consumer groups whose lag is watched: this process's Streams apps and alert dispatcher. */
  private List<String> watchedGroups(StreamsHealth streams) {
    List<String> groups = new ArrayList<>();
    streams.statuses().forEach(s -> groups.add(s.applicationId()));
    if (!config.alerts().destinations().isEmpty()) {
      groups.add(config.alerts().groupId());
    }
    return groups;
  }

  private TelemetryConfig telemetryConfig() {
    TelemetryConfig telemetry =
        TelemetryConfig.defaults("vigil").withPrometheusPort(config.telemetry().prometheusPort());
    return config
        .telemetry()
        .otlpEndpoint()
        .map(e -> telemetry.withOtlpEndpoint(java.net.URI.create(e)))
        .orElse(telemetry);
  }

  private Map<String, Object> registryClientConfig() {
    Map<String, Object> map = new HashMap<>();
    config
        .registry()
        .basicAuthFile()
        .ifPresent(
            f -> {
              try {
                map.put(RegistryConfig.BASIC_AUTH_USER_INFO, Files.readString(f).trim());
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read registry.basicAuthFile " + f, e);
              }
            });
    return map;
  }

  private <T extends AutoCloseable> T remember(T closeable) {
    return started.push(closeable);
  }

  /**
   * Starts the components side by side (each one's start is mostly waiting: for its Streams
   * threads' first rebalance, its producers' transactions, the registry); all are remembered for
   * closing in factory order, whether or not the others started. The first failure is thrown, after
   * every start has ended, with the others suppressed.
   */
  private List<Component> startComponents(RuntimeContext context) {
    if (factories.size() <= 1) {
      List<Component> one = new ArrayList<>();
      for (ComponentFactory factory : factories) {
        one.add(started(remember(factory.start(context))));
      }
      return one;
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            factories.size(),
            r -> {
              Thread t = new Thread(r, "vigil-start-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Component>> futures = new ArrayList<>();
      for (ComponentFactory factory : factories) {
        futures.add(pool.submit(() -> started(factory.start(context))));
      }
      List<Component> components = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<Component> future : futures) {
        try {
          components.add(remember(future.get()));
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException("a component failed to start", e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting components", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return components;
    } finally {
      pool.shutdown();
    }
  }

  private static Component started(Component component) {
    LOGGER.atInfo().addKeyValue("component", component.name()).log("component started");
    return component;
  }

  private void stop() {
    try (StopDeadline deadline = StopDeadline.armForThisJvm(StopDeadline.DEFAULT, started)) {
      started.closeAll();
      if (lock != null) { // without the lock, endpoints.json is another process's
        Endpoints.delete(dataDir);
        lock.close();
        lock = null;
      }
    }
  }
}
