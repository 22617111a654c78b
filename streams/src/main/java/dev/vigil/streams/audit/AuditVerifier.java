package dev.vigil.streams.audit;

import dev.vigil.schemas.avro.AuditRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies keyed audit chains ({@link AuditChain}) with the audit keys: per record the seq, the
 * {@code prev_hash} link, the MAC (any key of the keyset; {@code key_id} must name the MAC's key)
 * and the hash; per checkpoint its Ed25519 signature and that it names the record before it; at the
 * end, that the chain still reaches a <em>witnessed</em> checkpoint (one seen by an earlier
 * verification), which is how a cut-off tail is noticed. The first problem of a chain stops its
 * verification. Problems name seqs and kinds, never record contents.
 *
 * <p>Unkeyed records (written before audit keys) are accepted before the first keyed record of a
 * chain and counted ({@link ChainReport#unkeyed()}); after a keyed record an unkeyed one is {@link
 * Tamper#UNKEYED_AFTER_KEYED}. A chain whose beginning is gone is {@link Tamper#HEAD_MISSING}
 * unless the caller declares a retention gap; then it is verified from its first present record
 * when a valid signed checkpoint follows, else it is {@link Tamper#NO_START} (only for keyed
 * chains; an unkeyed legacy remainder gets a warning).
 */
public final class AuditVerifier {
  private final AuditKeys keys;
  private final boolean afterRetention;

  /** A verifier for which a missing beginning of a chain is {@link Tamper#HEAD_MISSING}. */
  public AuditVerifier(AuditKeys keys) {
    this(keys, false);
  }

  /**
   * @param afterRetention the caller declares that retention may have deleted the beginning of a
   *     chain: a chain is then verified from its first present record when a signed checkpoint
   *     follows, and a witnessed checkpoint before that start is a warning; without it both fail as
   *     {@link Tamper#HEAD_MISSING}
   */
  public AuditVerifier(AuditKeys keys, boolean afterRetention) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.afterRetention = afterRetention;
  }

  /**
   * A verified signed checkpoint.
   *
   * @param chain the chain
   * @param seq the checkpoint record's own seq
   * @param headSeq seq of the head it names (the record before it)
   * @param headHash hash of that head
   * @param at when it was written
   * @param signature its Ed25519 signature (Base64, with Tink's key-id prefix)
   */
  public record Checkpoint(
      String chain, long seq, long headSeq, String headHash, Instant at, String signature) {

    /** One tab-separated line (witness files). */
    public String encode() {
      return String.join(
          "\t",
          chain,
          Long.toString(seq),
          Long.toString(headSeq),
          headHash,
          Long.toString(at.toEpochMilli()),
          signature);
    }

    /** The checkpoint {@link #encode()} wrote; throws {@link IllegalArgumentException}. */
    public static Checkpoint decode(String line) {
      String[] p = line.split("\t", -1);
      if (p.length != 6) {
        throw new IllegalArgumentException("not a checkpoint line");
      }
      return new Checkpoint(
          p[0],
          Long.parseLong(p[1]),
          Long.parseLong(p[2]),
          p[3],
          Instant.ofEpochMilli(Long.parseLong(p[4])),
          p[5]);
    }
  }

  /** The first problem of a chain: what, at which seq and position (index in the chain). */
  public record Problem(Tamper kind, long seq, int index, String reason) {}

  /**
   * Outcome for one chain.
   *
   * @param chain its name
   * @param records how many records it has here
   * @param firstSeq seq of its first present record (0 unless retention deleted the beginning)
   * @param lastSeq seq of its last record
   * @param unkeyed records without a MAC (legacy)
   * @param latestCheckpoint the last valid checkpoint seen, if any
   * @param afterCheckpoint records after that checkpoint (all of them when there is none)
   * @param checkpointLag from the latest checkpoint to the newest record's time
   * @param problem the first problem, empty when the chain verified
   * @param warnings things that are not tampering but limit what was proved
   */
  public record ChainReport(
      String chain,
      int records,
      long firstSeq,
      long lastSeq,
      long unkeyed,
      Optional<Checkpoint> latestCheckpoint,
      long afterCheckpoint,
      Optional<Duration> checkpointLag,
      Optional<Problem> problem,
      List<String> warnings) {
    public boolean ok() {
      return problem.isEmpty();
    }
  }

  /**
   * Verifies every chain in {@code records} (in order of first appearance), each against its
   * witnessed checkpoint, if any. A witnessed chain that has no records at all is reported as cut
   * off.
   */
  public Map<String, ChainReport> verifyAll(
      Iterable<AuditRecord> records, Map<String, Checkpoint> witnessed) {
    Map<String, List<AuditRecord>> byChain = new LinkedHashMap<>();
    for (AuditRecord r : records) {
      byChain.computeIfAbsent(r.getChain(), c -> new ArrayList<>()).add(r);
    }
    witnessed.keySet().forEach(c -> byChain.putIfAbsent(c, List.of()));
    Map<String, ChainReport> out = new LinkedHashMap<>();
    byChain.forEach(
        (chain, list) ->
            out.put(chain, verify(chain, list, Optional.ofNullable(witnessed.get(chain)))));
    return out;
  }

  /** Verifies one chain's records, in their order, against an optional witnessed checkpoint. */
  public ChainReport verify(String chain, List<AuditRecord> records, Optional<Checkpoint> witness) {
    Run run = new Run(chain, records);
    run.walk();
    if (run.problem == null && witness.isPresent()) {
      run.checkWitness(witness.get());
    }
    return run.report();
  }

  /** Whether {@code c}'s signature is valid under these keys (a witness file is re-checked). */
  public boolean verifies(Checkpoint c) {
    try {
      return keys.verifySignature(
          Base64.getDecoder().decode(c.signature()),
          AuditChain.checkpointBytes(c.chain(), c.headSeq(), c.headHash(), c.at()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** One verification of one chain. */
  private final class Run {
    private final String chain;
    private final List<AuditRecord> records;
    private final List<String> warnings = new ArrayList<>();
    private Problem problem;
    private Checkpoint latest;
    private long afterCheckpoint;
    private long unkeyed;

    Run(String chain, List<AuditRecord> records) {
      this.chain = chain;
      this.records = records;
    }

    void walk() {
      if (records.isEmpty() || !startsWell(records.get(0))) {
        return;
      }
      long expectedSeq = records.get(0).getSeq();
      String expectedPrev = records.get(0).getPrevHash();
      for (int i = 0; i < records.size(); i++) {
        AuditRecord r = records.get(i);
        if (!linked(r, i, expectedSeq, expectedPrev) || !macChecked(r, i) || !hashChecked(r, i)) {
          return;
        }
        expectedPrev = r.getHash();
        expectedSeq++;
      }
    }

    /** Seq 0 from the genesis hash, or a later start that {@link #checkStart} accepts. */
    private boolean startsWell(AuditRecord first) {
      if (first.getSeq() != 0) {
        checkStart(first);
        return problem == null;
      }
      if (!AuditChain.GENESIS.equals(first.getPrevHash())) {
        fail(Tamper.BROKEN_LINK, first, 0, "seq 0 does not start from the genesis hash");
        return false;
      }
      return true;
    }

    /** Record {@code i} has the next seq and names the record before. */
    private boolean linked(AuditRecord r, int i, long expectedSeq, String expectedPrev) {
      if (r.getSeq() != expectedSeq) {
        seqProblem(r, i, expectedSeq);
        return false;
      }
      if (!expectedPrev.equals(r.getPrevHash())) {
        fail(
            Tamper.BROKEN_LINK,
            r,
            i,
            "prev_hash does not name the record before (a record before it was replaced)");
        return false;
      }
      return true;
    }

    /** Whether a keyed record was seen yet: after one, every record must carry a MAC. */
    private boolean keyedSeen;

    private boolean macChecked(AuditRecord r, int i) {
      if (r.getMac() != null) {
        keyedSeen = true;
        if (!macValid(r)) {
          boolean duplicate = i + 1 < records.size() && records.get(i + 1).getSeq() == r.getSeq();
          fail(
              duplicate ? Tamper.INSERTED : Tamper.EDITED,
              r,
              i,
              "MAC does not match the record (edited, inserted or rewritten without the key)");
          return false;
        }
      } else if (keyedSeen) {
        fail(Tamper.UNKEYED_AFTER_KEYED, r, i, "record without a MAC after keyed records");
        return false;
      } else {
        unkeyed++;
      }
      return true;
    }

    /** The hash field matches the record; a checkpoint record is a valid signed checkpoint. */
    private boolean hashChecked(AuditRecord r, int i) {
      if (!AuditChain.hash(r).equals(r.getHash())) {
        fail(Tamper.EDITED, r, i, "hash field does not match the record (edited)");
        return false;
      }
      if (AuditAction.CHECKPOINT.is(r.getAction())) {
        Optional<Checkpoint> cp = checkpoint(r);
        if (cp.isEmpty()) {
          fail(
              Tamper.FORGED_CHECKPOINT,
              r,
              i,
              "checkpoint signature invalid, unkeyed, or naming another head than the record"
                  + " before it");
          return false;
        }
        latest = cp.get();
        afterCheckpoint = 0;
      } else {
        afterCheckpoint++;
      }
      return true;
    }

    private void checkStart(AuditRecord first) {
      if (!afterRetention) {
        fail(
            Tamper.HEAD_MISSING,
            first,
            0,
            "chain "
                + chain
                + " starts at seq "
                + first.getSeq()
                + ": seq 0.."
                + (first.getSeq() - 1)
                + " missing (deleted or cut); if retention deleted them, verify with"
                + " --after-retention");
        return;
      }
      boolean anchored =
          records.stream()
              .anyMatch(r -> AuditAction.CHECKPOINT.is(r.getAction()) && checkpoint(r).isPresent());
      boolean keyed = records.stream().anyMatch(r -> r.getMac() != null);
      if (anchored) {
        warnings.add(
            "seq 0.."
                + (first.getSeq() - 1)
                + " gone (retention); verified from seq "
                + first.getSeq()
                + ", anchored by a signed checkpoint");
      } else if (keyed) {
        fail(
            Tamper.NO_START,
            first,
            0,
            "chain starts at seq "
                + first.getSeq()
                + " and no valid signed checkpoint follows to start from");
      } else {
        warnings.add(
            "seq 0.."
                + (first.getSeq() - 1)
                + " gone and no checkpoint (unkeyed legacy chain): verified from seq "
                + first.getSeq()
                + " only");
      }
    }

    private void seqProblem(AuditRecord r, int i, long expectedSeq) {
      if (r.getSeq() < expectedSeq) {
        fail(
            Tamper.INSERTED,
            r,
            i,
            "seq " + r.getSeq() + " repeats or goes back after seq " + (expectedSeq - 1));
        return;
      }
      boolean comesLater =
          records.subList(i + 1, records.size()).stream().anyMatch(x -> x.getSeq() == expectedSeq);
      fail(
          comesLater ? Tamper.REORDERED : Tamper.DELETED,
          r,
          i,
          comesLater
              ? "expected seq " + expectedSeq + ", which comes later"
              : "seq "
                  + expectedSeq
                  + (r.getSeq() - 1 > expectedSeq ? ".." + (r.getSeq() - 1) : "")
                  + " missing");
    }

    private boolean macValid(AuditRecord r) {
      ByteBuffer b = r.getMac().duplicate();
      byte[] tag = new byte[b.remaining()];
      b.get(tag);
      return keys.verifyMac(tag, AuditChain.canonical(r))
          && Objects.equals(r.getKeyId(), AuditKeys.prefixKeyId(tag));
    }

    /** The checkpoint {@code r} is, when keyed, naming the record before it and validly signed. */
    private Optional<Checkpoint> checkpoint(AuditRecord r) {
      Map<String, String> d = r.getDetails();
      String headHash = d.get(AuditChain.HEAD_HASH);
      String sig = d.get(AuditChain.SIGNATURE);
      long headSeq;
      try {
        headSeq = Long.parseLong(String.valueOf(d.get(AuditChain.HEAD_SEQ)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (r.getMac() == null
          || !macValid(r)
          || sig == null
          || headSeq != r.getSeq() - 1
          || !r.getPrevHash().equals(headHash)) {
        return Optional.empty();
      }
      Checkpoint c = new Checkpoint(chain, r.getSeq(), headSeq, headHash, r.getOccurredAt(), sig);
      return verifies(c) ? Optional.of(c) : Optional.empty();
    }

    void checkWitness(Checkpoint w) {
      if (records.isEmpty()) {
        problem =
            new Problem(
                Tamper.CUT_OFF_TAIL,
                w.headSeq(),
                0,
                "witnessed checkpoint names head seq " + w.headSeq() + " but the chain is gone");
        return;
      }
      long first = records.get(0).getSeq();
      long last = records.get(records.size() - 1).getSeq();
      if (w.headSeq() > last) {
        problem =
            new Problem(
                Tamper.CUT_OFF_TAIL,
                last + 1,
                records.size(),
                "witnessed checkpoint names head seq "
                    + w.headSeq()
                    + " but the chain ends at seq "
                    + last);
      } else if (w.headSeq() >= first) {
        AuditRecord at = records.get((int) (w.headSeq() - first));
        if (!at.getHash().equals(w.headHash())) {
          problem =
              new Problem(
                  Tamper.CUT_OFF_TAIL,
                  w.headSeq(),
                  (int) (w.headSeq() - first),
                  "seq "
                      + w.headSeq()
                      + " is not the record the witnessed checkpoint names (tail cut and"
                      + " rewritten)");
        }
      } else if (afterRetention) {
        warnings.add(
            "witnessed checkpoint (head seq " + w.headSeq() + ") is before the chain's start");
      } else {
        problem =
            new Problem(
                Tamper.HEAD_MISSING,
                w.headSeq(),
                0,
                "chain "
                    + chain
                    + ": seq "
                    + w.headSeq()
                    + ", the head the witnessed checkpoint names, is missing (the chain now"
                    + " starts at seq "
                    + first
                    + "); if retention deleted it, verify with --after-retention");
      }
    }

    private void fail(Tamper kind, AuditRecord r, int index, String reason) {
      problem = new Problem(kind, r.getSeq(), index, reason);
    }

    ChainReport report() {
      Optional<Duration> lag = Optional.empty();
      if (latest != null && !records.isEmpty()) {
        lag =
            Optional.of(
                Duration.between(latest.at(), records.get(records.size() - 1).getOccurredAt()));
      }
      return new ChainReport(
          chain,
          records.size(),
          records.isEmpty() ? -1 : records.get(0).getSeq(),
          records.isEmpty() ? -1 : records.get(records.size() - 1).getSeq(),
          unkeyed,
          Optional.ofNullable(latest),
          latest == null ? records.size() : afterCheckpoint,
          lag,
          Optional.ofNullable(problem),
          List.copyOf(warnings));
    }
  }
}
