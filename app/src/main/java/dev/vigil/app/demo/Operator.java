package dev.vigil.app.demo;

import dev.vigil.app.runtime.Clients;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.signing.CommandSigning;
import dev.vigil.schemas.signing.SigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The on-call engineer: operator commands on {@code vigil.control.v1}, keyed by service, signed
 * with the demo's operator key (listed in the demo config's {@code failover.commands.keys}).
 */
final class Operator implements AutoCloseable {
  static final String NAME = "oncall@demo";

  private final KafkaProducer<String, OperatorCommand> producer;
  private final SigningKey key;

  Operator(Map<String, Object> connection, SchemaRegistryClient registry, SigningKey key) {
    this.key = key;
    this.producer =
        Clients.producer(
            connection,
            "vigil-demo-operator",
            TopicSerdes.key(Topics.CONTROL).serializer(),
            TopicSerdes.value(Topics.CONTROL, registry).serializer());
  }

  /** Waives {@code gate} on the failover target for {@code length}; returns the command. */
  OperatorCommand waive(GateName gate, Duration length, String reason) throws Exception {
    Instant now = Instant.now();
    OperatorCommand command =
        OperatorCommand.newBuilder()
            .setCommandId("cmd-" + UUID.randomUUID())
            .setService(DemoConfig.SERVICE)
            .setAction(OperatorAction.WAIVE)
            .setGate(gate)
            .setReason(reason)
            .setOperator(NAME)
            .setIssuedAt(now)
            .setExpiresAt(now.plus(length))
            .build();
    command = CommandSigning.sign(command, key);
    producer
        .send(new ProducerRecord<>(Topics.CONTROL.name(), command.getService(), command))
        .get(30, TimeUnit.SECONDS);
    return command;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
