package dev.vigil.app.selfmon;

import dev.vigil.alerts.SelfMonitoringSection;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures the {@link SelfCheck}s: broker (describe cluster), registry (list subjects), lag of each
 * consumer group (committed offsets against the last stable offsets), the quarantine's growth (end
 * offsets; an upper bound, since transaction markers take offsets too) and the spools. Never reads
 * a record: the quarantine holds personal data.
 */
final class SelfProbes implements AutoCloseable {
  /** One round: the readings and the checks that could be measured. */
  record Round(List<SelfReading> readings, Set<SelfCheck> measured) {}

  private final Admin admin;
  private final SchemaRegistryClient registry;
  private final SelfHealth health;
  private final Supplier<List<String>> groups;
  private final SelfMonitoringSection settings;
  private final ExecutorService registryCalls =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-self-registry-probe");
            t.setDaemon(true);
            return t;
          });
  private long lastQuarantineEnd = -1;
  private Instant lastQuarantineAt;

  SelfProbes(
      Admin admin,
      SchemaRegistryClient registry,
      SelfHealth health,
      Supplier<List<String>> groups,
      SelfMonitoringSection settings) {
    this.admin = admin;
    this.registry = registry;
    this.health = health;
    this.groups = groups;
    this.settings = settings;
  }

  Round measure(Instant now) {
    List<SelfReading> readings = new ArrayList<>();
    Set<SelfCheck> measured =
        EnumSet.of(SelfCheck.BROKER_UNREACHABLE, SelfCheck.REGISTRY_UNREACHABLE);
    boolean broker = broker();
    readings.add(
        new SelfReading(
            SelfCheck.BROKER_UNREACHABLE,
            "",
            !broker,
            broker
                ? "the Kafka cluster answers"
                : "no Kafka broker answered within " + settings.timeout().toMillis() + " ms",
            Map.of("timeout_ms", Long.toString(settings.timeout().toMillis()))));
    boolean reg = registry();
    readings.add(
        new SelfReading(
            SelfCheck.REGISTRY_UNREACHABLE,
            "",
            !reg,
            reg
                ? "the schema registry answers"
                : "the schema registry did not answer within "
                    + settings.timeout().toMillis()
                    + " ms",
            Map.of("timeout_ms", Long.toString(settings.timeout().toMillis()))));
    if (broker) {
      try {
        readings.addAll(lags());
        measured.add(SelfCheck.CONSUMER_LAG);
      } catch (ProbeFailed e) {
        // not measured this round: open lag alerts stay as they are
      }
      try {
        quarantine(now).ifPresent(readings::add);
        measured.add(SelfCheck.QUARANTINE_RATE);
      } catch (ProbeFailed e) {
        lastQuarantineEnd = -1;
      }
    }
    readings.addAll(spools());
    measured.add(SelfCheck.SPOOL_FILLING);
    return new Round(readings, measured);
  }

  private boolean broker() {
    try {
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs()))
          .nodes()
          .get(timeoutMs(), TimeUnit.MILLISECONDS)
          .isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean registry() {
    CompletableFuture<List<String>> call =
        CompletableFuture.supplyAsync(registry::subjects, registryCalls);
    try {
      call.get(timeoutMs(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      call.cancel(true);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private List<SelfReading> lags() throws ProbeFailed {
    List<SelfReading> out = new ArrayList<>();
    for (String group : groups.get()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          get(
              admin
                  .listConsumerGroupOffsets(
                      group, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs()))
                  .partitionsToOffsetAndMetadata());
      Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
      committed.forEach(
          (tp, o) -> {
            if (o != null) {
              ask.put(tp, OffsetSpec.latest());
            }
          });
      if (ask.isEmpty()) {
        continue; // nothing committed yet: no lag to speak of
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          get(
              admin
                  .listOffsets(
                      ask,
                      new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(timeoutMs()))
                  .all());
      long lag = 0;
      for (Map.Entry<TopicPartition, OffsetSpec> e : ask.entrySet()) {
        long endOffset = end.get(e.getKey()).offset();
        lag += Math.max(0, endOffset - committed.get(e.getKey()).offset());
      }
      boolean bad = lag > settings.maxLag();
      out.add(
          new SelfReading(
              SelfCheck.CONSUMER_LAG,
              group,
              bad,
              "consumer group "
                  + group
                  + " lags "
                  + lag
                  + " records behind its input (threshold "
                  + settings.maxLag()
                  + ")",
              Map.of("lag", Long.toString(lag), "threshold", Long.toString(settings.maxLag()))));
    }
    return out;
  }

  private java.util.Optional<SelfReading> quarantine(Instant now) throws ProbeFailed {
    String topic = Topics.QUARANTINE.name();
    TopicDescription description =
        get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    description
        .partitions()
        .forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    long endSum = 0;
    for (ListOffsetsResult.ListOffsetsResultInfo info :
        get(admin.listOffsets(ask, new ListOffsetsOptions().timeoutMs(timeoutMs())).all())
            .values()) {
      endSum += info.offset();
    }
    long previous = lastQuarantineEnd;
    Instant previousAt = lastQuarantineAt;
    lastQuarantineEnd = endSum;
    lastQuarantineAt = now;
    if (previous < 0 || !now.isAfter(previousAt)) {
      return java.util.Optional.empty();
    }
    double minutes = Duration.between(previousAt, now).toMillis() / 60_000.0;
    long perMinute = Math.round(Math.max(0, endSum - previous) / minutes);
    long max = settings.maxQuarantinedPerMinute();
    return java.util.Optional.of(
        new SelfReading(
            SelfCheck.QUARANTINE_RATE,
            "",
            perMinute > max,
            "about "
                + perMinute
                + " records per minute reach "
                + topic
                + " (threshold "
                + max
                + "); see the error headers there",
            Map.of("per_minute", Long.toString(perMinute), "threshold", Long.toString(max))));
  }

  private List<SelfReading> spools() {
    List<SelfReading> out = new ArrayList<>();
    health
        .spools()
        .forEach(
            (name, spool) -> {
              long depth = spool.depthBytes().getAsLong();
              long percent = spool.maxBytes() <= 0 ? 0 : depth * 100 / spool.maxBytes();
              out.add(
                  new SelfReading(
                      SelfCheck.SPOOL_FILLING,
                      name,
                      percent > settings.maxSpoolPercent(),
                      "spool of collector "
                          + name
                          + " is "
                          + percent
                          + " % full ("
                          + depth
                          + " of "
                          + spool.maxBytes()
                          + " bytes; threshold "
                          + settings.maxSpoolPercent()
                          + " %): Kafka is not taking its events",
                      Map.of(
                          "depth_bytes",
                          Long.toString(depth),
                          "max_bytes",
                          Long.toString(spool.maxBytes()),
                          "percent",
                          Long.toString(percent))));
            });
    return out;
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) throws ProbeFailed {
    try {
      return future.get(timeoutMs(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ProbeFailed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeFailed();
    }
  }

  private int timeoutMs() {
    return (int) settings.timeout().toMillis();
  }

  /** A measurement that could not be made this round. */
  private static final class ProbeFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ProbeFailed() {
      super(null, null, false, false);
    }
  }

  @Override
  public void close() {
    registryCalls.shutdownNow();
  }
}
