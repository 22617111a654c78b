package dev.vigil.app.components;

import dev.vigil.app.config.StreamsPlacement;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.streams.redaction.RedactionApp;

/** The redactor as a {@code vigil run}/{@code vigil streams} component. */
public final class RedactionComponent implements Component {
  private final RedactionApp app;

  private RedactionComponent(RedactionApp app) {
    this.app = app;
  }

  public static ComponentFactory factory() {
    return RedactionComponent::start;
  }

  static RedactionComponent start(RuntimeContext context) {
    var config = context.config().redaction();
    RedactionApp.Settings settings =
        new RedactionApp.Settings(
            config.applicationId(),
            config.rulesFile(),
            RedactionKeys.resolve(config, context.dataDir()),
            context.dataDir().resolve("streams"),
            StreamsPlacement.overrides(context.config()),
            config.ruleKeys(),
            context.config().audit().writing(context.dataDir()));
    RedactionApp app =
        RedactionApp.start(
            settings,
            context.kafkaProperties(Principal.REDACTOR),
            context.registry(),
            context.openTelemetry());
    app.runners().forEach(context.streams()::watch);
    return new RedactionComponent(app);
  }

  @Override
  public String name() {
    return "redactor";
  }

  @Override
  public void close() {
    app.close();
  }
}
