package dev.vigil.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.streams.audit.AuditChain.CheckpointReason;
import dev.vigil.streams.audit.AuditVerifier.ChainReport;
import dev.vigil.streams.audit.AuditVerifier.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
  private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");
  private static final AuditKeys KEYS = AuditKeys.generate();
  private final AuditVerifier verifier = new AuditVerifier(KEYS);

  /** {@code n} keyed records with a checkpoint after every third one. */
  private static List<AuditRecord> chain(int n, AuditKeys keys) {
    List<AuditRecord> out = new ArrayList<>();
    AuditChain.Head head = AuditChain.Head.genesis();
    for (int i = 0; i < n; i++) {
      AuditRecord r =
          AuditChain.seal(
              "failover",
              head,
              AuditEntry.of(
                  T.plusSeconds(i),
                  "vigil-failover",
                  AuditAction.TRIGGER,
                  "payments",
                  Map.of("stage", "SHIFT", "step", Integer.toString(i)),
                  null),
              keys);
      out.add(r);
      head = AuditChain.Head.after(r);
      if (out.size() % 4 == 3) {
        AuditRecord cp =
            AuditChain.checkpoint(
                "failover",
                head,
                T.plusSeconds(i),
                "vigil-failover",
                CheckpointReason.INTERVAL,
                keys);
        out.add(cp);
        head = AuditChain.Head.after(cp);
      }
    }
    return out;
  }

  private static List<AuditRecord> chain(int n) {
    return chain(n, KEYS);
  }

  private static AuditRecord copy(AuditRecord r) {
    return AuditRecord.newBuilder(r).build();
  }

  private ChainReport verify(List<AuditRecord> records) {
    return verifier.verify("failover", records, Optional.empty());
  }

  private static Map<String, String> details(AuditRecord r) {
    return new TreeMap<>(r.getDetails());
  }

  @Test
  void shouldVerifyAnUntouchedKeyedChainWithItsLatestCheckpoint() {
    List<AuditRecord> c = chain(7);

    ChainReport report = verify(c);

    assertThat(report.ok()).isTrue();
    assertThat(report.records()).isEqualTo(9);
    assertThat(report.unkeyed()).isZero();
    assertThat(report.latestCheckpoint()).map(Checkpoint::seq).contains(7L);
    assertThat(report.latestCheckpoint()).map(Checkpoint::headSeq).contains(6L);
    assertThat(report.afterCheckpoint()).isEqualTo(1);
    assertThat(report.checkpointLag()).contains(Duration.ofSeconds(1));
    assertThat(c).allSatisfy(r -> assertThat(r.getKeyId()).isEqualTo(KEYS.macKeyId()));
  }

  @Test
  void shouldReportAnEditedRecordByItsMac() {
    List<AuditRecord> c = chain(7);
    AuditRecord edited = copy(c.get(2));
    edited.setSubject("orders");
    c.set(2, edited);

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.EDITED));
    assertThat(report.problem().get().seq()).isEqualTo(2);
  }

  @Test
  void shouldReportAnEditedHashFieldAsAnEdit() {
    List<AuditRecord> c = chain(7);
    c.get(4).setHash("f".repeat(64));

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.EDITED));
    assertThat(report.problem().get().seq()).isEqualTo(4);
  }

  @Test
  void shouldReportADeletedRecord() {
    List<AuditRecord> c = chain(7);
    c.remove(5);

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.DELETED));
    assertThat(report.problem().get().reason()).contains("seq 5 missing");
  }

  @Test
  void shouldReportAnInsertedRecordThatReusesTheSeqOfTheOneItPrecedes() {
    List<AuditRecord> c = chain(7);
    AuditRecord forged = copy(c.get(2));
    forged.setSubject("orders");
    forged.setHash(AuditChain.hash(forged));
    c.add(2, forged);

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.INSERTED));
    assertThat(report.problem().get().seq()).isEqualTo(2);
  }

  @Test
  void shouldReportADuplicatedRecordAsAnInsertion() {
    List<AuditRecord> c = chain(7);
    c.add(3, copy(c.get(2)));

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.INSERTED));
  }

  @Test
  void shouldReportReorderedRecords() {
    List<AuditRecord> c = chain(7);
    Collections.swap(c, 1, 2);

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.REORDERED));
    assertThat(report.problem().get().index()).isEqualTo(1);
  }

  @Test
  void shouldReportAWholesaleRewriteWithRecomputedSha256ByTheMissingKey() {
    List<AuditRecord> c = chain(7);
    // Someone without the key rewrites the chain from seq 2 on and recomputes every SHA-256 link.
    String prev = c.get(1).getHash();
    for (int i = 2; i < c.size(); i++) {
      AuditRecord r = c.get(i);
      r.setActor("mallory");
      r.setPrevHash(prev);
      r.setHash(AuditChain.hash(r));
      prev = r.getHash();
    }
    assertThat(AuditChain.verify(c).ok()).as("the plain SHA-256 chain is fooled").isTrue();

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.EDITED));
    assertThat(report.problem().get().seq()).isEqualTo(2);
  }

  @Test
  void shouldReportARewriteUnderAnotherKeyAsAnEdit() {
    List<AuditRecord> mine = chain(7, AuditKeys.generate());

    ChainReport report = verify(mine);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.EDITED));
    assertThat(report.problem().get().seq()).isZero();
  }

  @Test
  void shouldReportARecordWhoseMacWasStrippedAfterKeyedRecords() {
    List<AuditRecord> c = chain(7);
    AuditRecord stripped = copy(c.get(4));
    stripped.setMac(null);
    stripped.setKeyId(null);
    c.set(4, stripped);

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.UNKEYED_AFTER_KEYED));
  }

  @Test
  void shouldReportACheckpointWithAForgedSignatureEvenWhenItsMacIsValid() {
    List<AuditRecord> c = chain(7);
    AuditRecord cp = copy(c.get(3));
    Map<String, String> d = details(cp);
    byte[] sig = Base64.getDecoder().decode(d.get("signature"));
    sig[sig.length - 1] ^= 1;
    d.put("signature", Base64.getEncoder().encodeToString(sig));
    cp.setDetails(d);
    cp.setHash(AuditChain.hash(cp));
    cp.setMac(ByteBuffer.wrap(KEYS.mac(AuditChain.canonical(cp)))); // an insider with the MAC key
    c.set(3, cp);
    relink(c, 4);

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.FORGED_CHECKPOINT));
    assertThat(report.problem().get().seq()).isEqualTo(3);
  }

  @Test
  void shouldReportACheckpointSignedByAnotherKey() {
    List<AuditRecord> c = chain(3);
    AuditChain.Head head = AuditChain.Head.after(c.get(2));
    AuditRecord foreign =
        AuditChain.checkpoint(
            "failover", head, T, "mallory", CheckpointReason.INTERVAL, AuditKeys.generate());
    foreign.setKeyId(KEYS.macKeyId());
    foreign.setMac(ByteBuffer.wrap(KEYS.mac(AuditChain.canonical(foreign))));
    c.set(3, foreign);

    ChainReport report = verify(c);

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.FORGED_CHECKPOINT));
  }

  @Test
  void shouldReportACutOffTailAgainstTheWitnessedCheckpoint() {
    List<AuditRecord> full = chain(11);
    Checkpoint witnessed = verify(full).latestCheckpoint().orElseThrow();
    // The copy keeps seq 0..6 only; the witnessed checkpoint names head seq 10.
    List<AuditRecord> cut = new ArrayList<>(full.subList(0, 7));
    assertThat(verify(cut).ok()).as("without a witness the cut is invisible").isTrue();

    ChainReport report = verifier.verify("failover", cut, Optional.of(witnessed));

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.CUT_OFF_TAIL));
    assertThat(report.problem().get().reason()).contains("head seq 10").contains("ends at seq 6");
  }

  @Test
  void shouldReportAChainThatNoLongerHoldsTheWitnessedHead() {
    List<AuditRecord> full = chain(11);
    Checkpoint witnessed = verify(full).latestCheckpoint().orElseThrow();
    Checkpoint other =
        new Checkpoint(
            witnessed.chain(),
            witnessed.seq(),
            witnessed.headSeq() - 2,
            witnessed.headHash(),
            witnessed.at(),
            witnessed.signature());

    ChainReport report = verifier.verify("failover", full, Optional.of(other));

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.CUT_OFF_TAIL));
    assertThat(verifier.verifies(other)).as("a tampered witness line does not verify").isFalse();
    assertThat(verifier.verifies(witnessed)).isTrue();
  }

  @Test
  void shouldFailWhenTheBeginningIsGoneAndNoRetentionGapWasDeclared() {
    List<AuditRecord> full = chain(11);
    List<AuditRecord> retained = new ArrayList<>(full.subList(5, full.size()));

    ChainReport report = verify(retained);

    assertThat(report.ok()).isFalse();
    assertThat(report.problem())
        .hasValueSatisfying(
            p -> {
              assertThat(p.kind()).isEqualTo(Tamper.HEAD_MISSING);
              assertThat(p.seq()).isEqualTo(5);
              assertThat(p.reason())
                  .contains("chain failover starts at seq 5")
                  .contains("--after-retention");
            });
  }

  @Test
  void shouldFailWhenTheWitnessedCheckpointsHeadIsMissingUnlessARetentionGapIsDeclared() {
    List<AuditRecord> full = chain(20);
    // An earlier run witnessed the checkpoint at seq 11 (head seq 10)
    Checkpoint witnessed = verify(full.subList(0, 12)).latestCheckpoint().orElseThrow();
    assertThat(witnessed.headSeq()).isEqualTo(10);
    // Everything up to and past the witnessed head is gone; what stays is anchored later
    List<AuditRecord> cut = new ArrayList<>(full.subList(12, full.size()));

    ChainReport strict = verifier.verify("failover", cut, Optional.of(witnessed));
    ChainReport declared =
        new AuditVerifier(KEYS, true).verify("failover", cut, Optional.of(witnessed));

    assertThat(strict.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.HEAD_MISSING));
    assertThat(declared.ok()).isTrue();
    assertThat(declared.warnings())
        .anySatisfy(w -> assertThat(w).contains("is before the chain's start"));
  }

  @Test
  void shouldStartFromTheCheckpointWhenRetentionDeletedTheBeginning() {
    List<AuditRecord> full = chain(11);
    List<AuditRecord> retained = new ArrayList<>(full.subList(5, full.size()));

    ChainReport report =
        new AuditVerifier(KEYS, true).verify("failover", retained, Optional.empty());

    assertThat(report.ok()).isTrue();
    assertThat(report.firstSeq()).isEqualTo(5);
    assertThat(report.warnings())
        .singleElement()
        .asString()
        .contains("anchored by a signed checkpoint");
  }

  @Test
  void shouldRefuseAChainWhoseBeginningIsGoneWithoutACheckpointToStartFrom() {
    List<AuditRecord> full = chain(11);
    List<AuditRecord> retained = new ArrayList<>(full.subList(12, full.size()));

    ChainReport report =
        new AuditVerifier(KEYS, true).verify("failover", retained, Optional.empty());

    assertThat(report.problem())
        .hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Tamper.NO_START));
  }

  @Test
  void shouldAcceptUnkeyedLegacyRecordsBeforeTheFirstKeyedOneAndCountThem() {
    List<AuditRecord> c = new ArrayList<>();
    AuditChain.Head head = AuditChain.Head.genesis();
    for (int i = 0; i < 4; i++) {
      AuditEntry e =
          AuditEntry.of(
              T.plusSeconds(i), "vigil-keys", AuditAction.KEYS_LISTED, "k", Map.of(), null);
      AuditRecord r =
          i < 2 ? AuditChain.seal("failover", head, e) : AuditChain.seal("failover", head, e, KEYS);
      c.add(r);
      head = AuditChain.Head.after(r);
    }

    ChainReport report = verify(c);

    assertThat(report.ok()).isTrue();
    assertThat(report.unkeyed()).isEqualTo(2);
  }

  @Test
  void shouldVerifyRecordsOfEveryKeyAfterARotation() {
    AuditKeys rotated = KEYS.rotated();
    List<AuditRecord> c = chain(3);
    AuditChain.Head head = AuditChain.Head.after(c.get(c.size() - 1));
    AuditRecord after =
        AuditChain.seal(
            "failover",
            head,
            AuditEntry.of(T, "vigil-failover", AuditAction.TRIGGER, "payments", Map.of(), null),
            rotated);
    c.add(after);

    ChainReport report = new AuditVerifier(rotated).verify("failover", c, Optional.empty());

    assertThat(report.ok()).isTrue();
    assertThat(after.getKeyId()).isEqualTo(rotated.macKeyId()).isNotEqualTo(KEYS.macKeyId());
    assertThat(rotated.macKeyIds()).contains(KEYS.macKeyId());
  }

  @Test
  void shouldWriteKeyFilesOnlyTheOwnerCanReadAndReadThemBack(@TempDir Path dir) throws Exception {
    Path keysDir = dir.resolve("audit");
    AuditKeys written = AuditKeys.readOrCreate(keysDir);

    AuditKeys read = AuditKeys.readOrCreate(keysDir);

    assertThat(read.macKeyIds()).isEqualTo(written.macKeyIds());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keysDir.resolve("audit.mac.json"))))
        .isEqualTo("rw-------");
    assertThat(read.toString()).doesNotContain("value");
    Files.setPosixFilePermissions(
        keysDir.resolve("audit.mac.json"), PosixFilePermissions.fromString("rw-r--r--"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditKeys.read(keysDir))
        .hasMessageContaining("must not be readable or writable by group or others");
    Files.setPosixFilePermissions(
        keysDir.resolve("audit.mac.json"), PosixFilePermissions.fromString("rw--w----"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditKeys.read(keysDir))
        .hasMessageContaining("must not be readable or writable by group or others");
  }

  private static void relink(List<AuditRecord> c, int from) {
    for (int i = from; i < c.size(); i++) {
      AuditRecord r = c.get(i);
      r.setPrevHash(c.get(i - 1).getHash());
      r.setHash(AuditChain.hash(r));
      r.setMac(ByteBuffer.wrap(KEYS.mac(AuditChain.canonical(r))));
    }
  }
}
