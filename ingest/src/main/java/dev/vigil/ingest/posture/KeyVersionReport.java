package dev.vigil.ingest.posture;

import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a key-version report (a small file or a command's output): one key per line, {@code key_id
 * version}, {@code key_id=version} or {@code key_id: version}; {@code #} comments and blank lines
 * skipped. Each key becomes a KEY_VERSION finding, status OK, with {@code key_id} and {@code
 * key_version}: whether the versions match between sites is for the correlator to judge, which sees
 * both. A line that is not such a pair becomes one VIOLATION naming its line number (never its
 * text), so a broken report is visible rather than silently partial.
 */
public final class KeyVersionReport {
  private static final Pattern LINE =
      Pattern.compile("([A-Za-z0-9_.:/@-]{1,128}?)\\s*(?:[=:]\\s*|\\s+)([A-Za-z0-9_.:+-]{1,64})");

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
      if (!m.matches()) {
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
