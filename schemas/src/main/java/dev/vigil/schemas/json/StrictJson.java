package dev.vigil.schemas.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Parses one JSON document strictly: duplicate keys, trailing content and nesting deeper than
 * {@value #MAX_DEPTH} are errors. Jackson's own messages quote input text, so they are replaced by
 * messages that name the path and the 1-based character position only.
 */
final class StrictJson {
  static final int MAX_DEPTH = 32;

  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                  .build())
          .build();

  private StrictJson() {}

  static JsonNode parse(String text) throws EventFormatException {
    try (JsonParser parser = MAPPER.createParser(text)) {
      JsonNode tree;
      try {
        tree = MAPPER.readTree(parser);
      } catch (JsonProcessingException e) {
        throw translate(e, parser);
      }
      if (tree == null || tree.isMissingNode()) {
        throw new EventFormatException("", "expected an object but got nothing");
      }
      try {
        if (parser.nextToken() != null) {
          throw trailing(parser.currentTokenLocation().getCharOffset());
        }
      } catch (JsonProcessingException e) {
        throw trailing(parser.currentLocation().getCharOffset());
      }
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException("reading from a String cannot fail", e);
    }
  }

  private static EventFormatException trailing(long charOffset) {
    return new EventFormatException(
        "", "unexpected content after the JSON value at character " + (charOffset + 1));
  }

  private static EventFormatException translate(JsonProcessingException e, JsonParser parser) {
    String path = path(parser.getParsingContext());
    if (e instanceof StreamConstraintsException) {
      return new EventFormatException(path, "nesting deeper than " + MAX_DEPTH + " levels");
    }
    if (e instanceof JsonParseException
        && String.valueOf(e.getOriginalMessage()).startsWith("Duplicate")) {
      return new EventFormatException(path, "duplicate field");
    }
    return new EventFormatException(path, "malformed JSON at character " + (offset(parser) + 1));
  }

  private static long offset(JsonParser parser) {
    return parser.currentLocation().getCharOffset();
  }

  /** The path of the parser's current position, with client-supplied names shown per Paths. */
  private static String path(JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    String path = "";
    for (JsonStreamContext c : chain) {
      if (c.inObject() && c.getCurrentName() != null) {
        path = Paths.child(path, c.getCurrentName());
      } else if (c.inArray()) {
        path = Paths.index(path, Math.max(c.getCurrentIndex(), 0));
      }
    }
    return path;
  }
}
