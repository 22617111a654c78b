package dev.vigil.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a key path sits in a YAML text. Jackson reports the end of the enclosing object for
 * errors inside records built through a creator; users need the line of the key itself.
 */
final class YamlLocator {
  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlLocator() {}

  /** One level of nesting: an object (current key) or an array (current index). */
  private static final class Frame {
    final boolean array;
    String key;
    int index = -1;

    Frame(boolean array) {
      this.array = array;
    }

    String element() {
      return array ? "[" + index + "]" : key;
    }
  }

  /** The location of the key at {@code path} (keys, and list indexes as "[n]"), if found. */
  static Optional<JsonLocation> locate(String text, List<String> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    List<Frame> stack = new ArrayList<>();
    try (JsonParser parser = YAML.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          stack.get(stack.size() - 1).key = parser.currentName();
          if (stack.stream().map(Frame::element).toList().equals(path)) {
            return Optional.of(parser.currentTokenLocation());
          }
          continue;
        }
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          stack.remove(stack.size() - 1);
          continue;
        }
        if (!stack.isEmpty() && stack.get(stack.size() - 1).array) {
          stack.get(stack.size() - 1).index++; // a new element of the enclosing list
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          stack.add(new Frame(token == JsonToken.START_ARRAY));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
