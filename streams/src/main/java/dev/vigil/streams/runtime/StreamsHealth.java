package dev.vigil.streams.runtime;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest {@link StreamsStatus} of every Streams app of a process, for readiness, alerts and the
 * run loop, exported as metrics: gauges {@code vigil.streams.running} (1 while RUNNING or
 * REBALANCING, else 0) and {@code vigil.streams.state} ({@link StreamsStatus#stateCode()}), and the
 * counter {@code vigil.streams.thread.replaced}, each with attribute {@code app}.
 */
public final class StreamsHealth implements AutoCloseable {
  private static final AttributeKey<String> APP = AttributeKey.stringKey("app");

  private final Map<String, StreamsStatus> latest = new ConcurrentSkipListMap<>();
  private final List<Consumer<StreamsStatus>> listeners = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> instruments;

  public StreamsHealth(OpenTelemetry otel) {
    Meter meter = otel.getMeter("vigil.streams");
    instruments =
        List.of(
            meter
                .gaugeBuilder("vigil.streams.running")
                .ofLongs()
                .setDescription("1 while the Streams app is RUNNING or REBALANCING, else 0")
                .buildWithCallback(
                    m -> latest.values().forEach(s -> m.record(s.ready() ? 1 : 0, app(s)))),
            meter
                .gaugeBuilder("vigil.streams.state")
                .ofLongs()
                .setDescription(
                    "Kafka Streams state: 0 CREATED, 1 REBALANCING, 2 RUNNING, 3 PENDING_SHUTDOWN,"
                        + " 4 NOT_RUNNING, 5 PENDING_ERROR, 6 ERROR")
                .buildWithCallback(
                    m -> latest.values().forEach(s -> m.record(s.stateCode(), app(s)))),
            meter
                .counterBuilder("vigil.streams.thread.replaced")
                .setDescription("stream threads replaced after an uncaught exception")
                .buildWithCallback(
                    m -> latest.values().forEach(s -> m.record(s.threadReplacements(), app(s)))));
  }

  /** Follows {@code runner} from now on. */
  public synchronized void watch(StreamsRunner runner) {
    // under the lock: a change reported meanwhile waits and is recorded after this snapshot
    runner.onChange(this::update);
    update(runner.status());
  }

  /** Records a status (what a watched runner reports on every change) and tells the listeners. */
  public synchronized void update(StreamsStatus status) {
    latest.put(status.applicationId(), status);
    listeners.forEach(l -> l.accept(status));
  }

  /** Calls {@code listener} with every status recorded from now on (on the reporting thread). */
  public void onChange(Consumer<StreamsStatus> listener) {
    listeners.add(listener);
  }

  /** The latest status of each app, by application id. */
  public List<StreamsStatus> statuses() {
    return List.copyOf(latest.values());
  }

  /** True when every app is ready ({@link StreamsStatus#ready()}); true with no apps. */
  public boolean ready() {
    return latest.values().stream().allMatch(StreamsStatus::ready);
  }

  private static Attributes app(StreamsStatus s) {
    return Attributes.of(APP, s.applicationId());
  }

  /** Stops reporting the metrics. */
  @Override
  public void close() {
    for (AutoCloseable instrument : instruments) {
      try {
        instrument.close();
      } catch (Exception e) {
        // an instrument's close only unregisters a callback
      }
    }
  }
}
