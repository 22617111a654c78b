package dev.vigil.streams.runtime;

import dev.vigil.schemas.logging.Causes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one {@link KafkaStreams} (topologies stay pure): exactly-once v2, explicit internal resource
 * names, state under the data dir, a bounded start and a clean close that leaves the group (so a
 * restart does not wait for a session timeout).
 *
 * <p>A stream thread that dies of an uncaught exception is replaced, within the bound of the {@link
 * ThreadReplacementPolicy} in the properties; beyond it the client shuts down and ends in ERROR.
 * The runner tracks its {@link StreamsStatus} and tells listeners ({@link #onChange}) about every
 * change, so nothing dies silently.
 */
public final class StreamsRunner implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(StreamsRunner.class);

  private final String applicationId;
  private final KafkaStreams streams;
  private final Clock clock;
  private final List<Consumer<StreamsStatus>> listeners = new CopyOnWriteArrayList<>();
  private volatile StreamsStatus status;

  private StreamsRunner(String applicationId, KafkaStreams streams, Clock clock) {
    this.applicationId = applicationId;
    this.streams = streams;
    this.clock = clock;
    this.status = new StreamsStatus(applicationId, streams.state(), clock.instant(), 0);
  }

  /**
   * {@code commit.interval.ms} of every Vigil Streams app. Under exactly-once a record is visible
   * downstream only once its transaction commits, so each hop waits up to this long: 50 ms gave the
   * redactor → correlator pipeline a p99 of 290–424 ms at 10,000 events/s where 100 ms gave 420–970
   * ms, and 30 ms was slower again (more transactions on a 2-core machine; {@code
   * docs/benchmarks/failover-latency.md}).
   */
  public static final int COMMIT_INTERVAL_MS = 50;

  /**
   * {@code linger.ms} of the apps' producers (Kafka Streams' own default is 100): records go to the
   * broker while the transaction is open, so a commit does not first send everything it holds.
   */
  public static final int PRODUCER_LINGER_MS = 5;

  /**
   * {@code fetch.max.wait.ms} of the apps' restore consumers (the consumer's default is 500). A
   * task whose changelog is empty (the usual case at a restart) still waits for one fetch of it,
   * and the broker holds an empty fetch that long: in a {@code vigil run} restart the OCSF
   * exporter's three tasks reached RUNNING ~0.5 s after their changelogs' end offsets were known
   * (docs/benchmarks/run-startup.md). Fetches with data return at once either way; standby tasks'
   * idle fetches come this often instead of twice a second.
   */
  public static final int RESTORE_FETCH_MAX_WAIT_MS = 50;

  /**
   * The properties every Vigil Streams app runs with; {@code overrides} come last. A {@code
   * client.id} gets {@code -<applicationId>} appended, so the apps of one process never share one.
   */
  public static Properties properties(
      String applicationId,
      Map<String, Object> clientProperties,
      Path stateDir,
      Map<String, Object> overrides) {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    p.put(
        StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        RESTORE_FETCH_MAX_WAIT_MS);
    p.putAll(overrides);
    Object clientId = p.get(StreamsConfig.CLIENT_ID_CONFIG);
    if (clientId != null) {
      p.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + "-" + applicationId);
    }
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  /**
   * {@link #properties} with task idling disabled ({@code max.task.idle.ms=-1}) unless {@code
   * overrides} set it: for apps whose records do not wait for other partitions. Kafka Streams 4.4
   * formats a log text per empty input partition for every record it processes while idling is on.
   */
  public static Properties propertiesWithoutTaskIdling(
      String applicationId,
      Map<String, Object> clientProperties,
      Path stateDir,
      Map<String, Object> overrides) {
    Map<String, Object> withoutIdling = new HashMap<>();
    withoutIdling.put(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    withoutIdling.putAll(overrides);
    return properties(applicationId, clientProperties, stateDir, withoutIdling);
  }

  /**
   * Starts the app and waits until it is RUNNING (or fails) within {@code timeout}. The {@link
   * ThreadReplacementPolicy} keys are read from {@code props} (default when absent).
   */
  public static StreamsRunner start(Topology topology, Properties props, Duration timeout) {
    Properties streamsProps = new Properties();
    streamsProps.putAll(props);
    ThreadReplacementPolicy policy = ThreadReplacementPolicy.take(streamsProps);
    String appId = streamsProps.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    try {
      return start(appId, topology, streamsProps, policy, timeout, false);
    } catch (ProcessorStateException e) {
      // A hard kill can leave a local store that cannot be opened (e.g. RocksDB killed while
      // creating it). Every store is changelogged and the apps run exactly-once, so the local
      // state is only a cache of the changelog: wipe it and start once more, restoring from it.
      Causes.warn(LOGGER, e)
          .addKeyValue("app", appId)
          .log("local state store cannot be opened; wiping local state, restoring from changelog");
      return start(appId, topology, streamsProps, policy, timeout, true);
    }
  }

  private static StreamsRunner start(
      String appId,
      Topology topology,
      Properties streamsProps,
      ThreadReplacementPolicy policy,
      Duration timeout,
      boolean wipeLocalState) {
    StreamsRunner runner =
        new StreamsRunner(appId, new KafkaStreams(topology, streamsProps), Clock.systemUTC());
    KafkaStreams streams = runner.streams;
    if (wipeLocalState) {
      streams.cleanUp();
    }
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener(
        (now, before) -> {
          runner.changed(now);
          if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR) {
            running.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        new BoundedThreadReplacement(appId, policy, runner.clock, runner::replaced));
    try {
      streams.start();
    } catch (ProcessorStateException e) {
      streams.close(Duration.ofSeconds(10));
      throw e;
    }
    try {
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
          || streams.state() == KafkaStreams.State.ERROR) {
        streams.close(Duration.ofSeconds(10));
        throw new IllegalStateException(appId + " did not reach RUNNING within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      streams.close(Duration.ofSeconds(10));
      throw new IllegalStateException("interrupted while starting " + appId, e);
    }
    LOGGER
        .atInfo()
        .addKeyValue("app", appId)
        .addKeyValue("max_thread_replacements", policy.maxReplacements())
        .addKeyValue("replacement_window_ms", policy.window().toMillis())
        .log("streams app running");
    return runner;
  }

  private synchronized void changed(KafkaStreams.State state) {
    StreamsStatus before = status;
    if (state == KafkaStreams.State.ERROR && before.state() != KafkaStreams.State.ERROR) {
      LOGGER.atError().addKeyValue("app", applicationId).log("streams app in ERROR");
    }
    publish(
        new StreamsStatus(
            applicationId,
            state,
            state == before.state() ? before.since() : clock.instant(),
            before.threadReplacements()));
  }

  private synchronized void replaced() {
    StreamsStatus before = status;
    publish(
        new StreamsStatus(
            applicationId, before.state(), before.since(), before.threadReplacements() + 1));
  }

  private void publish(StreamsStatus next) {
    status = next;
    for (Consumer<StreamsStatus> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        Causes.warn(LOGGER, e).addKeyValue("app", applicationId).log("status listener failed");
      }
    }
  }

  /**
   * Calls {@code listener} with every new status (state change or thread replacement), on a Kafka
   * Streams thread: it must return quickly.
   */
  public void onChange(Consumer<StreamsStatus> listener) {
    listeners.add(listener);
  }

  public String applicationId() {
    return applicationId;
  }

  /** The current state, since when, and the thread replacements so far. */
  public StreamsStatus status() {
    return status;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public boolean isRunning() {
    return streams.state().isRunningOrRebalancing();
  }

  /**
   * Stops the app (committing, leaving its group), waiting at most {@link #CLOSE_TIMEOUT}: past it,
   * a WARN, and the threads finish in the background (exactly-once: an unfinished transaction is
   * aborted, its input read again at the next start).
   */
  @Override
  public void close() {
    long t0 = System.nanoTime();
    boolean stopped =
        streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (stopped) {
      LOGGER
          .atInfo()
          .addKeyValue("app", applicationId)
          .addKeyValue("ms", ms)
          .log("streams app stopped");
    } else {
      LOGGER
          .atWarn()
          .addKeyValue("app", applicationId)
          .addKeyValue("ms", ms)
          .addKeyValue("state", streams.state())
          .log(
              "streams app not stopped within its close timeout; its threads stop in the background");
    }
  }

  /**
   * How long {@link #close} waits: an app stops in 0.2–1.3 s here; one stuck app must not use up
   * the 25 s stop deadline of {@code vigil run} alone (it closes four, one after another).
   */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
}
