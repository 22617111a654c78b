package dev.vigil.streams.failover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.config.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Posture gate thresholds ({@code gates}); each gate can be switched off with {@code enabled:
 * false} (it then passes with reason "disabled").
 */
public record GatesConfig(
    Drift drift,
    IdsHeartbeat idsHeartbeat,
    Certificate certificate,
    KeySync keySync,
    Intrusion intrusion) {

  public GatesConfig {
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(idsHeartbeat, "idsHeartbeat");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(keySync, "keySync");
    Objects.requireNonNull(intrusion, "intrusion");
  }

  @JsonCreator
  public static GatesConfig of(
      @JsonProperty("drift") Drift drift,
      @JsonProperty("idsHeartbeat") IdsHeartbeat idsHeartbeat,
      @JsonProperty("certificate") Certificate certificate,
      @JsonProperty("keySync") KeySync keySync,
      @JsonProperty("intrusion") Intrusion intrusion) {
    return new GatesConfig(
        Objects.requireNonNullElseGet(drift, () -> Drift.of(null, null, null)),
        Objects.requireNonNullElseGet(idsHeartbeat, () -> IdsHeartbeat.of(null, null)),
        Objects.requireNonNullElseGet(certificate, () -> Certificate.of(null, null, null, null)),
        Objects.requireNonNullElseGet(keySync, () -> KeySync.of(null, null)),
        Objects.requireNonNullElseGet(intrusion, () -> Intrusion.of(null, null, null)));
  }

  public static GatesConfig defaults() {
    return of(null, null, null, null, null);
  }

  /** Default {@code maxAge} of drift, certificate and key-version evidence. */
  public static final Duration DEFAULT_POSTURE_MAX_AGE = Duration.ofMinutes(15);

  /**
   * DRIFT: blocks while a DRIFT VIOLATION at or above {@code severity} is open (until an OK finding
   * for the same control_id), and unless every drift control reported on the target was checked
   * within {@code maxAge} (no drift check at all fails: the baseline must be checked).
   */
  public record Drift(boolean enabled, Severity severity, Duration maxAge) {
    @JsonCreator
    public static Drift of(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("maxAge") String maxAge) {
      return new Drift(
          Objects.requireNonNullElse(enabled, true),
          Objects.requireNonNullElse(severity, Severity.MEDIUM),
          Durations.positive("maxAge", maxAge, DEFAULT_POSTURE_MAX_AGE));
    }
  }

  /** IDS_HEARTBEAT: the latest IDS heartbeat is OK and observed within {@code maxAge}. */
  public record IdsHeartbeat(boolean enabled, Duration maxAge) {
    @JsonCreator
    public static IdsHeartbeat of(
        @JsonProperty("enabled") Boolean enabled, @JsonProperty("maxAge") String maxAge) {
      return new IdsHeartbeat(
          Objects.requireNonNullElse(enabled, true),
          Durations.positive("maxAge", maxAge, Duration.ofMinutes(5)));
    }
  }

  /**
   * CERTIFICATE: every certificate control's latest finding is OK, valid beyond now + {@code
   * margin}, and, where {@code fingerprints.<service>.<site>} is set, has that fingerprint
   * (compared case-insensitively, ignoring colons; service-scoped certificates only). A site
   * without any certificate finding fails, and so does a certificate whose latest finding is older
   * than {@code maxAge}.
   */
  public record Certificate(
      boolean enabled,
      Duration margin,
      Map<String, Map<String, String>> fingerprints,
      Duration maxAge) {
    public Certificate {
      Map<String, Map<String, String>> copy = new TreeMap<>();
      fingerprints.forEach((svc, bySite) -> copy.put(svc, Map.copyOf(new TreeMap<>(bySite))));
      fingerprints = Map.copyOf(copy);
    }

    @JsonCreator
    public static Certificate of(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("margin") String margin,
        @JsonProperty("fingerprints") Map<String, Map<String, String>> fingerprints,
        @JsonProperty("maxAge") String maxAge) {
      return new Certificate(
          Objects.requireNonNullElse(enabled, true),
          Durations.parse("margin", margin, Duration.ofDays(7)),
          Objects.requireNonNullElse(fingerprints, Map.of()),
          Durations.positive("maxAge", maxAge, DEFAULT_POSTURE_MAX_AGE));
    }

    /** Expected fingerprint for (service, site), or null when none is configured. */
    public String expected(String service, String site) {
      return fingerprints.getOrDefault(service, Map.of()).get(site);
    }
  }

  /**
   * KEY_SYNC: for every key_id reported on either site, the latest key_version is equal on both. A
   * target without any key report fails, and so does a target key whose latest report is older than
   * {@code maxAge} (the other site's reports may be old: it is usually the site being left).
   */
  public record KeySync(boolean enabled, Duration maxAge) {
    @JsonCreator
    public static KeySync of(
        @JsonProperty("enabled") Boolean enabled, @JsonProperty("maxAge") String maxAge) {
      return new KeySync(
          Objects.requireNonNullElse(enabled, true),
          Durations.positive("maxAge", maxAge, DEFAULT_POSTURE_MAX_AGE));
    }
  }

  /**
   * INTRUSION: no security signal at or above {@code severity} observed (event time) within {@code
   * window} before now on the site. The same threshold raises the intrusion alert on the active
   * site.
   */
  public record Intrusion(boolean enabled, Severity severity, Duration window) {
    @JsonCreator
    public static Intrusion of(
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("severity") Severity severity,
        @JsonProperty("window") String window) {
      return new Intrusion(
          Objects.requireNonNullElse(enabled, true),
          Objects.requireNonNullElse(severity, Severity.HIGH),
          Durations.positive("window", window, Duration.ofMinutes(30)));
    }
  }
}
