package dev.vigil.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.config.ConfigLoader;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.avro.AlertSeverity;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.runtime.StreamsRunner;
import dev.vigil.testkit.VigilPlatform;
import dev.vigil.testkit.VigilPlatformExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run loop of {@code vigil run}/{@code vigil streams} does not outlive a Streams app that could
 * not recover: it alerts, stops everything and exits {@link Launcher#EXIT_STREAMS_ERROR}.
 */
@ExtendWith(VigilPlatformExtension.class)
class LauncherStreamsErrorIT {

  @Test
  void shouldAlertStopAndExitNonZeroWhenAStreamsAppEndsInError(
      VigilPlatform platform, @TempDir Path dataDir) throws Exception {
    // Given a config on the testkit's cluster allowing one thread replacement, and a Streams
    // component whose processor throws on every record
    VigilConfig config =
        ConfigLoader.parse(
            "run.yaml",
            // the admin's SASL_SSL client properties for every client, as for a secured
            // external cluster (the test's topics are not the catalogue's)
            platform.externalConfigYaml()
                + "streams:\n  threadReplacements: 1\n  alertGrace: 30s\n");
    String in = platform.uniqueName("in");
    String appId = platform.uniqueName("vigil-poisoned");
    platform.createTopics(1, in, in + "-out");
    ComponentFactory poisoned = context -> poisonedComponent(context, appId, in);
    ShutdownSignal signal = ShutdownSignal.manual();
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new Launcher(config, dataDir, List.of(poisoned))
                    .run(signal, new PrintWriter(out));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> Endpoints.read(dataDir).isPresent() || exit.isDone());
    assertThat(exit).isNotDone();

    // When a poison record arrives (no stop signal is ever sent)
    try (KafkaProducer<String, byte[]> producer = platform.producer()) {
      producer.send(new ProducerRecord<>(in, "k", "boom".getBytes(StandardCharsets.UTF_8)));
    }

    // Then the launcher stops by itself with exit code 3 and says why
    assertThat(exit.get(90, TimeUnit.SECONDS)).isEqualTo(Launcher.EXIT_STREAMS_ERROR);
    assertThat(out.toString())
        .contains("vigil ready in")
        .contains("vigil stopped: Streams app " + appId + " ended in ERROR (exit 3)");
    assertThat(dataDir.resolve("endpoints.json")).doesNotExist();

    // And before exiting it wrote a SEV1 alert for the app (no waiting for the grace: ERROR is
    // final), remembered as open for the next run
    String key = "vigil/self/streams/" + appId;
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(platform.registryUrl(), Map.of());
        KafkaConsumer<String, Alert> alerts = alertConsumer(platform, registry)) {
      List<Alert> mine = new ArrayList<>();
      List<Alert> replaced = new ArrayList<>();
      for (int i = 0; i < 20 && (mine.isEmpty() || replaced.isEmpty()); i++) {
        for (ConsumerRecord<String, Alert> r : alerts.poll(Duration.ofMillis(500))) {
          if (key.equals(r.key())) {
            mine.add(r.value());
          } else if ((key + "/thread-replaced").equals(r.key())) {
            replaced.add(r.value());
          }
        }
      }
      // the replaced thread was alerted too (SEV3), before the app gave up
      assertThat(replaced)
          .extracting(Alert::getAction, Alert::getSeverity)
          .startsWith(org.assertj.core.groups.Tuple.tuple(AlertAction.TRIGGER, AlertSeverity.SEV3));
      assertThat(mine)
          .extracting(Alert::getAction, Alert::getSeverity)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(AlertAction.TRIGGER, AlertSeverity.SEV1));
      assertThat(mine.get(0).getDetails()).containsEntry("thread_replacements", "1");
    }
    assertThat(dataDir.resolve(Launcher.OPEN_ALERTS_FILE)).content().contains(key + " SEV1");
  }

  /** A component running one Streams app the way the real ones do: bound from the config. */
  private static Component poisonedComponent(RuntimeContext context, String appId, String in) {
    Map<String, Object> overrides =
        new HashMap<>(context.config().streams().threadPolicy().asOverrides());
    overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // the replacement gets the dead thread's partition once its session expires: keep it short
    overrides.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6000);
    overrides.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1000);
    StreamsRunner runner =
        StreamsRunner.start(
            poisonedTopology(in),
            StreamsRunner.properties(
                appId, context.kafkaProperties(), context.dataDir().resolve("streams"), overrides),
            Duration.ofSeconds(60));
    context.streams().watch(runner);
    return new Component() {
      @Override
      public String name() {
        return "poisoned";
      }

      @Override
      public void close() {
        runner.close();
      }
    };
  }

  private static Topology poisonedTopology(String in) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()).withName("test-source"))
        .peek(
            (k, v) -> {
              throw new IllegalStateException("poison");
            },
            Named.as("test-poison"))
        .to(in + "-out", Produced.with(Serdes.String(), Serdes.String()).withName("test-sink"));
    return builder.build();
  }

  private static KafkaConsumer<String, Alert> alertConsumer(
      VigilPlatform platform, SchemaRegistryClient registry) {
    // the dispatcher's own user: it reads vigil.alerts.v1
    Map<String, Object> props = platform.clientProperties(Principal.DISPATCHER);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, Alert> c =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            TopicSerdes.value(Topics.ALERTS, registry).deserializer());
    List<TopicPartition> parts = new ArrayList<>();
    c.partitionsFor(Topics.ALERTS.name())
        .forEach(p -> parts.add(new TopicPartition(Topics.ALERTS.name(), p.partition())));
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }
}
