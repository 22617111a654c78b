package dev.vigil.alerts;

import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertSeverity;
import java.util.Objects;
import java.util.Set;

/**
 * Which alerts a destination gets: at least {@code minSeverity} (SEV1 is the most urgent), and,
 * when the sets are not empty, only those services and sites. An alert without a site passes the
 * site filter (it concerns the service as a whole).
 */
public record Route(AlertSeverity minSeverity, Set<String> services, Set<String> sites) {
  /** Every alert. */
  public static final Route ALL = new Route(AlertSeverity.SEV4, Set.of(), Set.of());

  public Route {
    Objects.requireNonNull(minSeverity, "minSeverity");
    services = Set.copyOf(services);
    sites = Set.copyOf(sites);
  }

  public boolean matches(Alert alert) {
    return alert.getSeverity().ordinal() <= minSeverity.ordinal()
        && (services.isEmpty() || services.contains(alert.getService()))
        && (sites.isEmpty() || alert.getSite() == null || sites.contains(alert.getSite()));
  }
}
