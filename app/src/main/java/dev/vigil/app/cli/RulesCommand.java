package dev.vigil.app.cli;

import dev.vigil.app.runtime.Clients;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.redactionrules.RuleSet;
import dev.vigil.redactionrules.RuleSetException;
import dev.vigil.redactionrules.RuleSetLoader;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.signing.RuleSetSigning;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil rules lint|publish}: check a rule file, or publish it to every redactor. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Redaction rule sets: lint a file, or publish it on vigil.rules.v1.",
    subcommands = {RulesCommand.Lint.class, RulesCommand.Publish.class})
public final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Validates structure (keys are not needed: placeholders stand in). */
  static RuleSet lint(Path file) {
    try {
      return RuleSetLoader.load(file, KeyOptions.placeholder());
    } catch (RuleSetException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Command(
      name = "lint",
      mixinStandardHelpOptions = true,
      description =
          "Validates a rule file: unknown keys, bad paths, patterns that don't compile, duplicate "
              + "rules; errors name file, line and path. Exit 1 when invalid.")
  static final class Lint implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "F", description = "Rule-set YAML.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      RuleSet rules = lint(file);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: ok: rule set %s version %d, keys %s, detectors %s%n",
              file, rules.id(), rules.version(), rules.keyIds(), rules.detectors());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description =
          "Lints a rule file and publishes it on vigil.rules.v1 (key = rule-set id). Every "
              + "redactor switches to it when its version is higher than the one in force; the "
              + "change is audited with --actor as the publisher.")
  static final class Publish implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "F", description = "Rule-set YAML.")
    Path file;

    @Option(
        names = "--actor",
        paramLabel = "WHO",
        description = "Who publishes (audited). Default: the USER environment variable.")
    Optional<String> actor = Optional.empty();

    @Option(
        names = "--key",
        paramLabel = "FILE",
        description =
            "Signing key file (vigil keys signing-keygen; mode 600): the rule set is published"
                + " with an Ed25519 signature line. Redactors with redaction.ruleKeys take only"
                + " rule sets signed by a listed key and audit the key's owner as publisher.")
    Optional<Path> key = Optional.empty();

    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      RuleSet rules = lint(file);
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      if (key.isPresent()) {
        yaml = RuleSetSigning.sign(yaml, SigningKeyFiles.read(key.get()));
      }
      String who = actor.orElseGet(Clients::defaultActor);
      ProducerRecord<String, String> record =
          new ProducerRecord<>(Topics.RULES.name(), rules.id(), yaml);
      record.headers().add("vigil.actor", who.getBytes(StandardCharsets.UTF_8));
      try (KafkaProducer<String, String> producer =
          client.producer(
              AccessPolicy.userName(Principal.RULE_AUTHOR),
              "vigil-rules-publish",
              new StringSerializer(),
              new StringSerializer())) {
        RecordMetadata meta = producer.send(record).get(30, TimeUnit.SECONDS);
        spec.commandLine()
            .getOut()
            .printf(
                "published rule set %s version %d to %s at offset %d%n",
                rules.id(), rules.version(), meta.topic(), meta.offset());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
