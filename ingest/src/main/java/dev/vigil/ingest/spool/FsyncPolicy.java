package dev.vigil.ingest.spool;

/** When the spool forces appended records to the disk. */
public enum FsyncPolicy {
  /**
   * Every {@link DurableProducer#send} call (one HTTP request, one tailer batch) is forced to the
   * disk before it returns; concurrent calls share one {@code fsync} (group commit). Survives a
   * process crash and a power loss.
   */
  PER_BATCH,
  /**
   * Records are written to the OS page cache only. Survives a process crash, not a power loss or a
   * kernel crash. For tests and benchmarks, or disks that cannot {@code fsync} at the needed rate.
   */
  OS_CACHE
}
