package dev.vigil.app.components;

import dev.vigil.app.config.StreamsPlacement;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.streams.failover.FailoverStatus;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.topology.FailoverApp;
import dev.vigil.streams.failover.topology.FailoverSection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover correlator as a {@code vigil run}/{@code vigil streams} component. Started only when
 * the config has the failover keys ({@code sites}, {@code services}, {@code failover}, {@code
 * gates}); otherwise it logs that and stays idle.
 */
public final class FailoverComponent implements Component {
  private static final Logger LOGGER = LoggerFactory.getLogger(FailoverComponent.class);

  private final Optional<FailoverApp> app;
  private final Optional<StatusServer> status;

  private FailoverComponent(Optional<FailoverApp> app, Optional<StatusServer> status) {
    this.app = app;
    this.status = status;
  }

  public static ComponentFactory factory() {
    return FailoverComponent::start;
  }

  static FailoverComponent start(RuntimeContext context) {
    Optional<FailoverConfig> config = context.config().failoverConfig();
    if (config.isEmpty()) {
      LOGGER.atInfo().log("no sites/services/failover/gates in the config: failover not started");
      return new FailoverComponent(Optional.empty(), Optional.empty());
    }
    FailoverApp.Settings settings = settings(context.config(), context.dataDir());
    LOGGER
        .atInfo()
        .addKeyValue("services", config.get().services().size())
        .addKeyValue("config_version", config.get().configVersion())
        .addKeyValue("application_id", settings.applicationId())
        .addKeyValue("tick_ms", settings.tickInterval().toMillis())
        .addKeyValue("live_cache_size", settings.liveCacheSize())
        .log("starting failover correlator");
    // The status server first: its address is the app's application.server, so that the other
    // instances can forward a service's status request to the one owning it.
    AtomicReference<FailoverApp> started = new AtomicReference<>();
    OwnerRouting routing = new OwnerRouting(started::get);
    StatusServer status =
        StatusServer.start(
            context.config().platform().host(), 0, routing, Optional.of(context.self()));
    HostInfo self = new HostInfo(status.url().getHost(), status.url().getPort());
    routing.self(self);
    FailoverApp app;
    try {
      Map<String, Object> overrides = new HashMap<>(settings.overrides());
      overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
      app =
          FailoverApp.start(
              config.get(),
              new FailoverApp.Settings(
                  settings.applicationId(),
                  settings.tickInterval(),
                  settings.stateDir(),
                  overrides,
                  settings.liveCacheSize(),
                  settings.audit()),
              context.kafkaProperties(Principal.CORRELATOR),
              context.registry(),
              context.openTelemetry());
    } catch (RuntimeException e) {
      status.close();
      throw e;
    }
    started.set(app);
    context.streams().watch(app.runner());
    LOGGER.atInfo().addKeyValue("url", status.url()).log("status page and API serving");
    return new FailoverComponent(Optional.of(app), Optional.of(status));
  }

  /**
   * The correlator's stores as the status server's source: a service owned by another instance
   * ({@code queryMetadataForKey}) is named by its {@code application.server}; the peers are every
   * other instance of the app. Answers 503 (no stores yet) until the app has started.
   */
  static final class OwnerRouting implements StatusServer.Source {
    private final Supplier<FailoverApp> app;
    private final AtomicReference<HostInfo> self = new AtomicReference<>(HostInfo.unavailable());

    OwnerRouting(Supplier<FailoverApp> app) {
      this.app = app;
    }

    /** This instance's {@code application.server}. */
    void self(HostInfo hostInfo) {
      self.set(hostInfo);
    }

    private FailoverApp app() {
      FailoverApp a = app.get();
      if (a == null) {
        throw new InvalidStateStoreException("the correlator is starting");
      }
      return a;
    }

    @Override
    public List<FailoverStatus> all(Instant now) {
      return app().statusQuery().all(now);
    }

    @Override
    public Optional<FailoverStatus> one(String service, Instant now) {
      return app().statusQuery().one(service, now);
    }

    @Override
    public Optional<String> ownerElsewhere(String service) {
      HostInfo self = self();
      return app()
          .statusQuery()
          .owner(service)
          .map(KeyQueryMetadata::activeHost)
          .filter(h -> !h.equals(self) && !h.equals(HostInfo.unavailable()))
          .map(h -> h.host() + ":" + h.port());
    }

    @Override
    public List<String> peers() {
      HostInfo self = self();
      return app().runner().streams().metadataForAllStreamsClients().stream()
          .map(StreamsMetadata::hostInfo)
          .filter(h -> !h.equals(self) && !h.equals(HostInfo.unavailable()))
          .map(h -> h.host() + ":" + h.port())
          .distinct()
          .sorted()
          .toList();
    }

    private HostInfo self() {
      return self.get();
    }
  }

  /** {@code status}: the status page (its JSON API under {@code api/v1/services}). */
  @Override
  public Map<String, String> endpoints() {
    return status.map(s -> Map.of("status", s.url().toString())).orElse(Map.of());
  }

  /**
   * The Streams settings from the {@code failover} key, and the {@code streams}, {@code topics} and
   * {@code instance} keys' placement ({@link StreamsPlacement}); state under {@code
   * <data-dir>/streams}.
   */
  static FailoverApp.Settings settings(VigilConfig config, Path dataDir) {
    FailoverSection section = config.failoverSection();
    return new FailoverApp.Settings(
        section.applicationId(),
        section.tickInterval(),
        dataDir.resolve("streams"),
        StreamsPlacement.overrides(config),
        section.liveCacheSize(),
        config.audit().writing(dataDir));
  }

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public void close() {
    status.ifPresent(StatusServer::close);
    app.ifPresent(FailoverApp::close);
  }
}
