package dev.vigil.ingest.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One append-only segment file, named after the sequence number of its first record. */
final class Segment {
  static final String SUFFIX = ".spool";

  final Path path;
  final long firstSeq;

  /** Bytes of complete records (the writer's append position). */
  volatile long size;

  /** Sequence number of the last record in the file, firstSeq - 1 if empty. */
  volatile long lastSeq;

  /** Open for appends while this is the active segment; null once sealed. */
  FileChannel writer;

  Segment(Path path, long firstSeq, long size, long lastSeq) {
    this.path = path;
    this.firstSeq = firstSeq;
    this.size = size;
    this.lastSeq = lastSeq;
  }

  static String fileName(long firstSeq) {
    return String.format("%020d%s", firstSeq, SUFFIX);
  }

  static boolean isSegment(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(SUFFIX) && n.length() == 20 + SUFFIX.length();
  }

  static long firstSeqOf(Path p) {
    return Long.parseLong(p.getFileName().toString().substring(0, 20));
  }

  FileChannel openReader() throws IOException {
    return FileChannel.open(path, StandardOpenOption.READ);
  }

  long recordCount() {
    return lastSeq - firstSeq + 1;
  }
}
