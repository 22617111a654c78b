package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VigilPlatformExtension.class)
class VigilPlatformExtensionIT {

  @Test
  void shouldGiveARealBrokerThatRoundTripsARecord(VigilPlatform platform) throws Exception {
    // Given a fresh topic on the platform's broker
    String topic = platform.uniqueName("roundtrip");
    platform.createTopics(1, topic);
    // When a record is produced with acks=all
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", platform.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "v1")).get(30, TimeUnit.SECONDS);
    }
    // Then a consumer reads it back
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", platform.bootstrapServers(),
                "group.id", platform.uniqueName("g"),
                "auto.offset.reset", "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.isEmpty() && System.nanoTime() < deadline) {
        records = consumer.poll(Duration.ofMillis(500));
      }
      assertThat(records.iterator().next().value()).isEqualTo("v1");
    }
  }

  @Test
  void shouldGiveTheSamePlatformToEveryTest(VigilPlatform first, VigilPlatform second) {
    assertThat(first).isSameAs(second);
    assertThat(first.backend()).isEqualTo("embedded");
  }

  @Test
  void shouldGiveARealConfluentCompatibleRegistry(VigilPlatform platform) throws Exception {
    // When the registry's schema types are asked for
    HttpResponse<String> types =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(platform.registryUrl() + "/schemas/types"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    // Then it answers like a Confluent registry
    assertThat(platform.registryUrl()).endsWith("/apis/ccompat/v7");
    assertThat(types.statusCode()).isEqualTo(200);
    assertThat(types.body()).contains("AVRO");
  }
}
