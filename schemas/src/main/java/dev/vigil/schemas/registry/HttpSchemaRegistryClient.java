package dev.vigil.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** The Confluent REST API over {@link RegistryHttp}; no caching (see {@link CachingClient}). */
final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  private final RegistryHttp http;

  HttpSchemaRegistryClient(RegistryConfig config) {
    this.http = new RegistryHttp(config);
  }

  @Override
  public int register(String subject, Schema schema) {
    return http.send("POST", "/subjects/" + encode(subject) + "/versions", body(schema))
        .path("id")
        .asInt();
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    return registered(http.send("POST", "/subjects/" + encode(subject), body(schema)), subject);
  }

  @Override
  public Schema getById(int id) {
    return parse(http.get("/schemas/ids/" + id));
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return registered(http.get("/subjects/" + encode(subject) + "/versions/latest"), subject);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return registered(http.get("/subjects/" + encode(subject) + "/versions/" + version), subject);
  }

  @Override
  public List<String> subjects() {
    List<String> subjects = new ArrayList<>();
    http.get("/subjects").forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> versions = new ArrayList<>();
    http.get("/subjects/" + encode(subject) + "/versions")
        .forEach(node -> versions.add(node.asInt()));
    return versions;
  }

  @Override
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    JsonNode answer =
        http.send(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
            body(schema));
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(node -> messages.add(node.asText()));
    if (messages.isEmpty() && answer.hasNonNull("reason")) {
      messages.add(answer.get("reason").asText()); // Apicurio 2.x
    }
    return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), messages);
  }

  @Override
  public CompatibilityLevel globalCompatibility() {
    return level(http.get("/config"));
  }

  @Override
  public void setGlobalCompatibility(CompatibilityLevel level) {
    http.send("PUT", "/config", Map.of("compatibility", level.name()));
  }

  @Override
  public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    try {
      return Optional.of(level(http.get("/config/" + encode(subject))));
    } catch (SchemaRegistryException e) {
      // Confluent: 40408 when the subject has no own level; Apicurio: 40401 for an unknown subject.
      if (e.errorCode() == SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED
          || e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    http.send("PUT", "/config/" + encode(subject), Map.of("compatibility", level.name()));
  }

  @Override
  public void close() {
    http.close();
  }

  private static Map<String, String> body(Schema schema) {
    return Map.of("schema", schema.toString());
  }

  private static RegisteredSchema registered(JsonNode node, String subject) {
    return new RegisteredSchema(
        node.path("subject").asText(subject),
        node.path("version").asInt(),
        node.path("id").asInt(),
        parse(node));
  }

  /** Confluent leaves schemaType out for AVRO; 3.x Apicurio sends "AVRO". */
  private static Schema parse(JsonNode node) {
    String type = node.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new SchemaRegistryException(
          200, 0, "Registry returned a " + type + " schema, not Avro");
    }
    JsonNode text = node.get("schema");
    if (text == null || !text.isTextual()) {
      throw new SchemaRegistryException(200, 0, "Registry response has no schema");
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(200, 0, "Registry returned an unparseable Avro schema");
    }
  }

  /** Also the compatibility that Apicurio 3.0 echoes as compatibilityLevel. */
  private static CompatibilityLevel level(JsonNode node) {
    JsonNode level =
        node.hasNonNull("compatibilityLevel")
            ? node.get("compatibilityLevel")
            : node.get("compatibility");
    return CompatibilityLevel.parse(level == null ? null : level.asText());
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
