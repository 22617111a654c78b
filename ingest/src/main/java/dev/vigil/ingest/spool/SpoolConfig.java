package dev.vigil.ingest.spool;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the on-disk spool; validated here, errors name the key ({@code spool.max-bytes}).
 *
 * @param dir directory owned by one collector (locked while open)
 * @param maxBytes limit of not-yet-delivered record bytes; beyond it {@link SpoolFullException}
 * @param segmentBytes size at which the active segment file is sealed and a new one started
 * @param fsync when appends are forced to disk
 * @param dedupIds how many recent {@code event_id}s are remembered to drop duplicates
 * @param retainAckedBytes delivered segments kept (newest first) so that the duplicate window
 *     survives a restart; they do not count against {@code maxBytes}
 */
public record SpoolConfig(
    Path dir,
    long maxBytes,
    long segmentBytes,
    FsyncPolicy fsync,
    int dedupIds,
    long retainAckedBytes) {

  public static final long DEFAULT_MAX_BYTES = 1L << 30;
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  public static final int DEFAULT_DEDUP_IDS = 100_000;
  public static final long DEFAULT_RETAIN_ACKED_BYTES = 64L << 20;

  /** Largest single record the spool accepts (an event is far smaller; EventJson caps at 1 MiB). */
  static final int MAX_RECORD_BYTES = 16 << 20;

  public SpoolConfig {
    Objects.requireNonNull(dir, "spool.dir must be set");
    Objects.requireNonNull(fsync, "spool.fsync must be set");
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException(
          "spool.segment-bytes must be at least 4096 but was " + segmentBytes);
    }
    if (maxBytes < segmentBytes) {
      throw new IllegalArgumentException(
          "spool.max-bytes must be at least spool.segment-bytes ("
              + segmentBytes
              + ") but was "
              + maxBytes);
    }
    if (dedupIds < 0) {
      throw new IllegalArgumentException("spool.dedup-ids must be >= 0 but was " + dedupIds);
    }
    if (retainAckedBytes < 0) {
      throw new IllegalArgumentException(
          "spool.retain-acked-bytes must be >= 0 but was " + retainAckedBytes);
    }
  }

  /** 1 GiB spool, 64 MiB segments, fsync per batch, 100 000 ids, 64 MiB retained. */
  public static SpoolConfig defaults(Path dir) {
    return new SpoolConfig(
        dir,
        DEFAULT_MAX_BYTES,
        DEFAULT_SEGMENT_BYTES,
        FsyncPolicy.PER_BATCH,
        DEFAULT_DEDUP_IDS,
        DEFAULT_RETAIN_ACKED_BYTES);
  }

  public SpoolConfig withMaxBytes(long value) {
    return new SpoolConfig(dir, value, segmentBytes, fsync, dedupIds, retainAckedBytes);
  }

  public SpoolConfig withSegmentBytes(long value) {
    return new SpoolConfig(dir, maxBytes, value, fsync, dedupIds, retainAckedBytes);
  }

  public SpoolConfig withFsync(FsyncPolicy value) {
    return new SpoolConfig(dir, maxBytes, segmentBytes, value, dedupIds, retainAckedBytes);
  }

  public SpoolConfig withRetainAckedBytes(long value) {
    return new SpoolConfig(dir, maxBytes, segmentBytes, fsync, dedupIds, value);
  }
}
