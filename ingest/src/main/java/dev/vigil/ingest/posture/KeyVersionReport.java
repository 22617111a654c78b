package dev.vigil.ingest.posture;

import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.event.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a key-version report (a small file or a command's output): one key per line, {@code key_id
 * version}, {@code key_id=version} or {@code key_id: version}; {@code #} comments and blank lines
 * skipped. An optional third column {@code sha256:<64 hex>} is a keyset fingerprint (as {@code
 * vigil keys report} prints it: never key material), kept in the finding's details under {@value
 * #FINGERPRINT}. Each key becomes a KEY_VERSION finding, status OK, with {@code key_id} and {@code
 * key_version}: whether versions and fingerprints match between sites is for the correlator to
 * judge, which sees both. A line that is not such a pair becomes one VIOLATION naming its line
 * number (never its text); so does a key id that breaks the identifier rule ({@link
 * Identifiers#keyIdProblem}). So a broken report is visible rather than silently partial.
 */
public final class KeyVersionReport {
  private static final Pattern LINE =
      Pattern.compile(
          "([A-Za-z0-9_.:/@-]{1,128}?)\\s*(?:[=:]\\s*|\\s+)([A-Za-z0-9_.:+-]{1,64})"
              + "(?:\\s+(sha256:[0-9a-f]{64}))?");

  /** Detail key of a keyset fingerprint (third column), compared between sites by KEY_SYNC. */
  public static final String FINGERPRINT = "keyset_fingerprint";

  private KeyVersionReport() {}

  public static List<Finding> parse(String report, String controlId) {
    List<Finding> findings = new ArrayList<>();
    String[] lines = report.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      Map<String, String> details = new LinkedHashMap<>();
      if (!m.matches() || Identifiers.keyIdProblem(m.group(1)).isPresent()) {
        details.put("reason", "line " + (i + 1) + " is not 'key_id version'");
        findings.add(
            Finding.newBuilder()
                .setCheck(PostureCheck.KEY_VERSION)
                .setStatus(FindingStatus.VIOLATION)
                .setSeverity(Severity.MEDIUM)
                .setControlId(controlId)
                .setDetails(details)
                .build());
        continue;
      }
      if (m.group(3) != null) {
        details.put(FINGERPRINT, m.group(3));
      }
      findings.add(
          Finding.newBuilder()
              .setCheck(PostureCheck.KEY_VERSION)
              .setStatus(FindingStatus.OK)
              .setSeverity(Severity.INFO)
              .setControlId(controlId)
              .setKeyId(m.group(1))
              .setKeyVersion(m.group(2))
              .setObserved(m.group(2))
              .setDetails(details)
              .build());
    }
    return findings;
  }
}
