package dev.vigil.streams.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.streams.audit.AuditEntry;
import dev.vigil.streams.failover.topology.AuditEntrySerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Coverage-guided fuzzing of the correlator's stored-state decoders and the audit-entry decoder
 * (issue 18) and the transition log (issue 14): a changelog or topic record that is not what it
 * should be must fail with the decoder's own clear error (IllegalArgumentException for state,
 * SerializationException for audit entries), never a NullPointerException or another accident, and
 * a state that decodes must encode back to bytes that decode to the same state. Regression inputs
 * (crashes found and fixed) are in {@code StateDecoderFuzzTestInputs/<method>/}; {@code .ci/fuzz
 * <minutes>} fuzzes for real.
 */
class StateDecoderFuzzTest {
  private static final Deserializer<AuditEntry> AUDIT = AuditEntrySerde.serde().deserializer();

  @FuzzTest
  void serviceState(byte[] data) {
    ServiceState state;
    try {
      state = ServiceStateCodec.fromBytes(data);
    } catch (IllegalArgumentException refused) {
      return;
    }
    byte[] again = ServiceStateCodec.toBytes(state);
    assertThat(ServiceStateCodec.toBytes(ServiceStateCodec.fromBytes(again))).isEqualTo(again);
  }

  @FuzzTest
  void scopeEvidence(byte[] data) {
    SiteState scope;
    try {
      scope = StateBinary.readScope(data);
    } catch (IllegalArgumentException refused) {
      return;
    }
    byte[] again = StateBinary.writeScope(scope);
    assertThat(StateBinary.writeScope(StateBinary.readScope(again))).isEqualTo(again);
  }

  @FuzzTest
  void transitionLog(byte[] data) {
    TransitionLog log;
    try {
      log = TransitionLog.fromBytes(data);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(log.newestFirst()).hasSizeLessThanOrEqualTo(TransitionLog.MAX_ENTRIES);
    byte[] again = log.toBytes();
    assertThat(TransitionLog.fromBytes(again).toBytes()).isEqualTo(again);
  }

  @FuzzTest
  void auditEntry(byte[] data) {
    try {
      AUDIT.deserialize("vigil.audit.v1", data);
    } catch (SerializationException refused) {
      assertThat(refused).hasMessage("not an audit entry");
    }
  }
}
