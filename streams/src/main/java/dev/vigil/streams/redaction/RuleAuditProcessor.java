package dev.vigil.streams.redaction;

import dev.vigil.redactionrules.RuleSet;
import dev.vigil.redactionrules.RuleSetException;
import dev.vigil.redactionrules.RuleSetLoader;
import dev.vigil.redactionrules.keys.KeyProvider;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.signing.RuleSetSigning;
import dev.vigil.schemas.signing.SignatureRefusal;
import dev.vigil.schemas.signing.Verifier;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.audit.AuditWriting;
import dev.vigil.streams.audit.ChainWriter;
import dev.vigil.streams.audit.StoreChainWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Appends every change on {@code vigil.rules.v1} to the {@code redactor} audit chain: which rule
 * set, which version, the SHA-256 of its text, whether it validates, and who published it (header
 * {@code vigil.actor}, or with {@code redaction.ruleKeys} the verified signing key's owner; an
 * unsigned or foreign rule set is then audited as rejected with its {@code refusal}). The rules
 * topic has one partition, so a rule set whose version is not above the highest one accepted for
 * its id (kept in the store) is audited as rejected, {@code refusal} {@code DOWNGRADE} or {@code
 * REPLAYED}. The rules topic has one partition, so one task is the chain's only writer; the chain
 * head lives in a changelogged store and is committed with the output (exactly-once). Records are
 * keyed with the audit MAC key; a signed checkpoint follows every {@code audit.checkpointInterval}
 * of wall-clock time when the chain moved.
 */
final class RuleAuditProcessor implements Processor<String, String, String, AuditRecord> {
  static final String CHAIN = "redactor";
  static final String ACTOR_HEADER = "vigil.actor";
  private static final String HEAD_KEY = "head";

  /** Actor of a rule set whose signature did not verify against redaction.ruleKeys. */
  static final String UNVERIFIED = "(unverified)";

  private final String storeName;
  private final KeyProvider keys;
  private final Verifier ruleKeys;
  private final AuditWriting writing;
  private ProcessorContext<String, AuditRecord> context;
  private ChainWriter writer;
  private KeyValueStore<String, String> heads;

  /** Store key prefix of the highest version accepted per rule-set id. */
  private static final String FLOOR_PREFIX = "accepted-version/";

  RuleAuditProcessor(String storeName, KeyProvider keys, Verifier ruleKeys, AuditWriting writing) {
    this.storeName = storeName;
    this.keys = keys;
    this.ruleKeys = ruleKeys;
    this.writing = writing;
  }

  @Override
  public void init(ProcessorContext<String, AuditRecord> context) {
    this.context = context;
    this.heads = context.getStateStore(storeName);
    this.writer =
        StoreChainWriter.start(context, heads, CHAIN, "vigil-redactor", HEAD_KEY, writing);
  }

  @Override
  public void process(Record<String, String> record) {
    Map<String, String> details = new TreeMap<>();
    AuditAction action;
    String actor = RedactionHeaders.get(record.headers(), ACTOR_HEADER);
    Verifier.Result signature =
        record.value() == null || ruleKeys.isEmpty()
            ? null
            : RuleSetSigning.verify(record.value(), ruleKeys);
    if (signature instanceof Verifier.Result.Valid v) {
      actor = v.owner(); // the verified publisher, not the typed header
      details.put("key_id", v.keyId());
    } else if (signature != null) {
      actor = UNVERIFIED;
    }
    if (record.value() == null) {
      action = AuditAction.RULES_DELETED;
    } else if (signature instanceof Verifier.Result.Refused r) {
      details.put("sha256", sha256(record.value()));
      action = AuditAction.RULES_REJECTED;
      details.put(SignatureRefusal.AUDIT_KEY, r.reason().name());
    } else {
      details.put("sha256", sha256(record.value()));
      action = loaded(record, signature, details);
    }
    context
        .recordMetadata()
        .ifPresent(
            m -> {
              details.put("partition", Integer.toString(m.partition()));
              details.put("offset", Long.toString(m.offset()));
            });
    AuditRecord audit =
        writer.append(
            AuditEntry.of(
                Instant.ofEpochMilli(record.timestamp()),
                actor == null ? "unknown" : actor,
                action,
                record.key() == null ? "(no key)" : record.key(),
                details,
                null));
    context.forward(new Record<>(CHAIN, audit, record.timestamp()));
  }

  /**
   * The action for a rule set whose signature verified or was not required: published when it loads
   * and its version is above the one accepted for its id, else rejected.
   */
  private AuditAction loaded(
      Record<String, String> record, Verifier.Result signature, Map<String, String> details) {
    try {
      RuleSet rules = RuleSetLoader.load("vigil.rules.v1/" + record.key(), record.value(), keys);
      details.put("ruleset", rules.id());
      details.put("version", Integer.toString(rules.version()));
      if (signature instanceof Verifier.Result.Valid) {
        RuleSetSigning.Signed signed = RuleSetSigning.split(record.value());
        details.put("issued_at", Instant.ofEpochMilli(signed.issuedAtMillis()).toString());
        details.put("nonce", signed.nonce());
      }
      return versionFloor(rules, details);
    } catch (RuleSetException | RuntimeException e) {
      details.put("error", e.getClass().getSimpleName());
      return AuditAction.RULES_REJECTED;
    }
  }

  private AuditAction versionFloor(RuleSet rules, Map<String, String> details) {
    String floorKey = FLOOR_PREFIX + rules.id();
    String floor = heads.get(floorKey);
    int accepted = floor == null ? 0 : Integer.parseInt(floor);
    if (rules.version() <= accepted) {
      // Monotonic per rule-set id, kept in the changelogged store: an older rule set (a
      // downgrade) or the accepted one again (a replay) is refused, like the redactor does.
      details.put(
          SignatureRefusal.AUDIT_KEY,
          (rules.version() < accepted ? SignatureRefusal.DOWNGRADE : SignatureRefusal.REPLAYED)
              .name());
      details.put("accepted_version", Integer.toString(accepted));
      return AuditAction.RULES_REJECTED;
    }
    heads.put(floorKey, Integer.toString(rules.version()));
    return AuditAction.RULES_PUBLISHED;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
