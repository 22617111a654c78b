package dev.vigil.app.components;

import dev.vigil.app.config.StreamsPlacement;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.streams.ocsf.OcsfApp;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSF exporter (docs/siem.md) as a {@code vigil run}/{@code vigil streams} component. Its
 * application id is the redactor's plus {@code -ocsf}, so two deployments on one cluster stay apart
 * without a key of their own.
 */
public final class OcsfComponent implements Component {
  private static final Logger LOGGER = LoggerFactory.getLogger(OcsfComponent.class);

  /** Suffix of the exporter's application id after {@code redaction.applicationId}. */
  public static final String APPLICATION_ID_SUFFIX = "-ocsf";

  private final OcsfApp app;

  private OcsfComponent(OcsfApp app) {
    this.app = app;
  }

  public static ComponentFactory factory() {
    return OcsfComponent::start;
  }

  static OcsfComponent start(RuntimeContext context) {
    OcsfApp.Settings settings = settings(context.config(), context.dataDir());
    LOGGER
        .atInfo()
        .addKeyValue("application_id", settings.applicationId())
        .log("starting OCSF exporter");
    OcsfApp app =
        OcsfApp.start(
            settings,
            context.kafkaProperties(Principal.EXPORTER),
            context.registry(),
            context.openTelemetry());
    context.streams().watch(app.runner());
    return new OcsfComponent(app);
  }

  /**
   * Application id {@code <redaction.applicationId>-ocsf}, Vigil's version, state under {@code
   * <data-dir>/streams}, the {@code streams} key's thread bound.
   */
  static OcsfApp.Settings settings(VigilConfig config, Path dataDir) {
    return new OcsfApp.Settings(
        config.redaction().applicationId() + APPLICATION_ID_SUFFIX,
        productVersion(),
        dataDir.resolve("streams"),
        StreamsPlacement.overrides(config));
  }

  /** The jar's Implementation-Version ({@code vigil --version}), or {@code dev} from classes. */
  static String productVersion() {
    return Objects.requireNonNullElse(
        OcsfComponent.class.getPackage().getImplementationVersion(), "dev");
  }

  @Override
  public String name() {
    return "ocsf";
  }

  @Override
  public void close() {
    app.close();
  }
}
