package dev.vigil.ingest.tail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one file tailer, validated once.
 *
 * @param path the file to follow (it may not exist yet)
 * @param pollInterval how often to look for new data, rotation and truncation
 * @param maxBatchRecords most records handed to the sink at once
 * @param maxLineBytes longer lines are discarded and reported as one oversized record
 * @param startAt where to begin a file there is no checkpoint for
 */
public record TailerConfig(
    Path path,
    Duration pollInterval,
    int maxBatchRecords,
    int maxLineBytes,
    StartPosition startAt) {

  /** Where to start reading a file without a checkpoint. */
  public enum StartPosition {
    /** Read the whole file: nothing written before the first start is missed (the default). */
    BEGINNING,
    /** Only what is written from now on (a huge existing file that was already processed). */
    END
  }

  public TailerConfig {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(startAt, "startAt");
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive");
    }
    if (maxBatchRecords < 1 || maxLineBytes < 16) {
      throw new IllegalArgumentException("maxBatchRecords >= 1 and maxLineBytes >= 16 required");
    }
  }

  /** 250 ms polls, batches of 500, 1 MiB lines, from the beginning. */
  public static TailerConfig of(Path path) {
    return new TailerConfig(path, Duration.ofMillis(250), 500, 1 << 20, StartPosition.BEGINNING);
  }

  public TailerConfig withPollInterval(Duration interval) {
    return new TailerConfig(path, interval, maxBatchRecords, maxLineBytes, startAt);
  }

  public TailerConfig withStartAt(StartPosition start) {
    return new TailerConfig(path, pollInterval, maxBatchRecords, maxLineBytes, start);
  }

  public TailerConfig withMaxBatchRecords(int max) {
    return new TailerConfig(path, pollInterval, max, maxLineBytes, startAt);
  }

  public TailerConfig withMaxLineBytes(int max) {
    return new TailerConfig(path, pollInterval, maxBatchRecords, max, startAt);
  }
}
