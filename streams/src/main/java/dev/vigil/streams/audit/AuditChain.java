package dev.vigil.streams.audit;

import dev.vigil.schemas.avro.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain of {@code vigil.audit.v1} (docs/design.md §6).
 *
 * <p><b>Canonical form.</b> {@code hash} is the lower-case hex SHA-256 of a byte string made of
 * these items, in this order, each written as {@code <decimal UTF-8 byte length>:<UTF-8 bytes>}:
 * the literal {@code vigil-audit-v1}; {@code chain}; {@code seq} in decimal; {@code record_id};
 * {@code occurred_at} as decimal epoch milliseconds; {@code actor}; {@code action}; {@code
 * subject}; the number of {@code details} entries in decimal, then each entry's key and value,
 * sorted by key (Java {@code String} order); {@code 0} when {@code payload_json} is null, else
 * {@code 1} followed by {@code payload_json}; {@code prev_hash}. Length prefixes make the encoding
 * unambiguous: no change of field contents can produce the same bytes.
 *
 * <p>{@code prev_hash} of {@code seq 0} is 64 zeros; {@code record_id} is {@code aud-} and the
 * first 32 hex digits of SHA-256 over {@code chain}, {@code prev_hash} and {@code seq}, so it is
 * deterministic too.
 *
 * <p>One chain needs one writer: all appends go through one {@link Head}, stored by the caller.
 * Several writers share {@code vigil.audit.v1}, each with its own chain ({@code chain} field, e.g.
 * {@code failover}, {@code redactor}); the chain name is the second item of the canonical form and
 * part of {@code record_id}, so a record cannot be moved from one chain to another unnoticed.
 *
 * <p><b>Keys.</b> A plain SHA-256 chain can be recomputed by anyone who can write the topic. Every
 * writer therefore seals with {@link AuditKeys}: {@code mac} is a Tink HMAC-SHA256 tag over the
 * same canonical bytes and {@code key_id} names its key; {@link #checkpoint} records sign the head
 * with Ed25519. {@link #verify} checks the hash links only (structure, and chains written before
 * keys); {@link AuditVerifier} checks MACs, checkpoints and a cut-off tail.
 */
public final class AuditChain {
  /** {@code prev_hash} of the first record. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** Where the next record goes: its {@code seq} and the previous record's hash. */
  public record Head(long nextSeq, String lastHash) {
    public static Head genesis() {
      return new Head(0, GENESIS);
    }

    /** The head after {@code record} was appended. */
    public static Head after(AuditRecord record) {
      return new Head(record.getSeq() + 1, record.getHash());
    }

    /** {@code <nextSeq>:<lastHash>}, for storing the head as a string. */
    public String encode() {
      return nextSeq + ":" + lastHash;
    }

    public static Head decode(String text) {
      int colon = text.indexOf(':');
      if (colon < 1 || !text.substring(colon + 1).matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("not an audit chain head");
      }
      return new Head(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    }
  }

  /**
   * Gives {@code entry} the next place in the chain and keys it: {@code key_id} is the primary
   * audit MAC key's id and {@code mac} the Tink HMAC-SHA256 tag over the {@linkplain #canonical
   * canonical bytes} (the bytes {@code hash} is computed from). Use {@link Head#after} for the new
   * head.
   */
  public static AuditRecord seal(String chain, Head head, AuditEntry entry, AuditKeys keys) {
    AuditRecord r = seal(chain, head, entry);
    r.setKeyId(keys.macKeyId());
    r.setMac(java.nio.ByteBuffer.wrap(keys.mac(canonical(r))));
    return r;
  }

  /**
   * A signed checkpoint of {@code head} (the chain's last record), appended at {@code head}: its
   * details name the head ({@code head_seq}, {@code head_hash}), why it was written ({@code
   * reason}: {@link CheckpointReason}) and carry the Ed25519 {@code signature} over {@link
   * #checkpointBytes}. The record is keyed like any other. Use {@link Head#after} for the new head.
   *
   * @throws IllegalArgumentException for an empty chain (nothing to checkpoint)
   */
  public static AuditRecord checkpoint(
      String chain, Head head, Instant at, String actor, CheckpointReason reason, AuditKeys keys) {
    if (head.nextSeq() == 0) {
      throw new IllegalArgumentException("an empty chain has no head to checkpoint");
    }
    long headSeq = head.nextSeq() - 1;
    Map<String, String> details = new TreeMap<>();
    details.put(HEAD_SEQ, Long.toString(headSeq));
    details.put(HEAD_HASH, head.lastHash());
    details.put(REASON, reason.wire());
    details.put(
        SIGNATURE,
        java.util.Base64.getEncoder()
            .encodeToString(keys.sign(checkpointBytes(chain, headSeq, head.lastHash(), at))));
    return seal(
        chain, head, AuditEntry.of(at, actor, AuditAction.CHECKPOINT, chain, details, null), keys);
  }

  /** Why a checkpoint was written (its {@code reason} detail). */
  public enum CheckpointReason {
    /** The writer's checkpoint interval ({@code audit.checkpointInterval}) passed. */
    INTERVAL("interval"),
    /** The writer stopped cleanly, or a short-lived command finished its appends. */
    SHUTDOWN("shutdown");

    private final String wire;

    CheckpointReason(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  static final String HEAD_SEQ = "head_seq";
  static final String HEAD_HASH = "head_hash";
  static final String REASON = "reason";
  static final String SIGNATURE = "signature";

  /**
   * What a checkpoint's signature covers: the canonical items {@code vigil-audit-checkpoint-v1},
   * {@code chain}, the head's seq in decimal, the head's hash and the checkpoint time in epoch
   * milliseconds.
   */
  static byte[] checkpointBytes(String chain, long headSeq, String headHash, Instant at) {
    return (item("vigil-audit-checkpoint-v1")
            + item(chain)
            + item(Long.toString(headSeq))
            + item(headHash)
            + item(Long.toString(at.toEpochMilli())))
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Gives {@code entry} the next place in the chain without a MAC: only for records that model the
   * unkeyed chains written before audit keys (tests); every writer uses {@link #seal(String, Head,
   * AuditEntry, AuditKeys)}.
   */
  public static AuditRecord seal(String chain, Head head, AuditEntry entry) {
    AuditRecord r =
        AuditRecord.newBuilder()
            .setChain(chain)
            .setSeq(head.nextSeq())
            .setRecordId(
                "aud-"
                    + sha256Hex(
                            item(chain), item(head.lastHash()), item(Long.toString(head.nextSeq())))
                        .substring(0, 32))
            .setOccurredAt(entry.occurredAt())
            .setActor(entry.actor())
            .setAction(entry.action().wire())
            .setSubject(entry.subject())
            .setDetails(new TreeMap<>(entry.details()))
            .setPayloadJson(entry.payloadJson())
            .setPrevHash(head.lastHash())
            .setHash("")
            .build();
    r.setHash(hash(r));
    return r;
  }

  /**
   * The hash {@code record} should carry, from its canonical form (its own hash field excluded).
   */
  public static String hash(AuditRecord r) {
    return sha256Hex(canonicalText(r));
  }

  /** The canonical bytes of {@code r} (class comment): what {@code hash} and {@code mac} cover. */
  public static byte[] canonical(AuditRecord r) {
    return canonicalText(r).getBytes(StandardCharsets.UTF_8);
  }

  private static String canonicalText(AuditRecord r) {
    StringBuilder b = new StringBuilder();
    b.append(item("vigil-audit-v1"))
        .append(item(r.getChain()))
        .append(item(Long.toString(r.getSeq())))
        .append(item(r.getRecordId()))
        .append(item(Long.toString(r.getOccurredAt().toEpochMilli())))
        .append(item(r.getActor()))
        .append(item(r.getAction()))
        .append(item(r.getSubject()));
    Map<String, String> details = new TreeMap<>();
    r.getDetails().forEach((k, v) -> details.put(k.toString(), v.toString()));
    b.append(item(Integer.toString(details.size())));
    details.forEach((k, v) -> b.append(item(k)).append(item(v)));
    if (r.getPayloadJson() == null) {
      b.append(item("0"));
    } else {
      b.append(item("1")).append(item(r.getPayloadJson()));
    }
    b.append(item(r.getPrevHash()));
    return b.toString();
  }

  /**
   * Verifies every chain found in {@code records} (in their order of appearance), each from its
   * first record. The map is ordered by first appearance.
   */
  public static Map<String, Verification> verifyAll(Iterable<AuditRecord> records) {
    Map<String, java.util.List<AuditRecord>> byChain = new java.util.LinkedHashMap<>();
    for (AuditRecord r : records) {
      byChain.computeIfAbsent(r.getChain(), c -> new java.util.ArrayList<>()).add(r);
    }
    Map<String, Verification> result = new java.util.LinkedHashMap<>();
    byChain.forEach((chain, list) -> result.put(chain, verify(list)));
    return result;
  }

  /** Verifies a chain from its first record ({@code seq 0}). */
  public static Verification verify(Iterable<AuditRecord> records) {
    return verify(records, Head.genesis(), null);
  }

  /**
   * Verifies records that should continue from {@code start}; when {@code expectedEndHash} is not
   * null (an anchored checkpoint of the last record's hash) the chain must also end there, which is
   * the only way to notice records cut off the end or a chain rewritten from the start.
   */
  public static Verification verify(
      Iterable<AuditRecord> records, Head start, String expectedEndHash) {
    long expectedSeq = start.nextSeq();
    String expectedPrev = start.lastHash();
    int index = 0;
    for (AuditRecord r : records) {
      if (r.getSeq() != expectedSeq) {
        String why =
            r.getSeq() < expectedSeq
                ? "seq "
                    + r.getSeq()
                    + " repeats or goes back after seq "
                    + (expectedSeq - 1)
                    + " (record inserted or reordered)"
                : "seq gap: expected "
                    + expectedSeq
                    + " but found "
                    + r.getSeq()
                    + " (record deleted or reordered)";
        return Verification.bad(index, r.getSeq(), why);
      }
      if (!expectedPrev.equals(r.getPrevHash())) {
        return Verification.bad(
            index,
            r.getSeq(),
            "prev_hash does not match the hash of the record before (record inserted, deleted or"
                + " replaced)");
      }
      if (!hash(r).equals(r.getHash())) {
        return Verification.bad(
            index, r.getSeq(), "hash does not match the record's contents (record edited)");
      }
      expectedPrev = r.getHash();
      expectedSeq++;
      index++;
    }
    if (expectedEndHash != null && !expectedEndHash.equals(expectedPrev)) {
      return Verification.bad(
          index,
          expectedSeq,
          "chain ends at seq "
              + (expectedSeq - 1)
              + " without reaching the anchored hash (records cut off the end or chain rewritten)");
    }
    return new Verification(true, index, -1, -1, "ok");
  }

  static String item(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length + ":" + s;
  }

  private static String sha256Hex(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        sha.update(p.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
