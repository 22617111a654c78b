package dev.vigil.streams.redaction;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/** Header names the redactor writes. Values are UTF-8 text. */
public final class RedactionHeaders {
  /** Rule-set id on every redacted and quarantined record. */
  public static final String RULESET_ID = "vigil.ruleset.id";

  /** Rule-set version on every redacted and quarantined record. */
  public static final String RULESET_VERSION = "vigil.ruleset.version";

  /** Lower-case hex SHA-256 of the redacted record's Avro binary. */
  public static final String CONTENT_SHA256 = "vigil.content.sha256";

  /** Quarantine: the Java class of the error. */
  public static final String ERROR_CLASS = "vigil.error.class";

  /**
   * Quarantine: where it failed ({@code decode}, {@code rules}, {@code redact}, {@code encode}...).
   */
  public static final String ERROR_STAGE = "vigil.error.stage";

  /** Quarantine: a reason naming rule paths and operators, never record values. */
  public static final String ERROR_REASON = "vigil.error.reason";

  /** Quarantine: where the original record came from. */
  public static final String SOURCE_TOPIC = "vigil.source.topic";

  public static final String SOURCE_PARTITION = "vigil.source.partition";
  public static final String SOURCE_OFFSET = "vigil.source.offset";

  private RedactionHeaders() {}

  /** Sets {@code key} to {@code value}, replacing earlier values (a retried record stays clean). */
  public static void put(Headers headers, String key, Object value) {
    headers.remove(key);
    headers.add(key, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
  }

  /** The last value of {@code key}, or null. */
  public static String get(Headers headers, String key) {
    var header = headers.lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }
}
