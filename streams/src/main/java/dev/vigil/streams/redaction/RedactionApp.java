package dev.vigil.streams.redaction;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.redactionrules.RuleSet;
import dev.vigil.redactionrules.RuleSetException;
import dev.vigil.redactionrules.RuleSetLoader;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.schemas.signing.Verifier;
import dev.vigil.streams.audit.AuditWriting;
import dev.vigil.streams.runtime.StreamsRunner;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The redactor: {@link RedactionTopology} on a {@link StreamsRunner}. Starts with the configured
 * rule file (or the shipped default rule set) and moves forward to newer versions published on
 * {@code vigil.rules.v1}.
 */
public final class RedactionApp implements AutoCloseable {
  public static final String DEFAULT_RULES_RESOURCE = "/rules/default.yaml";
  public static final String APPLICATION_ID = "vigil-redactor";

  private final RuleSetHolder holder;
  private final StreamsRunner runner;
  private final StreamsRunner auditRunner;

  private RedactionApp(RuleSetHolder holder, StreamsRunner runner, StreamsRunner auditRunner) {
    this.holder = holder;
    this.runner = runner;
    this.auditRunner = auditRunner;
  }

  /**
   * Settings of the redactor.
   *
   * @param applicationId Kafka Streams application id (one per deployment)
   * @param rulesFile the starting rule set; empty = the shipped default
   * @param keys where pseudonym/encryption keys come from
   * @param stateDir Kafka Streams state
   * @param overrides extra Streams properties (tests shorten timeouts)
   * @param ruleKeys rule publishers' public keys ({@code redaction.ruleKeys}); empty = unsigned
   *     rule sets are taken
   * @param audit keys and checkpoint interval of the {@code redactor} audit chain
   */
  public record Settings(
      String applicationId,
      Optional<Path> rulesFile,
      KeyProvider keys,
      Path stateDir,
      Map<String, Object> overrides,
      Map<String, TrustedKey> ruleKeys,
      AuditWriting audit) {
    public Settings {
      ruleKeys = Map.copyOf(ruleKeys);
      java.util.Objects.requireNonNull(audit, "audit");
    }

    /** Unsigned rule sets taken; {@link AuditWriting#ephemeral()} audit keys (tests, benches). */
    public Settings(
        String applicationId,
        Optional<Path> rulesFile,
        KeyProvider keys,
        Path stateDir,
        Map<String, Object> overrides) {
      this(applicationId, rulesFile, keys, stateDir, overrides, Map.of(), AuditWriting.ephemeral());
    }

    /** With {@link AuditWriting#ephemeral()} audit keys (tests and benchmarks). */
    public Settings(
        String applicationId,
        Optional<Path> rulesFile,
        KeyProvider keys,
        Path stateDir,
        Map<String, Object> overrides,
        Map<String, TrustedKey> ruleKeys) {
      this(applicationId, rulesFile, keys, stateDir, overrides, ruleKeys, AuditWriting.ephemeral());
    }

    /** Unsigned rule sets taken. */
    public Settings(
        String applicationId,
        Optional<Path> rulesFile,
        KeyProvider keys,
        Path stateDir,
        Map<String, Object> overrides,
        AuditWriting audit) {
      this(applicationId, rulesFile, keys, stateDir, overrides, Map.of(), audit);
    }
  }

  public static RedactionApp start(
      Settings settings,
      Map<String, Object> clientProperties,
      SchemaRegistryClient registry,
      OpenTelemetry otel) {
    RuleSet initial = initialRules(settings);
    OtelRedactionMetrics metrics = new OtelRedactionMetrics(otel);
    Verifier ruleKeys = new Verifier(settings.ruleKeys());
    RuleSetHolder holder = new RuleSetHolder(initial.id(), settings.keys(), metrics, ruleKeys);
    holder.offer(initial);
    metrics.observe(holder);
    // Every record is redacted on its own, so the order across the raw topics does not matter.
    Properties props =
        StreamsRunner.propertiesWithoutTaskIdling(
            settings.applicationId(), clientProperties, settings.stateDir(), settings.overrides());
    Properties auditProps =
        StreamsRunner.properties(
            settings.applicationId() + AccessPolicy.REDACTOR_RULES_AUDIT_SUFFIX,
            clientProperties,
            settings.stateDir(),
            settings.overrides());
    // the two apps are independent; starting them side by side halves the wait for RUNNING
    CompletableFuture<StreamsRunner> audit =
        CompletableFuture.supplyAsync(
            () ->
                StreamsRunner.start(
                    RuleAuditTopology.build(settings.keys(), ruleKeys, registry, settings.audit()),
                    auditProps,
                    Duration.ofSeconds(120)),
            runnable -> {
              Thread thread = new Thread(runnable, "vigil-redactor-audit-start");
              thread.setDaemon(true);
              thread.start();
            });
    StreamsRunner runner;
    try {
      runner =
          StreamsRunner.start(
              RedactionTopology.build(holder, registry, metrics), props, Duration.ofSeconds(120));
    } catch (RuntimeException e) {
      audit.thenAccept(StreamsRunner::close);
      throw e;
    }
    StreamsRunner auditRunner;
    try {
      auditRunner = audit.join();
    } catch (CompletionException e) {
      runner.close();
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return new RedactionApp(holder, runner, auditRunner);
  }

  static RuleSet initialRules(Settings settings) {
    try {
      if (settings.rulesFile().isPresent()) {
        return RuleSetLoader.load(settings.rulesFile().get(), settings.keys());
      }
      try (InputStream in = RuleSetLoader.class.getResourceAsStream(DEFAULT_RULES_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "the default rule set " + DEFAULT_RULES_RESOURCE + " is missing");
        }
        return RuleSetLoader.load(
            "classpath:" + DEFAULT_RULES_RESOURCE,
            new String(in.readAllBytes(), StandardCharsets.UTF_8),
            settings.keys());
      }
    } catch (RuleSetException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RuleSetHolder rules() {
    return holder;
  }

  public StreamsRunner runner() {
    return runner;
  }

  /** Both Streams apps: the redactor and its rule audit. */
  public List<StreamsRunner> runners() {
    return List.of(runner, auditRunner);
  }

  @Override
  public void close() {
    try {
      auditRunner.close();
    } finally {
      runner.close();
    }
  }
}
