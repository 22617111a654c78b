package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
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
    Map<String, Object> producerProps = platform.clientProperties();
    producerProps.put("acks", "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "v1")).get(30, TimeUnit.SECONDS);
    }
    // Then a consumer reads it back
    Map<String, Object> consumerProps = platform.clientProperties();
    consumerProps.put("group.id", platform.uniqueName("g"));
    consumerProps.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
      assertThat(values).containsExactly("v1");
    }
  }

  @Test
  void shouldRefuseAPlaintextClientBecauseTheBrokerIsSecuredLikeVigilRun(VigilPlatform platform) {
    // Given a client that knows only the address, as a stranger on the network would
    Map<String, Object> plaintext =
        Map.of(
            "bootstrap.servers",
            platform.bootstrapServers(),
            "request.timeout.ms",
            3000,
            "default.api.timeout.ms",
            5000);
    // When it asks for the topics, Then it gets nothing
    assertThat(platform.secured()).isTrue();
    assertThat(platform.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
    try (Admin admin = Admin.create(plaintext)) {
      assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
          .isInstanceOf(Exception.class);
    }
  }

  @Test
  void shouldGiveAPrincipalItsCatalogueAclsAndNothingMore(VigilPlatform platform) throws Exception {
    // Given the catalogue's health topics, and the collector's own client properties
    String raw = Topics.HEALTH_RAW.name();
    String redacted = Topics.HEALTH.name();
    try (Admin admin = platform.admin()) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : List.of(raw, redacted)) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, 1, (short) 1));
        }
      }
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    }
    Map<String, Object> collector = platform.clientProperties(Principal.COLLECTOR);
    collector.put("max.block.ms", 10_000);
    assertThat(collector).containsEntry("security.protocol", "SASL_SSL");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(collector, new StringSerializer(), new StringSerializer())) {
      // When it writes its raw topic, Then that is allowed
      assertThat(producer.send(new ProducerRecord<>(raw, "k", "v")).get(30, TimeUnit.SECONDS))
          .isNotNull();
      // When it writes the redacted topic (the redactor's), Then the broker refuses it
      assertThatThrownBy(
              () ->
                  producer.send(new ProducerRecord<>(redacted, "k", "v")).get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
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
