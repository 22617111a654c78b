package dev.vigil.ingest.spool;

/**
 * The spool holds {@code maxBytes} of undelivered records: nothing of the batch was accepted. The
 * caller must say so (HTTP 503 with Retry-After, a tailer pauses); it is never a silent drop.
 */
public final class SpoolFullException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long depthBytes;
  private final long maxBytes;

  public SpoolFullException(long depthBytes, long batchBytes, long maxBytes) {
    super(
        "spool full: "
            + depthBytes
            + " undelivered bytes + "
            + batchBytes
            + " new bytes exceed the limit of "
            + maxBytes);
    this.depthBytes = depthBytes;
    this.maxBytes = maxBytes;
  }

  public long depthBytes() {
    return depthBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
