/**
 * Followers of sensor output: {@link dev.vigil.ingest.tail.FileTailer} (rotation, truncation,
 * checkpointed resume, at-least-once hand-off), framers that cut the byte stream into records, and
 * {@link dev.vigil.ingest.tail.SyslogServer} (UDP and TCP). See {@code ingest/README.md (section
 * 2)}.
 */
package dev.vigil.ingest.tail;
