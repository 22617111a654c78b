package dev.vigil.ingest.tail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the lines of JSON objects that span lines (pretty-printed EVE, {@code jq .} output) into
 * one record each, and passes one-line objects through unchanged. Braces are counted outside
 * strings only, honouring {@code \"} and {@code \\} escapes, so {@code "}"} inside a value does not
 * end a record. Text outside any object that is not whitespace (a garbage line) becomes a record of
 * its own, for the parser to reject, rather than being dropped silently. A record larger than
 * {@code maxRecordBytes} is discarded up to its closing brace and reported as one {@link
 * Frame#oversized()} frame.
 */
public final class MultiLineJsonFramer implements Framer {

  private final int maxRecordBytes;
  private final StringBuilder pending = new StringBuilder();
  private long pendingOffset = -1;
  private int pendingBytes;
  private int depth;
  private boolean inString;
  private boolean escaped;
  private boolean overflow;

  public MultiLineJsonFramer(int maxRecordBytes) {
    if (maxRecordBytes < 2) {
      throw new IllegalArgumentException("maxRecordBytes must be at least 2");
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  public MultiLineJsonFramer() {
    this(1 << 20);
  }

  @Override
  public List<Frame> accept(String line, long offset, long endOffset) {
    List<Frame> out = new ArrayList<>(1);
    int segmentStart = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (depth == 0) {
        if (Character.isWhitespace(c)) {
          segmentStart = i + 1;
          continue;
        }
        if (c != '{') {
          // garbage outside an object: the rest of the line is one record for the parser to reject
          String rest = line.substring(i).strip();
          out.add(new Frame(rest, offset + utf8Length(line, 0, i), endOffset, false));
          return out;
        }
        pendingOffset = offset + utf8Length(line, 0, i);
        segmentStart = i;
      }
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          append(line, segmentStart, i + 1);
          out.add(complete(endOffset));
          segmentStart = i + 1;
        }
      }
    }
    if (depth > 0) {
      append(line, segmentStart, line.length());
      append("\n", 0, 1);
    }
    return out;
  }

  private void append(String s, int from, int to) {
    if (overflow) {
      return;
    }
    pendingBytes += utf8Length(s, from, to);
    if (pendingBytes > maxRecordBytes) {
      overflow = true;
      pending.setLength(0);
      return;
    }
    pending.append(s, from, to);
  }

  private Frame complete(long endOffset) {
    Frame frame =
        overflow
            ? new Frame("", pendingOffset, endOffset, true)
            : new Frame(pending.toString().stripTrailing(), pendingOffset, endOffset, false);
    clear();
    return frame;
  }

  @Override
  public boolean idle() {
    return depth == 0;
  }

  @Override
  public List<Frame> flush(long endOffset) {
    if (depth == 0) {
      return List.of();
    }
    Frame frame =
        new Frame(
            overflow ? "" : pending.toString().stripTrailing(), pendingOffset, endOffset, overflow);
    clear();
    return List.of(frame);
  }

  @Override
  public void reset() {
    clear();
  }

  private void clear() {
    pending.setLength(0);
    pendingBytes = 0;
    pendingOffset = -1;
    depth = 0;
    inString = false;
    escaped = false;
    overflow = false;
  }

  private static int utf8Length(String s, int from, int to) {
    return s.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
  }
}
