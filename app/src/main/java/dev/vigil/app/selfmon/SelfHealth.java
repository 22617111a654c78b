package dev.vigil.app.selfmon;

import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.streams.runtime.StreamsStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * What the process knows about its own condition, shared by its components: the spools the
 * collectors register for {@link SelfMonitor} to measure, and the monitor's latest readings and
 * open self-alerts, which {@code /readyz} and {@code /api/v1/health} show.
 */
public final class SelfHealth {
  /** A spool to watch: its depth and its maximum, in bytes. */
  public record Spool(LongSupplier depthBytes, long maxBytes) {}

  /** One open self-alert as the health API shows it. */
  public record OpenAlert(String dedupKey, AlertSeverity severity, Optional<SelfReading> reading) {}

  private final StreamsHealth streams;
  private final Map<String, Spool> spools = new ConcurrentSkipListMap<>();
  private volatile Map<String, SelfReading> latest = Map.of();
  private volatile Map<String, AlertSeverity> open = Map.of();
  private volatile Optional<Instant> checkedAt = Optional.empty();

  public SelfHealth(StreamsHealth streams) {
    this.streams = streams;
  }

  /** Registers a collector's spool under {@code name} (e.g. {@code site-a/collector-1}). */
  public void spool(String name, Spool spool) {
    spools.put(name, spool);
  }

  Map<String, Spool> spools() {
    return Map.copyOf(spools);
  }

  /** Records a round of the monitor (its latest readings and open alerts). */
  public void update(Map<String, SelfReading> latest, Map<String, AlertSeverity> open, Instant at) {
    this.latest = Map.copyOf(latest);
    this.open = Map.copyOf(open);
    this.checkedAt = Optional.of(at);
  }

  /** The Streams apps of the process. */
  public List<StreamsStatus> streams() {
    return streams.statuses();
  }

  /** The open self-alerts of this process's monitor, by dedup key. */
  public List<OpenAlert> openAlerts() {
    Map<String, SelfReading> readings = latest;
    return new TreeMap<>(open)
        .entrySet().stream()
            .map(
                e ->
                    new OpenAlert(
                        e.getKey(), e.getValue(), Optional.ofNullable(readings.get(e.getKey()))))
            .toList();
  }

  /** The latest reading of every measured subject, by dedup key. */
  public Map<String, SelfReading> readings() {
    return new TreeMap<>(latest);
  }

  /** When the monitor last measured; empty before its first round (or when it does not run). */
  public Optional<Instant> checkedAt() {
    return checkedAt;
  }

  /**
   * Ready = every Streams app is RUNNING/REBALANCING and no open self-alert blocks readiness
   * ({@link SelfCheck#blocksReadiness()}: broker or registry unreachable).
   */
  public boolean ready() {
    return streams.ready() && blockingAlerts().isEmpty();
  }

  /** The open self-alerts that make the process not ready. */
  public List<String> blockingAlerts() {
    return open.keySet().stream()
        .filter(
            k -> {
              SelfCheck c = SelfAlerts.checkOf(k);
              return c != null && c.blocksReadiness();
            })
        .sorted()
        .toList();
  }
}
