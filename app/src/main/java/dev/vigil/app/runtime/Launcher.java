package dev.vigil.app.runtime;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.telemetry.Telemetry;
import dev.vigil.app.telemetry.TelemetryConfig;
import dev.vigil.schemas.catalog.CatalogueBootstrap;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.RegistryConfig;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import io.opentelemetry.api.metrics.LongHistogram;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a long-running command: telemetry, platform, catalogue, components, endpoints.json,
 * then wait for SIGTERM/Ctrl-C and close everything in reverse order.
 */
public final class Launcher {
  private static final Logger LOGGER = LoggerFactory.getLogger(Launcher.class);

  private final VigilConfig config;
  private final Path dataDir;
  private final List<ComponentFactory> factories;
  private final CloseStack started = new CloseStack();

  public Launcher(VigilConfig config, Path dataDir, List<ComponentFactory> factories) {
    this.config = config;
    this.dataDir = dataDir.toAbsolutePath();
    this.factories = List.copyOf(factories);
  }

  /**
   * Starts everything, prints one ready line, blocks until a stop signal; returns 0 on a clean
   * stop.
   */
  public int run(ShutdownSignal signal, PrintWriter out) throws InterruptedException {
    long t0 = System.nanoTime();
    try {
      Endpoints endpoints = start();
      Path file = endpoints.write(dataDir);
      long readyMs = (System.nanoTime() - t0) / 1_000_000;
      out.printf("vigil ready in %d ms; endpoints in %s%n", readyMs, file);
      endpoints.asMap().forEach((k, v) -> out.printf("  %-9s %s%n", k, v));
      out.flush();
      signal.await();
    } finally {
      stop();
    }
    out.println("vigil stopped");
    out.flush();
    return 0;
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
      Endpoints endpoints = start();
      endpoints.write(dataDir);
      return body.run(endpoints.asMap());
    } finally {
      stop();
    }
  }

  private Endpoints start() {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dataDir, e);
    }
    Endpoints.delete(dataDir); // a stale file from a crashed run must not be mistaken for ours
    long t0 = System.nanoTime();
    Telemetry telemetry = remember(Telemetry.start(telemetryConfig()));
    PlatformRuntime platform = remember(PlatformRuntime.start(config, dataDir));
    SchemaRegistryClient registry =
        remember(SchemaRegistryClients.create(platform.registryUrl(), registryClientConfig()));
    try (Admin admin = Admin.create(platform.clientProperties())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, config.registry().autoRegister());
    }
    Endpoints endpoints =
        new Endpoints()
            .put("bootstrap", platform.bootstrapServers())
            .put("registry", platform.registryUrl());
    telemetry.prometheusEndpoint().ifPresent(uri -> endpoints.put("metrics", uri.toString()));
    RuntimeContext context =
        new RuntimeContext(
            config, dataDir, platform.clientProperties(), registry, telemetry.openTelemetry());
    for (ComponentFactory factory : factories) {
      Component component = remember(factory.start(context));
      component.endpoints().forEach(endpoints::put);
      LOGGER.atInfo().addKeyValue("component", component.name()).log("component started");
    }
    LongHistogram startup =
        telemetry
            .openTelemetry()
            .getMeter("vigil")
            .histogramBuilder("vigil.startup.duration")
            .setUnit("ms")
            .ofLongs()
            .build();
    startup.record((System.nanoTime() - t0) / 1_000_000);
    return endpoints;
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

  private void stop() {
    started.closeAll();
    Endpoints.delete(dataDir);
  }
}
