package dev.vigil.app.cli;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditKeys;
import dev.vigil.streams.audit.AuditVerifier;
import dev.vigil.streams.audit.AuditVerifier.ChainReport;
import dev.vigil.streams.audit.AuditVerifier.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    subcommands = {AuditCommand.Verify.class, AuditCommand.RotateKeys.class})
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
        "Reads the audit topic's committed records to its current end and verifies every chain "
            + "with the audit keys: seq, prev_hash, the HMAC of each record (any key id of the "
            + "keyset), the hash, the Ed25519 signature of each checkpoint, and that the chain "
            + "still reaches the latest checkpoint an earlier run witnessed (--witness). A chain "
            + "whose beginning is gone fails (head-missing) unless --after-retention, which "
            + "verifies it from its first record when a signed checkpoint follows.",
        "Prints per chain `chain=NAME records=N seq=FIRST..LAST ... ok`, or `chain=NAME BAD "
            + "KIND at seq=S index=I: why` (KIND: edited, deleted, inserted, reordered, "
            + "broken-link, cut-off-tail, forged-checkpoint, unkeyed-after-keyed, no-start, head-missing); "
            + "never record contents.",
        "Exit 0 when every chain checks out, 1 on any failure. With audit keys, a chain holding"
            + " records without a MAC fails (they could be keyed records whose MAC was stripped and"
            + " SHA-256 recomputed) unless --allow-unkeyed accepts records written before audit"
            + " keys."
      })
  public static final class Verify implements Callable<Integer> {
    @Option(names = "--from-beginning", hidden = true, defaultValue = "true")
    boolean fromBeginning;

    @Option(names = "--topic", hidden = true, defaultValue = "vigil.audit.v1")
    String topic;

    @Option(
        names = "--keys",
        paramLabel = "DIR",
        description =
            "Audit keyset directory (audit.mac.json, audit.sign.json; audit.keysDir). Default:"
                + " <data-dir>/keys/audit.")
    Optional<Path> keys = Optional.empty();

    @Option(
        names = "--witness",
        paramLabel = "FILE",
        description =
            "Signed checkpoints seen by earlier runs (one line per chain; re-verified on read,"
                + " updated after a clean run). A chain that no longer reaches its witnessed"
                + " checkpoint has a cut-off tail. Default: <data-dir>/audit-witness.tsv.")
    Optional<Path> witness = Optional.empty();

    @Option(
        names = "--allow-unkeyed",
        description =
            "Accept records without a MAC before a chain's first keyed record (a topic written"
                + " before audit keys existed); they are still counted as a warning.")
    boolean allowUnkeyed;

    @Option(
        names = "--after-retention",
        description =
            "Retention may have deleted the beginning of chains: verify a chain from its first"
                + " present record when a signed checkpoint follows, and only warn when a witnessed"
                + " checkpoint's head is before that start. Without it a missing beginning fails"
                + " as head-missing.")
    boolean afterRetention;

    @Option(
        names = "--chain",
        paramLabel = "NAME",
        description = "Verify only this chain (repeatable); default: every chain on the topic.")
    List<String> chains = new ArrayList<>();

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
      Path keysDir = keys.orElseGet(client::auditKeysDir);
      AuditKeys auditKeys;
      boolean keyed = true;
      if (keys.isEmpty() && !AuditKeys.exists(keysDir)) {
        keyed = false;
        // a topic from before audit keys: its unkeyed records still verify (with a warning);
        // any keyed record fails, as it cannot be checked without the keys
        out.println("no audit keys in " + keysDir + ": only unkeyed records can verify");
        auditKeys = AuditKeys.generate();
      } else {
        auditKeys = AuditKeys.read(keysDir);
      }
      AuditVerifier verifier = new AuditVerifier(auditKeys, afterRetention);
      Path witnessFile = witness.orElseGet(() -> client.dataDir.resolve("audit-witness.tsv"));
      Map<String, Checkpoint> allWitnessed = Witness.read(witnessFile, verifier, out);
      Map<String, Checkpoint> witnessed = new java.util.TreeMap<>(allWitnessed);
      if (!chains.isEmpty()) {
        witnessed.keySet().retainAll(chains); // the other chains' witnesses are kept in the file
      }
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
      if (!chains.isEmpty()) {
        records = records.stream().filter(r -> chains.contains(r.getChain())).toList();
      }
      if (records.isEmpty() && witnessed.isEmpty()) {
        out.println("topic=" + topic + " records=0 (nothing to verify)");
        out.flush();
        return 0;
      }
      boolean ok = true;
      Map<String, Checkpoint> latest = new java.util.TreeMap<>(allWitnessed);
      for (ChainReport report : verifier.verifyAll(records, witnessed).values()) {
        ok &= printed(report, keyed, out);
        report
            .latestCheckpoint()
            .filter(
                c -> !witnessed.containsKey(c.chain()) || witnessed.get(c.chain()).seq() < c.seq())
            .ifPresent(c -> latest.put(c.chain(), c));
      }
      if (ok) {
        Witness.write(witnessFile, latest, out);
      }
      out.flush();
      return ok ? 0 : 1;
    }

    /** Prints one chain's report; whether it passed. */
    private boolean printed(ChainReport report, boolean keyed, PrintWriter out) {
      out.println(Witness.line(report));
      report.warnings().forEach(w -> out.println("chain=" + report.chain() + " warning: " + w));
      if (keyed && report.unkeyed() > 0 && !allowUnkeyed) {
        // without this, stripping every MAC and recomputing the SHA-256 links would pass
        out.println(
            "BAD unkeyed chain="
                + report.chain()
                + ": "
                + report.unkeyed()
                + " record(s) without a MAC although audit keys exist (stripped MACs?);"
                + " --allow-unkeyed accepts records written before audit keys");
        return false;
      }
      return report.ok();
    }

    /** The topic's records in order, or null (after printing why) when they cannot be read. */
    private List<AuditRecord> readAll(
        KafkaConsumer<byte[], byte[]> consumer,
        Deserializer<AuditRecord> decoder,
        PrintWriter out) {
      List<TopicPartition> partitions = ClientOptions.partitionsOf(consumer, topic);
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

  /** {@code vigil audit rotate-keys}. */
  @Command(
      name = "rotate-keys",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a new primary HMAC key and a new primary Ed25519 key to the audit keyset (the old "
            + "keys stay, so vigil audit verify accepts records and checkpoints of every key id). "
            + "Writers read the keys at start: restart vigil run afterwards. Prints key ids only.",
      })
  public static final class RotateKeys implements Callable<Integer> {
    @Option(
        names = "--keys",
        paramLabel = "DIR",
        description = "Audit keyset directory (audit.keysDir). Default: <data-dir>/keys/audit.")
    Optional<Path> keys = Optional.empty();

    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Path dir = keys.orElseGet(client::auditKeysDir);
      AuditKeys rotated = AuditKeys.read(dir).rotated();
      rotated.write(dir);
      PrintWriter out = spec.commandLine().getOut();
      out.println("mac keys " + String.join(" ", rotated.macKeyIds()) + " (primary first)");
      out.println("sign keys " + String.join(" ", rotated.signKeyIds()) + " (primary first)");
      out.flush();
      return 0;
    }
  }
}
