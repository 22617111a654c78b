package dev.vigil.app.components;

import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.app.selfmon.SelfHealth;
import dev.vigil.ingest.http.IngestServer;
import dev.vigil.ingest.runtime.Collectors;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.streams.runtime.StreamsStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The collectors ({@link Collectors}, the ingest module's runtime) as a {@code vigil run}/{@code
 * vigil ingest} component: this class only hands them the runtime's data dir, Kafka, registry and
 * telemetry, and makes their {@code /readyz} follow the Streams apps of the same process.
 */
public final class IngestComponent implements Component {
  /** Collector id of the per-run token used when {@code ingest.http.tokens} is empty. */
  public static final String LOCAL_COLLECTOR = Collectors.LOCAL_COLLECTOR;

  private final Collectors collectors;

  private IngestComponent(Collectors collectors) {
    this.collectors = collectors;
  }

  public static ComponentFactory factory() {
    return IngestComponent::start;
  }

  static IngestComponent start(RuntimeContext context) {
    Collectors collectors =
        Collectors.start(
            context.config().ingest(),
            new Collectors.Environment(
                context.dataDir(),
                context.kafkaPropertiesOf(
                    AccessPolicy.collectorUser(context.config().ingest().site())),
                context.registry(),
                context.openTelemetry(),
                readiness(context.self())));
    context
        .self()
        .spool(
            collectors.site() + "/" + collectors.collectorId(),
            new SelfHealth.Spool(collectors::spoolDepthBytes, collectors.spoolMaxBytes()));
    return new IngestComponent(collectors);
  }

  /**
   * {@code /readyz} also follows the Streams apps started before the collectors ({@code vigil
   * run}): not ready while one is not RUNNING/REBALANCING; the body lists each app's state under
   * {@code streams}. Open self-alerts are listed under {@code self} (dedup key → severity) without
   * changing readiness: the spool takes events while Kafka is away, which is what it is for. {@code
   * vigil ingest} has no Streams apps and adds only the {@code self} part.
   */
  static Map<String, IngestServer.ReadinessCheck> readiness(SelfHealth self) {
    Map<String, IngestServer.ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put(
        "self",
        () -> {
          Map<String, String> open = new LinkedHashMap<>();
          self.openAlerts().forEach(a -> open.put(a.dedupKey(), a.severity().name()));
          return new IngestServer.ReadinessCheck.Result(true, open);
        });
    if (self.streams().isEmpty()) {
      return checks;
    }
    checks.put(
        "streams",
        () -> {
          Map<String, String> states = new LinkedHashMap<>();
          boolean ready = true;
          for (StreamsStatus s : self.streams()) {
            states.put(s.applicationId(), s.state().name());
            ready &= s.ready();
          }
          return new IngestServer.ReadinessCheck.Result(ready, states);
        });
    return checks;
  }

  @Override
  public String name() {
    return "collectors";
  }

  @Override
  public Map<String, String> endpoints() {
    return collectors.endpoints();
  }

  @Override
  public void close() {
    collectors.close();
  }
}
