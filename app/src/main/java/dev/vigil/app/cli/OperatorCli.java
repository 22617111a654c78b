package dev.vigil.app.cli;

import dev.vigil.app.runtime.Clients;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.GateName;
import dev.vigil.schemas.avro.OperatorAction;
import dev.vigil.schemas.avro.OperatorCommand;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.config.ConfigKeyException;
import dev.vigil.schemas.config.Durations;
import dev.vigil.schemas.event.Identifiers;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.signing.CommandSigning;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.failover.CommandVerdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil operator}: one operator command (docs/design.md §6) on {@code vigil.control.v1},
 * then the correlator's verdict on it, read from the audit trail.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Sends one operator command to the failover correlator (vigil.control.v1, keyed by "
          + "service, acks=all) and waits for the correlator's audit record of it, which says "
          + "whether it was applied, ignored or rejected and why.",
      "ACTION: approve (let the next stage of a held, blocked or approval-waiting incident go "
          + "once), force (fail over regardless of gates and health; dwell still applies), "
          + "abort (end the open incident), waive (waive --gate on the failover target for "
          + "--for, at most failover.maxWaiver), revoke-waiver (--gate), failback (staged, "
          + "gated return to the configured active site).",
      "With --key FILE the command is signed; a correlator that lists operator keys"
          + " (failover.commands.keys) refuses unsigned, unknown-key, altered, replayed and stale"
          + " commands (audited as command.refused, and alerted).",
      "Exit 0 when the command was applied, 1 when it was ignored, rejected or is pending (two-person rule: it waits for a second operator), 3 when no "
          + "verdict arrived within --wait (the command may still be applied later); usage errors "
          + "exit 2 before anything is sent."
    })
