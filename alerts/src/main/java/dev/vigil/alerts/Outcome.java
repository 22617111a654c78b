package dev.vigil.alerts;

import java.time.Duration;
import java.util.Optional;

/** What one delivery attempt came to. */
public sealed interface Outcome {
  /** The destination accepted the alert (2xx). */
  record Delivered(int status) implements Outcome {}

  /**
   * Worth retrying: connection failure, timeout, 408, 429 or 5xx; {@code retryAfter} from the
   * response's {@code Retry-After} header when it had one.
   */
  record Retry(String reason, Optional<Duration> retryAfter) implements Outcome {}

  /** The destination refused the request itself (other 4xx): retrying cannot help. */
  record Rejected(int status) implements Outcome {}
}
