package dev.vigil.ingest.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body into events without decoding them: NDJSON by {@code \n} (a trailing {@code
 * \r} and blank lines are ignored), a JSON array by its elements with a streaming parser. Events
 * are numbered from 1: the physical line of NDJSON, the element index of an array.
 */
final class BodySplitter {
  /** One event's bytes in the body. */
  record Part(int number, byte[] body, int start, int end) {
    int length() {
      return end - start;
    }
  }

  /** The body as a whole is unusable (400); the message is safe to return and log. */
  static final class BadBody extends Exception {
    private static final long serialVersionUID = 1L;

    BadBody(String message) {
      super(message);
    }
  }

  /** Array element depth 32 (EventJson's limit) plus the array itself. */
  private static final int MAX_ARRAY_DEPTH = 33;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_ARRAY_DEPTH).build())
          .build();

  private BodySplitter() {}

  static List<Part> ndjson(byte[] body, int length) {
    List<Part> parts = new ArrayList<>();
    int line = 1;
    int start = 0;
    for (int i = 0; i <= length; i++) {
      if (i == length || body[i] == '\n') {
        int end = i;
        if (end > start && body[end - 1] == '\r') {
          end--;
        }
        if (!blank(body, start, end)) {
          parts.add(new Part(line, body, start, end));
        }
        line++;
        start = i + 1;
      }
    }
    return parts;
  }

  static List<Part> jsonArray(byte[] body, int length) throws BadBody {
    List<Part> parts = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(body, 0, length)) {
      JsonToken t;
      try {
        t = p.nextToken();
        if (t != JsonToken.START_ARRAY) {
          throw new BadBody("expected a JSON array of events");
        }
        int index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            throw new BadBody("malformed JSON: the array is not closed");
          }
          index++;
          int start = (int) p.currentTokenLocation().getByteOffset();
          if (t.isStructStart()) {
            p.skipChildren();
          }
          int end = (int) p.currentLocation().getByteOffset();
          parts.add(new Part(index, body, start, end));
        }
        if (p.nextToken() != null) {
          throw new BadBody("malformed JSON: content after the array");
        }
      } catch (StreamConstraintsException e) {
        throw new BadBody(
            "JSON nested deeper than "
                + (MAX_ARRAY_DEPTH - 1)
                + " levels in element "
                + (parts.size() + 1));
      } catch (JsonProcessingException e) {
        // Jackson's message quotes input: report the position only.
        throw new BadBody(
            "malformed JSON at byte "
                + Math.max(0, p.currentLocation().getByteOffset())
                + " (element "
                + (parts.size() + 1)
                + ")");
      }
    } catch (IOException e) {
      throw new BadBody("malformed JSON");
    }
    return parts;
  }

  private static boolean blank(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