public final class OperatorCli implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "ACTION",
      description = "approve, force, abort, waive, revoke-waiver or failback.")
  String action;

  @Option(names = "--service", required = true, paramLabel = "S", description = "The service.")
  String service;

  @Option(
      names = "--gate",
      paramLabel = "G",
      description =
          "Gate for waive/revoke-waiver: drift, ids-heartbeat, certificate, key-sync or "
              + "intrusion.")
  Optional<String> gate = Optional.empty();

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description = "How long a waiver lasts (waive only), e.g. 15m or 1h.")
  Optional<String> length = Optional.empty();

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why, for the audit trail.")
  String reason;

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description =
          "Operator name typed into the command (default: $USER); not a credential. With"
              + " signed commands (--key) the correlator records the key's owner instead.")
  Optional<String> operator = Optional.empty();

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "Signing key file (vigil keys signing-keygen; mode 600). The command is signed with it"
              + " (Ed25519 over its content, service, time and a fresh nonce); a correlator with"
              + " failover.commands.keys refuses unsigned commands and audits the key's owner as"
              + " the operator.")
  Optional<Path> key = Optional.empty();

  @Option(
      names = "--wait",
      paramLabel = "S",
      defaultValue = "30",
      description =
          "Seconds to wait for the correlator's verdict (default: ${DEFAULT-VALUE}); 0 sends "
              + "without waiting.")
  long waitS;

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OperatorCommand command = command(Instant.now());
    if (key.isPresent()) {
      command = CommandSigning.sign(command, SigningKeyFiles.read(key.get()));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (SchemaRegistryClient registry = client.registryClient();
        KafkaConsumer<byte[], byte[]> audit =
            client.readCommittedConsumer(
                AccessPolicy.userName(Principal.OPERATOR), "vigil-operator")) {
      // Position on the audit trail's end before sending, so the verdict cannot be missed.
      List<TopicPartition> partitions =
          audit.partitionsFor(Topics.AUDIT.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      audit.assign(partitions);
      audit.seekToEnd(partitions);
      partitions.forEach(audit::position);
      send(command, registry);
      out.printf(
          "sent %s%s for %s (command_id %s)%n",
          command.getAction(),
          command.getGate() == null ? "" : " " + command.getGate(),
          command.getService(),
          command.getCommandId());
      out.flush();
      if (waitS <= 0) {
        return 0;
      }
      Optional<Map<String, String>> outcome =
          verdict(audit, TopicSerdes.value(Topics.AUDIT, registry).deserializer(), command);
      if (outcome.isEmpty()) {
        out.printf(
            "no verdict within %ds: is the correlator running and does it know service %s?%n",
            waitS, command.getService());
        out.flush();
        return 3;
      }
      Map<String, String> details = outcome.get();
      out.println(
          "correlator: " + details.getOrDefault(CommandVerdict.TEXT_KEY, "(no outcome recorded)"));
      out.flush();
      return CommandVerdict.of(details).orElse(null) == CommandVerdict.APPLIED ? 0 : 1;
    }
  }

  /** The command the options describe; a ParameterException names what is wrong. */
  OperatorCommand command(Instant now) {
    OperatorAction a = parseAction();
    GateName g = gate.map(this::parseGate).orElse(null);
    boolean gated = a == OperatorAction.WAIVE || a == OperatorAction.REVOKE_WAIVER;
    if (gated && g == null) {
      throw new ParameterException(spec.commandLine(), action + " needs --gate");
    }
    if (!gated && g != null) {
      throw new ParameterException(
          spec.commandLine(), "--gate applies to waive and revoke-waiver only");
    }
    Instant expires = null;
    if (a == OperatorAction.WAIVE) {
      String text =
          length.orElseThrow(
              () ->
                  new ParameterException(spec.commandLine(), "waive needs --for, e.g. --for 15m"));
      try {
        expires = now.plus(Durations.positive("--for", text, null));
      } catch (ConfigKeyException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    } else if (length.isPresent()) {
      throw new ParameterException(spec.commandLine(), "--for applies to waive only");
    }
    if (reason.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--reason must not be blank");
    }
    String who = operator.orElseGet(Clients::defaultActor);
    for (Map.Entry<String, String> id :
        Map.of("--service", service, "--operator", who).entrySet()) {
      Identifiers.problem(id.getValue())
          .ifPresent(
              p -> {
                throw new ParameterException(spec.commandLine(), id.getKey() + ": " + p);
              });
    }
    return OperatorCommand.newBuilder()
        .setCommandId("cmd-" + UUID.randomUUID())
        .setService(service)
        .setAction(a)
        .setGate(g)
        .setReason(reason)
        .setOperator(who)
        .setIssuedAt(now)
        .setExpiresAt(expires)
        .build();
  }

  private OperatorAction parseAction() {
    String name = action.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(OperatorAction.values())
        .filter(a -> a.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "ACTION must be one of approve, force, abort, waive, revoke-waiver, failback"
                        + " but was '"
                        + action
                        + "'"));
  }

  private GateName parseGate(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return Arrays.stream(GateName.values())
        .filter(g -> g.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--gate must be one of drift, ids-heartbeat, certificate, key-sync, intrusion"
                        + " but was '"
                        + text
                        + "'"));
  }

  private void send(OperatorCommand command, SchemaRegistryClient registry) throws Exception {
    try (KafkaProducer<String, OperatorCommand> producer =
        client.producer(
            AccessPolicy.userName(Principal.OPERATOR),
            "vigil-operator",
            TopicSerdes.key(Topics.CONTROL).serializer(),
            TopicSerdes.value(Topics.CONTROL, registry).serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.CONTROL.name(), command.getService(), command))
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** The details of {@code command}'s audit record, if it arrives within --wait. */
  private Optional<Map<String, String>> verdict(
      KafkaConsumer<byte[], byte[]> audit,
      Deserializer<AuditRecord> decoder,
      OperatorCommand command) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitS);
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : audit.poll(Duration.ofMillis(200))) {
        AuditRecord a;
        try {
          a = decoder.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
          continue; // `vigil audit verify` reports undecodable records; not this command's job
        }
        Map<String, String> details = a.getDetails();
        if ((AuditAction.COMMAND.is(a.getAction()) || AuditAction.COMMAND_REFUSED.is(a.getAction()))
            && command.getCommandId().equals(details.get("command_id"))) {
          return Optional.of(details);
        }
      }
    }
    return Optional.empty();
  }
}
