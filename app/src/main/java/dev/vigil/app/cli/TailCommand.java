package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.kafka.serde.AvroDeserializer;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.catalog.Topic;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.catalog.ValueFormat;
import dev.vigil.schemas.json.AvroJson;
import dev.vigil.schemas.json.EventJson;
import dev.vigil.schemas.json.EventTypes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.text.SafeText;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil tail}: records → JSON lines, decoded through the registry. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a topic's committed records as JSON lines, Avro values decoded through the schema "
          + "registry (events in their JSON form, schemas/README.md).",
      "Text values print as {\"key\",\"value\"}; byte values (the quarantine) as base64 with headers;"
          + " JSON values (the OCSF topics) as they are."
    })
public final class TailCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic to read.")
  String topic;

  @Option(names = "--from-beginning", description = "Start at the earliest record, not the end.")
  boolean fromBeginning;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
  Optional<Long> max = Optional.empty();

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description = "Stop (exit 1) after S seconds without reaching --max; default: wait forever.")
  Optional<Long> timeoutS = Optional.empty();

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (max.isPresent() && max.get() < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Optional<Topic<?>> known = Topics.byName(topic);
    ValueFormat format = known.map(Topic::format).orElse(ValueFormat.AVRO);
    long deadline =
        timeoutS
            .map(s -> System.nanoTime() + Duration.ofSeconds(s).toNanos())
            .orElse(Long.MAX_VALUE);
    long printed = 0;
    try (SchemaRegistryClient registry = client.registryClient();
        KafkaConsumer<byte[], byte[]> consumer =
            client.readCommittedConsumer(PlatformCredentials.ADMIN, "vigil-tail")) {
      Decoder decoder = new Decoder(registry, format, known);
      List<TopicPartition> partitions = ClientOptions.partitionsOf(consumer, topic);
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      while (max.map(m -> m > 0).orElse(true)) {
        if (System.nanoTime() > deadline) {
          out.flush();
          return 1;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          out.println(SafeText.escapeJson(decoder.toJson(record)));
          printed++;
          if (max.isPresent() && printed >= max.get()) {
            out.flush();
            return 0;
          }
        }
        out.flush();
      }
    }
    return 0;
  }

  /** Turns one record into one JSON line according to the topic's value format. */
  private static final class Decoder {
    private final ValueFormat format;
    private final Deserializer<? extends IndexedRecord> avro;
    private final boolean eventTopic;
    private final EventJson events = new EventJson();

    /**
     * Catalogue topics decode into their generated class (writer schema resolved to the current
     * one); other topics decode in the writer's schema.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Decoder(SchemaRegistryClient registry, ValueFormat format, Optional<Topic<?>> topic) {
      this.format = format;
      Optional<Class<?>> type =
          topic.filter(t -> t.format() == ValueFormat.AVRO).map(Topic::valueType);
      this.avro =
          type.isPresent()
              ? AvroDeserializer.specific((Class) type.get(), registry)
              : AvroDeserializer.generic(registry);
      this.eventTopic = type.flatMap(EventTypes::kindOf).isPresent();
    }

    String toJson(ConsumerRecord<byte[], byte[]> record) throws Exception {
      return switch (format) {
        case AVRO -> avroJson(record);
        case TEXT -> keyed(record).put("value", utf8(record.value())).toString();
        case JSON -> jsonValue(record);
        case BYTES -> bytesJson(record);
      };
    }

    private String avroJson(ConsumerRecord<byte[], byte[]> record) throws Exception {
      if (record.value() == null) {
        return keyed(record).putNull("value").toString(); // a tombstone
      }
      IndexedRecord value = avro.deserialize(record.topic(), record.value());
      return eventTopic
          ? events.toJson((SpecificRecord) value)
          : JSON.writeValueAsString(AvroJson.toJson(value));
    }

    /** A JSON topic's value is printed as it is (one OCSF event per line, ready for jq). */
    private static String jsonValue(ConsumerRecord<byte[], byte[]> record) {
      return record.value() == null
          ? keyed(record).putNull("value").toString()
          : utf8(record.value());
    }

    private static String bytesJson(ConsumerRecord<byte[], byte[]> record) {
      ObjectNode node = keyed(record);
      node.put("partition", record.partition()).put("offset", record.offset());
      ObjectNode headers = node.putObject("headers");
      for (Header h : record.headers()) {
        headers.put(h.key(), utf8(h.value()));
      }
      node.put(
          "value_base64",
          record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
      return node.toString();
    }

    private static ObjectNode keyed(ConsumerRecord<byte[], byte[]> record) {
      ObjectNode node = JSON.createObjectNode();
      node.put("key", utf8(record.key()));
      return node;
    }

    private static String utf8(byte[] bytes) {
      return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
