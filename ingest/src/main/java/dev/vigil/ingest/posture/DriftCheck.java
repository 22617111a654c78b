package dev.vigil.ingest.posture;

import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the system with a {@link Baseline}: one DRIFT finding per control, OK or VIOLATION.
 * {@code expected}/{@code observed} hold a hash or the single configured value, never other file
 * content; {@code details} name the path, key and reason. An OK finding has severity INFO; a
 * VIOLATION the control's severity.
 */
public final class DriftCheck {
  private DriftCheck() {}

  public static List<Finding> evaluate(Baseline baseline) {
    List<Finding> findings = new ArrayList<>();
    for (Baseline.Control control : baseline.controls()) {
      if (control instanceof Baseline.FileControl) {
        findings.add(file((Baseline.FileControl) control));
      } else {
        findings.add(key((Baseline.KeyControl) control));
      }
    }
    return findings;
  }

  private static Finding file(Baseline.FileControl c) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("path", c.path().toString());
    String observed = null;
    String reason = null;
    try {
      observed = sha256(c.path());
      if (c.sha256().isPresent() && !c.sha256().get().equals(observed)) {
        reason = "content changed";
      }
    } catch (NoSuchFileException e) {
      reason = "missing";
    } catch (IOException e) {
      reason = "unreadable (" + e.getClass().getSimpleName() + ")";
    }
    return finding(c.controlId(), c.severity(), c.sha256().orElse(null), observed, reason, details);
  }

  private static Finding key(Baseline.KeyControl c) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("file", c.file().toString());
    details.put("key", c.key());
    String observed = null;
    String reason = null;
    try {
      Optional<String> value = ConfigValues.read(c.file(), c.key());
      if (value.isEmpty()) {
        reason = "key absent";
      } else {
        observed = value.get();
        if (!observed.equals(c.expected())) {
          reason = "value differs";
        }
      }
    } catch (NoSuchFileException e) {
      reason = "file missing";
    } catch (IOException e) {
      reason = "unreadable (" + e.getClass().getSimpleName() + ")";
    }
    return finding(c.controlId(), c.severity(), c.expected(), observed, reason, details);
  }

  private static Finding finding(
      String controlId,
      Severity severity,
      String expected,
      String observed,
      String reason,
      Map<String, String> details) {
    if (reason != null) {
      details.put("reason", reason);
    }
    return Finding.newBuilder()
        .setCheck(PostureCheck.DRIFT)
        .setStatus(reason == null ? FindingStatus.OK : FindingStatus.VIOLATION)
        .setSeverity(reason == null ? Severity.INFO : severity)
        .setControlId(controlId)
        .setExpected(expected)
        .setObserved(observed)
        .setDetails(details)
        .build();
  }

  static String sha256(java.nio.file.Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
