package dev.vigil.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads {@link VigilConfig} from YAML. Unknown keys, wrong types and invalid values stop start-up
 * with the file, the line and the key path in the message; values are never echoed when they may be
 * secrets (only the validation messages of the config records quote values).
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new Jdk8Module())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ConfigLoader() {}

  public static VigilConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(
          file + ": cannot read config (" + e.getClass().getSimpleName() + ")", e);
    }
    return parse(file.toString(), text);
  }

  /** Parses {@code text}; {@code source} names it in error messages. */
  public static VigilConfig parse(String source, String text) {
    if (text.isBlank()) {
      return VigilConfig.defaults();
    }
    try {
      VigilConfig config = YAML.readValue(text, VigilConfig.class);
      return config == null ? VigilConfig.defaults() : config;
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(
          where(source, text, e) + "unknown key '" + path(e) + "'" + known(e.getKnownPropertyIds()),
          e);
    } catch (JsonMappingException e) {
      Throwable root = rootCause(e);
      String reason =
          root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
      throw new ConfigException(
          where(source, text, e) + "bad value at '" + path(e) + "': " + reason, e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where(source, e) + "not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static String where(String source, String text, JsonMappingException e) {
    List<String> path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .toList();
    JsonLocation loc = YamlLocator.locate(text, path).orElse(e.getLocation());
    return loc == null
        ? source + ": "
        : source + " line " + loc.getLineNr() + " column " + loc.getColumnNr() + ": ";
  }

  private static String where(String source, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    return loc == null
        ? source + ": "
        : source + " line " + loc.getLineNr() + " column " + loc.getColumnNr() + ": ";
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String known(Collection<Object> ids) {
    return ids == null || ids.isEmpty()
        ? ""
        : " (known keys: "
            + ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
            + ")";
  }

  private static Throwable rootCause(Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
