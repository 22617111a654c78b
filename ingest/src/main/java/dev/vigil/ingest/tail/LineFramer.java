package dev.vigil.ingest.tail;

import java.util.List;

/** One record per non-blank line (syslog, fast.log, NDJSON EVE, Zeek, CEF). */
public final class LineFramer implements Framer {

  @Override
  public List<Frame> accept(String line, long offset, long endOffset) {
    if (line.isBlank()) {
      return List.of();
    }
    return List.of(new Frame(line, offset, endOffset, false));
  }

  @Override
  public boolean idle() {
    return true;
  }

  @Override
  public List<Frame> flush(long endOffset) {
    return List.of();
  }

  @Override
  public void reset() {}
}
