package dev.vigil.schemas.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.event.EventBounds;
import dev.vigil.schemas.event.EvidenceScopes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON form of the three input events (docs/design.md §4), as used by the HTTP ingest API and
 * {@code vigil publish}: one JSON object per line, {@code kind} spelled lower-case. A parsed event
 * is held to {@link EventBounds}: identifiers refused unless valid, free text cut and marked.
 *
 * <p>Thread-safe and immutable.
 */
public final class EventJson {
  /** Default maximum size of one JSON line: 1 MiB of UTF-8. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  private static final String KIND = "kind";
  private static final String KIND_NAMES =
      Arrays.stream(EventKind.values()).map(EventTypes::jsonName).toList().toString();

  private final int maxLineBytes;

  /** A parser with the default 1 MiB line limit. */
  public EventJson() {
    this(DEFAULT_MAX_LINE_BYTES);
  }

  /** A parser that rejects lines longer than {@code maxLineBytes} bytes of UTF-8. */
  public EventJson(int maxLineBytes) {
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Parses one event of any kind; the record class follows its {@code kind}.
   *
   * @return a {@code HealthCheckResult}, {@code SecuritySignal} or {@code PostureFinding}
   */
  public SpecificRecord parse(String jsonLine) throws EventFormatException {
    return parse(jsonLine, Optional.empty());
  }

  /**
   * Parses one event that must be of kind {@code expected}.
   *
   * @return the record of {@link EventTypes#classOf(EventKind) expected's class}
   */
  public SpecificRecord parse(String jsonLine, EventKind expected) throws EventFormatException {
    return parse(jsonLine, Optional.of(expected));
  }

  /**
   * Writes an event in its JSON form (one line, {@code kind} lower-case, nulls omitted).
   *
   * @throws IllegalArgumentException if the record is not an event or its {@code kind} does not
   *     match its class
   */
  public String toJson(SpecificRecord event) {
    EventKind kind =
        EventTypes.kindOf(event.getClass())
            .orElseThrow(() -> new IllegalArgumentException("not an event: " + event.getClass()));
    Object declared = event.get(event.getSchema().getField(KIND).pos());
    if (declared != null && !kind.name().equals(declared.toString())) {
      throw new IllegalArgumentException(
          event.getClass().getSimpleName() + " has kind " + declared);
    }
    // straight to text, no JSON tree: `vigil redact` writes every event this way
    StringWriter text = new StringWriter(512);
    try (JsonGenerator out = StrictJson.MAPPER.createGenerator(text)) {
      AvroToJson.write(out, event, event.getSchema(), "", EventTypes.jsonName(kind));
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string", e);
    }
    return text.toString();
  }

  private SpecificRecord parse(String jsonLine, Optional<EventKind> expected)
      throws EventFormatException {
    checkLength(jsonLine);
    JsonNode tree = StrictJson.parse(jsonLine);
    if (!tree.isObject()) {
      throw new EventFormatException("", "expected an object but got " + Describe.type(tree));
    }
    ObjectNode object = (ObjectNode) tree;
    EventKind kind = kindOf(object.get(KIND));
    if (expected.isPresent() && expected.get() != kind) {
      throw new EventFormatException(
          KIND,
          "expected \""
              + EventTypes.jsonName(expected.get())
              + "\" but got \""
              + EventTypes.jsonName(kind)
              + "\"");
    }
    object.put(KIND, kind.name()); // the Avro symbol
    SpecificRecord event = JsonToAvro.readSpecific(object, EventTypes.classOf(kind), "");
    Optional<EvidenceScopes.Problem> scope = EvidenceScopes.inconsistency(event);
    if (scope.isPresent()) {
      throw new EventFormatException(scope.get().field(), scope.get().reason());
    }
    EventBounds.apply(event);
    return event;
  }

  private static EventKind kindOf(JsonNode node) throws EventFormatException {
    if (node == null) {
      throw new EventFormatException(KIND, "missing required field");
    }
    if (!node.isTextual()) {
      throw new EventFormatException(
          KIND, "expected one of " + KIND_NAMES + " but got " + Describe.type(node));
    }
    return EventTypes.fromJsonName(node.textValue())
        .orElseThrow(
            () ->
                new EventFormatException(
                    KIND,
                    "expected one of "
                        + KIND_NAMES
                        + " but got "
                        + Describe.quoted(node.textValue(), Describe.SYMBOL_CHARS)));
  }

  private void checkLength(String line) throws EventFormatException {
    long bytes = Utf8Length.of(line, maxLineBytes);
    if (bytes > maxLineBytes) {
      throw new EventFormatException(
          "", "line longer than the limit of " + maxLineBytes + " bytes");
    }
  }
}
