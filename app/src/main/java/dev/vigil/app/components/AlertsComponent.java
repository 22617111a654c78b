package dev.vigil.app.components;

import dev.vigil.alerts.AlertDispatcher;
import dev.vigil.alerts.AlertsSection;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.schemas.catalog.Principal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert dispatcher ({@code alerts} module) as a {@code vigil run}/{@code vigil streams}
 * component: delivers {@code vigil.alerts.v1} to the destinations of the {@code alerts} config key.
 * Idle when there are none.
 */
public final class AlertsComponent implements Component {
  private static final Logger LOGGER = LoggerFactory.getLogger(AlertsComponent.class);

  private final Optional<AlertDispatcher> dispatcher;

  private AlertsComponent(Optional<AlertDispatcher> dispatcher) {
    this.dispatcher = dispatcher;
  }

  public static ComponentFactory factory() {
    return AlertsComponent::start;
  }

  static AlertsComponent start(RuntimeContext context) {
    AlertsSection section = context.config().alerts();
    if (section.destinations().isEmpty()) {
      LOGGER.atInfo().log("no alerts.destinations in the config: alert dispatcher not started");
      return new AlertsComponent(Optional.empty());
    }
    return new AlertsComponent(
        Optional.of(
            AlertDispatcher.start(
                section.settings(context.dataDir()),
                section.resolveDestinations(),
                context.kafkaProperties(Principal.DISPATCHER),
                context.registry(),
                context.openTelemetry())));
  }

  /** The running dispatcher, when there are destinations (status API, readiness). */
  public Optional<AlertDispatcher> dispatcher() {
    return dispatcher;
  }

  @Override
  public String name() {
    return "alerts";
  }

  @Override
  public void close() {
    dispatcher.ifPresent(AlertDispatcher::close);
  }
}
