package dev.vigil.app.cli;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.Verification;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil audit}: the audit trail. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The hash-chained audit trail (vigil.audit.v1).",
    subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil audit verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Reads the audit topic's committed records from the beginning to its current end and "
            + "verifies every chain (seq, prev_hash, hash). Prints per chain "
            + "`chain=NAME records=N ok`, or the first bad record (index, seq, reason).",
        "Exit 0 when every chain checks out, 1 on any edit, deletion, insertion or reorder."
      })
  public static final class Verify implements Callable<Integer> {
    @Option(
        names = "--from-beginning",
        defaultValue = "true",
        description =
            "Verify from the first record (the only mode: a chain is checked from seq 0).")
    boolean fromBeginning;

    @Option(names = "--topic", hidden = true, defaultValue = "vigil.audit.v1")
    String topic;

    @Option(
        names = "--timeout",
        paramLabel = "S",
        defaultValue = "60",
        description = "Give up (exit 1) when the end is not reached within S seconds.")
    long timeoutS;

    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<AuditRecord> records;
      try (SchemaRegistryClient registry = client.registryClient();
          KafkaConsumer<byte[], byte[]> consumer =
              client.readCommittedConsumer(
                  AccessPolicy.userName(Principal.AUDITOR), "vigil-audit-verify")) {
        records = readAll(consumer, TopicSerdes.value(Topics.AUDIT, registry).deserializer(), out);
      }
      if (records == null) {
        return 1;
      }
      if (records.isEmpty()) {
        out.println("topic=" + topic + " records=0 (nothing to verify)");
        return 0;
      }
      boolean ok = true;
      for (Map.Entry<String, Verification> e : AuditChain.verifyAll(records).entrySet()) {
        Verification v = e.getValue();
        long count = records.stream().filter(r -> r.getChain().equals(e.getKey())).count();
        if (v.ok()) {
          out.println("chain=" + e.getKey() + " records=" + count + " ok");
        } else {
          ok = false;
          out.println(
              "chain="
                  + e.getKey()
                  + " records="
                  + count
                  + " BAD at index="
                  + v.badIndex()
                  + " seq="
                  + v.badSeq()
                  + ": "
                  + v.reason()
                  + " ("
                  + v.checked()
                  + " verified before it)");
        }
      }
      out.flush();
      return ok ? 0 : 1;
    }

    /** The topic's records in order, or null (after printing why) when they cannot be read. */
    private List<AuditRecord> readAll(
        KafkaConsumer<byte[], byte[]> consumer,
        Deserializer<AuditRecord> decoder,
        PrintWriter out) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      if (partitions.size() != 1) {
        out.println(
            "topic="
                + topic
                + " has "
                + partitions.size()
                + " partitions: an audit chain needs a total order (one partition)");
        return null;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // last stable offset
      TopicPartition tp = partitions.get(0);
      long deadline = System.nanoTime() + Duration.ofSeconds(timeoutS).toNanos();
      List<AuditRecord> records = new ArrayList<>();
      long offset = -1;
      while (consumer.position(tp) < end.get(tp)) {
        if (System.nanoTime() > deadline) {
          out.println("topic=" + topic + " end not reached within " + timeoutS + "s");
          return null;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= end.get(tp)) {
            break;
          }
          offset = r.offset();
          try {
            records.add(decoder.deserialize(r.topic(), r.value()));
          } catch (RuntimeException e) {
            out.println(
                "topic="
                    + topic
                    + " offset="
                    + offset
                    + " index="
                    + records.size()
                    + ": not an audit record ("
                    + e.getClass().getSimpleName()
                    + ")");
            return null;
          }
        }
      }
      return records;
    }
  }
}
