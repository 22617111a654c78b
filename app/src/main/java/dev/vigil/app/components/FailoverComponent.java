package dev.vigil.app.components;

import dev.vigil.app.config.FailoverSection;
import dev.vigil.app.config.StreamsSection;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.streams.failover.FailoverApp;
import dev.vigil.streams.failover.config.FailoverConfig;
import java.nio.file.Path;
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

  private FailoverComponent(Optional<FailoverApp> app) {
    this.app = app;
  }

  public static ComponentFactory factory() {
    return FailoverComponent::start;
  }

  static FailoverComponent start(RuntimeContext context) {
    Optional<FailoverConfig> config = context.config().failoverConfig();
    if (config.isEmpty()) {
      LOGGER.atInfo().log("no sites/services/failover/gates in the config: failover not started");
      return new FailoverComponent(Optional.empty());
    }
    FailoverSection section = context.config().failoverSection();
    FailoverApp.Settings settings =
        settings(section, context.config().streams(), context.dataDir());
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
    return new FailoverComponent(Optional.of(app));
  }

  /**
   * The Streams settings from the {@code failover} key and the {@code streams} key's thread bound;
   * state under {@code <data-dir>/streams}.
   */
  static FailoverApp.Settings settings(
      FailoverSection section, StreamsSection streams, Path dataDir) {
    return new FailoverApp.Settings(
        section.applicationId(),
        section.tickInterval(),
        dataDir.resolve("streams"),
        streams.threadPolicy().asOverrides());
  }

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public void close() {
    app.ifPresent(FailoverApp::close);
  }
}
