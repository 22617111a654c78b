package dev.vigil.ingest.parse;

import dev.vigil.schemas.avro.Severity;

/** The documented severity tables (ingest/README.md, "Severity tables"). */
public final class SeverityMaps {

  private SeverityMaps() {}

  /**
   * Suricata {@code alert.severity} and Snort/Suricata fast.log {@code Priority}: 1 is the most
   * severe (classification.config). 1 → HIGH (CRITICAL only when the rule's metadata says so, see
   * {@link SuricataEveParser}), 2 → MEDIUM, 3 → LOW, 4 and above → INFO; missing or out of range →
   * MEDIUM, so an unknown severity still gets attention.
   */
  public static Severity fromPriority(Integer priority) {
    if (priority == null || priority < 1) {
      return Severity.MEDIUM;
    }
    return switch (priority) {
      case 1 -> Severity.HIGH;
      case 2 -> Severity.MEDIUM;
      case 3 -> Severity.LOW;
      default -> Severity.INFO;
    };
  }

  /**
   * CEF severity 0–10 (ArcSight bands): 0–3 → LOW, 4–6 → MEDIUM, 7–8 → HIGH, 9–10 → CRITICAL. CEF
   * also allows words: Low, Medium, High, Very-High; "Unknown" or anything else → MEDIUM.
   */
  public static Severity fromCef(String severity) {
    if (severity == null) {
      return Severity.MEDIUM;
    }
    String s = severity.trim();
    try {
      int n = Integer.parseInt(s);
      if (n < 0 || n > 10) {
        return Severity.MEDIUM;
      }
      if (n <= 3) {
        return Severity.LOW;
      }
      if (n <= 6) {
        return Severity.MEDIUM;
      }
      return n <= 8 ? Severity.HIGH : Severity.CRITICAL;
    } catch (NumberFormatException e) {
      return switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "low" -> Severity.LOW;
        case "high" -> Severity.HIGH;
        case "very-high", "very high" -> Severity.CRITICAL;
        default -> Severity.MEDIUM;
      };
    }
  }

  /**
   * Wazuh {@code rule.level} 0–15: 0–2 → INFO, 3–5 → LOW, 6–9 → MEDIUM, 10–12 → HIGH, 13–15 →
   * CRITICAL; missing → MEDIUM.
   */
  public static Severity fromWazuhLevel(Integer level) {
    if (level == null || level < 0) {
      return Severity.MEDIUM;
    }
    if (level <= 2) {
      return Severity.INFO;
    }
    if (level <= 5) {
      return Severity.LOW;
    }
    if (level <= 9) {
      return Severity.MEDIUM;
    }
    return level <= 12 ? Severity.HIGH : Severity.CRITICAL;
  }
}
