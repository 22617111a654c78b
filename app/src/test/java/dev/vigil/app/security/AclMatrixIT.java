package dev.vigil.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.PlatformAccess;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACL matrix of docs/security.md on a real secured broker: every principal of {@code vigil run}
 * × every catalogue topic × read/write, plus consumer groups and transactional ids, succeeds
 * exactly where the catalogue allows it and fails with the authorization error elsewhere.
 */
class AclMatrixIT {
  @TempDir static Path dir;
  static PlatformCredentials credentials;
  static EmbeddedKafkaBroker broker;
  static List<Identity> identities;

  @BeforeAll
  static void startSecuredBrokerWithCatalogueAndAcls() throws Exception {
    credentials = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    broker =
        EmbeddedKafkaBroker.start(
            BrokerSettings.loopback(dir.resolve("kafka"))
                .secured(new BrokerSecurity(credentials, BrokerSecurity.ClientAuth.NONE)));
    identities = PlatformAccess.identities(VigilConfig.defaults());
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      CatalogueBootstrap.apply(
          admin, InMemorySchemaRegistry.forScope("acl-matrix"), Topics.ALL, true);
      PlatformAccess.provision(admin, credentials, identities, false);
    }
    // one record in every topic, written by the admin, for the readers to find
    try (KafkaProducer<byte[], byte[]> admin = producer(broker.adminClientProperties())) {
      for (Topic<?> topic : Topics.ALL) {
        admin
            .send(new ProducerRecord<>(topic.name(), new byte[] {1}, new byte[] {1}))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void everyPrincipalShouldWriteExactlyTheTopicsTheCatalogueLetsItWrite() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Identity identity : identities) {
      try (KafkaProducer<byte[], byte[]> producer = producer(as(identity))) {
        for (Topic<?> topic : Topics.ALL) {
          boolean expected = topic.writers().contains(identity.principal());
          boolean allowed = writes(producer, topic.name());
          if (expected != allowed) {
            mismatches.add(identity.user() + " write " + topic.name() + ": " + allowed);
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void everyPrincipalShouldReadExactlyTheTopicsTheCatalogueLetsItRead() {
    List<String> mismatches = new ArrayList<>();
    for (Identity identity : identities) {
      try (KafkaConsumer<byte[], byte[]> consumer = consumer(as(identity))) {
        for (Topic<?> topic : Topics.ALL) {
          boolean expected = topic.readers().contains(identity.principal());
          boolean allowed = reads(consumer, topic.name());
          if (expected != allowed) {
            mismatches.add(identity.user() + " read " + topic.name() + ": " + allowed);
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void aPrincipalShouldCommitOffsetsOnlyInItsOwnConsumerGroup() {
    Identity siem = identity("vigil-siem");
    Identity dispatcher = identity("vigil-dispatcher");
    assertThat(commits(siem, "vigil-siem-export")).isTrue();
    assertThat(commits(dispatcher, "vigil-alerts")).isTrue();
    // the SIEM cannot join (and so disturb) the dispatcher's or the correlator's group
    assertThatThrownBy(() -> commits(siem, "vigil-alerts"))
        .isInstanceOf(GroupAuthorizationException.class);
    assertThatThrownBy(() -> commits(siem, "vigil-failover"))
        .isInstanceOf(GroupAuthorizationException.class);
  }

  @Test
  void aCollectorShouldUseOnlyItsSitesTransactionalIds() {
    String site = VigilConfig.defaults().ingest().site();
    Identity collector = identity(AccessPolicy.collectorUser(site));
    assertThat(initTransactions(collector, "vigil-ingest-" + site + "-c1")).isTrue();
    assertThatThrownBy(() -> initTransactions(collector, "vigil-ingest-other-site-c1"))
        .isInstanceOf(TransactionalIdAuthorizationException.class);
    assertThatThrownBy(() -> initTransactions(identity("vigil-siem"), "vigil-siem-tx"))
        .isInstanceOf(TransactionalIdAuthorizationException.class);
  }

  @Test
  void theCorrelatorShouldOwnItsStreamsInternalTopicsAndTransactionsButNotTheRedactors() {
    Identity correlator = identity("vigil-correlator");
    assertThat(initTransactions(correlator, "vigil-failover-5f1e-1")).isTrue();
    assertThatThrownBy(() -> initTransactions(correlator, "vigil-redactor-5f1e-1"))
        .isInstanceOf(TransactionalIdAuthorizationException.class);
  }

  private static Identity identity(String user) {
    return identities.stream().filter(i -> i.user().equals(user)).findFirst().orElseThrow();
  }

  private static Map<String, Object> as(Identity identity) {
    Map<String, Object> p = new HashMap<>(credentials.clientProperties(identity.user()));
    p.put("bootstrap.servers", broker.bootstrapServers());
    return p;
  }

  private static boolean writes(KafkaProducer<byte[], byte[]> producer, String topic)
      throws Exception {
    try {
      producer
          .send(new ProducerRecord<>(topic, new byte[] {2}, new byte[] {2}))
          .get(30, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TopicAuthorizationException.class);
      return false;
    }
  }

  private static boolean reads(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    try {
      consumer.seekToBeginning(List.of(tp));
      List<byte[]> seen = new ArrayList<>();
      Awaitility.await(topic)
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(r -> seen.add(r.value()));
                return !seen.isEmpty();
              });
      return true;
    } catch (TopicAuthorizationException e) {
      return false;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      if (e.getCause() instanceof TopicAuthorizationException) {
        return false;
      }
      throw e;
    }
  }

  private static boolean commits(Identity identity, String group) {
    Map<String, Object> p = as(identity);
    p.put("group.id", group);
    p.put("enable.auto.commit", false);
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(p)) {
      // commit on a topic the principal may read: only the group decides
      String topic =
          Topics.ALL.stream()
              .filter(t -> t.readers().contains(identity.principal()))
              .findFirst()
              .orElseThrow()
              .name();
      consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)));
      return true;
    }
  }

  private static boolean initTransactions(Identity identity, String transactionalId) {
    Map<String, Object> p = as(identity);
    p.put("transactional.id", transactionalId);
    p.put("max.block.ms", 30_000);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, ser(), ser())) {
      producer.initTransactions();
      return true;
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> props) {
    Map<String, Object> p = new HashMap<>(props);
    p.put("acks", "all");
    p.put("enable.idempotence", false);
    p.put("max.block.ms", 30_000);
    return new KafkaProducer<>(p, ser(), ser());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> props) {
    Map<String, Object> p = new HashMap<>(props);
    p.put("isolation.level", "read_committed");
    p.put("enable.auto.commit", false);
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static ByteArraySerializer ser() {
    return new ByteArraySerializer();
  }
}
