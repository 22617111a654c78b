package dev.vigil.streams.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {
  private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");

  private static List<AuditRecord> chain(int n) {
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
                  i % 2 == 0 ? "{}" : null));
      out.add(r);
      head = AuditChain.Head.after(r);
    }
    return out;
  }

  private static AuditRecord copy(AuditRecord r) {
    return AuditRecord.newBuilder(r).build();
  }

  @Test
  void shouldVerifyAnUntouchedChain() {
    List<AuditRecord> c = chain(5);
    assertThat(c.get(0).getPrevHash()).isEqualTo("0".repeat(64));
    assertThat(c.get(1).getPrevHash()).isEqualTo(c.get(0).getHash());
    assertThat(c.get(0).getHash()).matches("[0-9a-f]{64}");
    assertThat(AuditChain.verify(c)).isEqualTo(new Verification(true, 5, -1, -1, "ok"));
  }

  @Test
  void shouldDetectAnEditedRecord() {
    List<AuditRecord> c = chain(5);
    AuditRecord edited = copy(c.get(2));
    edited.setDetails(Map.of("stage", "COMPLETE", "step", "2"));
    c.set(2, edited);
    Verification v = AuditChain.verify(c);
    assertThat(v.ok()).isFalse();
    assertThat(v.badIndex()).isEqualTo(2);
    assertThat(v.reason()).contains("record edited");
  }

  @Test
  void shouldDetectADeletedRecord() {
    List<AuditRecord> c = chain(5);
    c.remove(1);
    Verification v = AuditChain.verify(c);
    assertThat(v.badIndex()).isEqualTo(1);
    assertThat(v.badSeq()).isEqualTo(2);
    assertThat(v.reason()).startsWith("seq gap: expected 1 but found 2");
  }

  @Test
  void shouldDetectAnInsertedRecordEvenWithAValidLookingHash() {
    List<AuditRecord> c = chain(5);
    AuditRecord forged =
        AuditChain.seal(
            "failover",
            AuditChain.Head.after(c.get(1)),
            AuditEntry.of(T, "mallory", AuditAction.COMMAND, "payments", Map.of(), null));
    c.add(2, forged);
    Verification v = AuditChain.verify(c);
    assertThat(v.badIndex()).isEqualTo(3);
    assertThat(v.reason()).contains("repeats or goes back");
  }

  @Test
  void shouldDetectAReorder() {
    List<AuditRecord> c = chain(5);
    Collections.swap(c, 2, 3);
    Verification v = AuditChain.verify(c);
    assertThat(v.badIndex()).isEqualTo(2);
    assertThat(v.reason()).contains("seq gap: expected 2 but found 3");
  }

  @Test
  void shouldDetectAReplacedPrevHash() {
    List<AuditRecord> c = chain(3);
    AuditRecord r = copy(c.get(1));
    r.setPrevHash("f".repeat(64));
    r.setHash(AuditChain.hash(r));
    c.set(1, r);
    Verification v = AuditChain.verify(c);
    assertThat(v.badIndex()).isEqualTo(1);
    assertThat(v.reason()).startsWith("prev_hash does not match");
  }

  @Test
  void shouldDetectATruncatedTailOnlyAgainstAnAnchor() {
    List<AuditRecord> c = chain(4);
    String anchor = c.get(3).getHash();
    List<AuditRecord> cut = c.subList(0, 3);
    assertThat(AuditChain.verify(cut).ok()).isTrue();
    Verification v = AuditChain.verify(cut, AuditChain.Head.genesis(), anchor);
    assertThat(v.ok()).isFalse();
    assertThat(v.reason()).contains("records cut off the end");
  }

  @Test
  void shouldEncodeTheHeadRoundTrip() {
    AuditChain.Head head = AuditChain.Head.after(chain(2).get(1));
    assertThat(AuditChain.Head.decode(head.encode())).isEqualTo(head);
    assertThat(head.nextSeq()).isEqualTo(2);
  }

  @Test
  void shouldVerifyInterleavedChainsOfSeveralWritersSeparately() {
    // Given the failover chain and a redactor chain interleaved on one topic
    List<AuditRecord> mixed = new ArrayList<>();
    AuditChain.Head redactor = AuditChain.Head.genesis();
    for (AuditRecord r : chain(4)) {
      mixed.add(r);
      AuditRecord other =
          AuditChain.seal(
              "redactor",
              redactor,
              AuditEntry.of(
                  T,
                  "vigil-redactor",
                  AuditAction.RULES_PUBLISHED,
                  "vigil-default",
                  Map.of(),
                  null));
      redactor = AuditChain.Head.after(other);
      mixed.add(other);
    }
    // Then each chain verifies on its own
    Map<String, Verification> all = AuditChain.verifyAll(mixed);
    assertThat(all).containsOnlyKeys("failover", "redactor");
    assertThat(all.values()).allMatch(Verification::ok);
    assertThat(all.get("redactor").checked()).isEqualTo(4);
  }

  @Test
  void shouldDetectARecordMovedToAnotherChain() {
    List<AuditRecord> c = chain(3);
    c.get(1).setChain("redactor");
    Map<String, Verification> all = AuditChain.verifyAll(c);
    assertThat(all.get("failover").ok()).isFalse();
    assertThat(all.get("redactor").ok()).isFalse();
  }
}
