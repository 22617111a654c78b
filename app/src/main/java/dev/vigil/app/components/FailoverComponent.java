package dev.vigil.app.components;

import dev.vigil.app.config.FailoverSection;
import dev.vigil.app.config.StreamsPlacement;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.streams.failover.FailoverApp;
import dev.vigil.streams.failover.FailoverStatus;
import dev.vigil.streams.failover.FailoverStatusQuery;
import dev.vigil.streams.failover.config.FailoverConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        .log("starting failover correlator");
    FailoverApp app =
        FailoverApp.start(
            config.get(),
            settings,
            context.kafkaProperties(),
            context.registry(),
            context.openTelemetry());
    context.streams().watch(app.runner());
    FailoverStatusQuery query = app.statusQuery();
    StatusServer status;
    try {
      status =
          StatusServer.start(
              context.config().platform().host(),
              0,
              new StatusServer.Source() {
                @Override
                public List<FailoverStatus> all(Instant now) {
                  return query.all(now);
                }

                @Override
                public Optional<FailoverStatus> one(String service, Instant now) {
                  return query.one(service, now);
                }
              });
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
    LOGGER.atInfo().addKeyValue("url", status.url()).log("status page and API serving");
    return new FailoverComponent(Optional.of(app), Optional.of(status));
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
        StreamsPlacement.overrides(config));
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
