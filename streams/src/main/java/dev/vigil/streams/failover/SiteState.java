package dev.vigil.streams.failover;

import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SiteHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.TreeMap;

/** Health and posture evidence of one site of one service. */
public final class SiteState {
  SiteHealth health = SiteHealth.UNKNOWN;
  Instant healthSince;

  /** Probe event that made the latest health transition; null when staleness did. */
  String healthEventId;

  /** Probe event ids of the vantage points whose votes made the latest transition. */
  ArrayList<String> healthEvidence = new ArrayList<>();

  TreeMap<String, Vantage> vantages = new TreeMap<>();

  /** Open DRIFT violations by control_id. */
  TreeMap<String, Evidence> openDrift = new TreeMap<>();

  /**
   * Latest DRIFT finding per control_id (OK or VIOLATION): older findings are ignored, and its age
   * is the age of that control's check.
   */
  TreeMap<String, Evidence> drift = new TreeMap<>();

  Evidence heartbeat;
  TreeMap<String, Evidence> certificates = new TreeMap<>();

  /** Latest KEY_VERSION finding per key_id. */
  TreeMap<String, Evidence> keys = new TreeMap<>();

  /** Security signals at or above the intrusion severity, newest last, bounded. */
  ArrayList<Evidence> intrusions = new ArrayList<>();

  /** Consecutive results of one vantage point. */
  static final class Vantage {
    int failStreak;
    int passStreak;
    Instant lastObservedAt;

    /** Wall-clock time the last result of this vantage point was processed. */
    Instant lastSeenAt;

    /** Event ids of the current streak (bounded by the larger threshold). */
    ArrayList<String> streak = new ArrayList<>();
  }

  /** One piece of posture or security evidence. */
  static final class Evidence {
    String eventId;
    Instant observedAt;
    FindingStatus status;
    Severity severity;
    String controlId;
    Instant notAfter;
    String fingerprint;
    String keyVersion;

    /** Collector or sensor that reported it ({@code source}); null in states stored before. */
    String source;

    /** ISO texts of observedAt / notAfter for gate reasons, kept in memory only (not stored). */
    private transient Instant textOf;

    private transient String text;
    private transient Instant notAfterTextOf;
    private transient String notAfterText;

    Evidence() {}

    /**
     * {@code observedAt} as ISO-8601 text, formatted once per value: gate reasons need it on every
     * event.
     */
    String observedAtText() {
      if (text == null || textOf != observedAt) {
        textOf = observedAt;
        text = String.valueOf(observedAt);
      }
      return text;
    }

    /** {@code notAfter} as ISO-8601 text, formatted once per value. */
    String notAfterText() {
      if (notAfterText == null || notAfterTextOf != notAfter) {
        notAfterTextOf = notAfter;
        notAfterText = String.valueOf(notAfter);
      }
      return notAfterText;
    }

    Evidence(String eventId, Instant observedAt) {
      this.eventId = eventId;
      this.observedAt = observedAt;
    }
  }
}
