package dev.vigil.schemas.registry;

import static dev.vigil.schemas.registry.InMemorySchemaRegistryTest.V1;
import static dev.vigil.schemas.registry.InMemorySchemaRegistryTest.V2_DEFAULTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final StubRegistry stub;

  HttpSchemaRegistryClientTest() throws IOException {
    stub = new StubRegistry();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private SchemaRegistryClient client() {
    return SchemaRegistryClients.create(stub.url(), Map.of(RegistryConfig.MAX_RETRIES, 2));
  }

  @Test
  void shouldPostSchemaToSubjectVersionsWithConfluentContentType() throws IOException {
    // Given
    stub.on("POST", "/subjects/logins-value/versions", 200, "{\"id\":7,\"extra\":true}");

    // When
    int id = client().register("logins-value", V1);

    // Then
    assertThat(id).isEqualTo(7);
    StubRegistry.Call call = stub.calls().get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(call.authorization()).isNull();
    assertThat(JSON.readTree(call.body()).get("schema").asText()).isEqualTo(V1.toString());
  }

  @Test
  void shouldSpeakPlainHttp11WithoutOfferingAnH2cUpgrade() throws IOException {
    // Given
    stub.on("POST", "/subjects/logins-value/versions", 200, "{\"id\":7}");

    // When a fresh client's first request opens a connection
    client().register("logins-value", V1);

    // Then it is HTTP/1.1 and carries no upgrade to cleartext HTTP/2 (the JDK client's default)
    StubRegistry.Call call = stub.calls().get(0);
    assertThat(call.protocol()).isEqualTo("HTTP/1.1");
    assertThat(call.upgrade()).isNull();
  }

  @Test
  void shouldSendBasicAuthHeaderWhenUserInfoConfigured() {
    // Given
    stub.on("GET", "/subjects", 200, "[\"a-value\",\"b-key\"]");
    SchemaRegistryClient client =
        SchemaRegistryClients.create(
            stub.url(), Map.of(RegistryConfig.BASIC_AUTH_USER_INFO, "vigil:s3cret"));

    // When
    var subjects = client.subjects();

    // Then
    assertThat(subjects).containsExactly("a-value", "b-key");
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("vigil:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(stub.calls().get(0).authorization()).isEqualTo(expected);
  }

  @Test
  void shouldMapErrorBodyToExceptionWithoutSchemaOrCredentialsInMessage() {
    // Given: Confluent 7.x puts the old schema into 409 messages
    stub.on(
        "POST",
        "/subjects/logins-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an"
            + " earlier schema; details: [{oldSchema: '{\\\"type\\\":\\\"record\\\"}'}]\"}");
    SchemaRegistryClient client =
        SchemaRegistryClients.create(
            stub.url(), Map.of(RegistryConfig.BASIC_AUTH_USER_INFO, "vigil:s3cret"));

    // When / Then
    assertThatThrownBy(() -> client.register("logins-value", V2_DEFAULTED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.getMessage())
                  .contains("POST /subjects/logins-value/versions", "incompatible")
                  .doesNotContain("record", "Login", "s3cret", "vigil:");
            });
  }

  @Test
  void shouldThrowNotFoundWhenLookupFindsNoSchema() {
    // Given
    stub.on(
        "POST",
        "/subjects/logins-value",
        404,
        "{\"error_code\":40403,\"message\":\"Schema not found\"}");

    // When / Then
    assertThatThrownBy(() -> client().lookup("logins-value", V1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40403);
              assertThat(e.isNotFound()).isTrue();
            });
  }

  @Test
  void shouldReadRegisteredSchemaAndIgnoreUnknownFields() throws IOException {
    // Given: Apicurio adds references, Apicurio 3 adds schemaType
    stub.on(
        "GET",
        "/subjects/logins-value/versions/latest",
        200,
        "{\"subject\":\"logins-value\",\"version\":3,\"id\":12,\"schemaType\":\"AVRO\","
            + "\"references\":[],\"schema\":"
            + JSON.writeValueAsString(V1.toString())
            + "}");
    stub.on("GET", "/subjects/logins-value/versions", 200, "[1,2,3]");

    // When
    RegisteredSchema latest = client().latest("logins-value");

    // Then
    assertThat(latest).isEqualTo(new RegisteredSchema("logins-value", 3, 12, V1));
    assertThat(client().versions("logins-value")).containsExactly(1, 2, 3);
  }

  @Test
  void shouldCacheIdsAndSchemasButNotLatest() throws IOException {
    // Given
    String schemaJson = JSON.writeValueAsString(V1.toString());
    stub.on("POST", "/subjects/logins-value/versions", 200, "{\"id\":7}");
    stub.on("GET", "/schemas/ids/8", 200, "{\"schema\":" + schemaJson + "}");
    stub.on(
        "GET",
        "/subjects/logins-value/versions/latest",
        200,
        "{\"subject\":\"logins-value\",\"version\":1,\"id\":7,\"schema\":" + schemaJson + "}");
    stub.on(
        "GET",
        "/subjects/logins-value/versions/1",
        200,
        "{\"subject\":\"logins-value\",\"version\":1,\"id\":7,\"schema\":" + schemaJson + "}");
    SchemaRegistryClient client = client();

    // When
    for (int i = 0; i < 3; i++) {
      client.register("logins-value", V1);
      client.register("logins-value", new Schema.Parser().parse(V1.toString()));
      client.getById(7);
      client.getById(8);
      client.version("logins-value", 1);
      client.latest("logins-value");
    }

    // Then: one call per immutable fact; id 7 was learned from register, never fetched
    assertThat(stub.count("POST", "/subjects/logins-value/versions")).isEqualTo(1);
    assertThat(stub.count("GET", "/schemas/ids/7")).isZero();
    assertThat(stub.count("GET", "/schemas/ids/8")).isEqualTo(1);
    assertThat(stub.count("GET", "/subjects/logins-value/versions/1")).isEqualTo(1);
    assertThat(stub.count("GET", "/subjects/logins-value/versions/latest")).isEqualTo(3);
  }

  @Test
  void shouldReturnEmptySubjectCompatibilityWhenConfluentAnswers40408() {
    // Given
    stub.on(
        "GET",
        "/config/logins-value",
        404,
        "{\"error_code\":40408,\"message\":\"Subject 'logins-value' does not have subject-level"
            + " compatibility configured\"}");
    stub.on("GET", "/config/unknown-value", 404, "{\"error_code\":40401,\"message\":\"nope\"}");

    // When / Then
    assertThat(client().subjectCompatibility("logins-value")).isEmpty();
    assertThat(client().subjectCompatibility("unknown-value")).isEmpty();
  }

  @Test
  void shouldReturnApicurioAnswerWhenSubjectConfigComesBack200None() {
    // Given: Apicurio answers 200 NONE where Confluent answers 40408 (recipe §1.4)
    stub.on("GET", "/config/logins-value", 200, "{\"compatibilityLevel\":\"NONE\"}");
    stub.on("GET", "/config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");

    // When
    var subjectLevel = client().subjectCompatibility("logins-value");

    // Then: indistinguishable from an explicit NONE, so it is reported as such
    assertThat(subjectLevel).contains(CompatibilityLevel.NONE);
    assertThat(client().globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldPutCompatibilityAndAcceptEitherEchoField() throws IOException {
    // Given: Confluent echoes "compatibility", Apicurio 3.0 "compatibilityLevel"
    stub.on("PUT", "/config", 200, "{\"compatibility\":\"FULL\"}");
    stub.on("PUT", "/config/logins-value", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");

    // When
    client().setGlobalCompatibility(CompatibilityLevel.FULL);
    client().setSubjectCompatibility("logins-value", CompatibilityLevel.BACKWARD);

    // Then
    var calls = stub.calls();
    assertThat(JSON.readTree(calls.get(0).body()).get("compatibility").asText()).isEqualTo("FULL");
    assertThat(calls.get(1).rawPath()).isEqualTo("/config/logins-value");
    assertThat(JSON.readTree(calls.get(1).body()).get("compatibility").asText())
        .isEqualTo("BACKWARD");
  }

  @Test
  void shouldReadCompatibilityMessagesOrApicurioReason() {
    // Given
    String path = "/compatibility/subjects/logins-value/versions/latest";
    stub.on("POST", path, 200, "{\"is_compatible\":false,\"messages\":[\"m1\",\"m2\"]}");
    stub.on("POST", path, 200, "{\"is_compatible\":false,\"reason\":\"READER_FIELD_MISSING\"}");
    stub.on("POST", path, 200, "{\"is_compatible\":true}");
    SchemaRegistryClient client = client();

    // When
    CompatibilityResult confluent = client.testCompatibility("logins-value", V1);
    CompatibilityResult apicurio = client.testCompatibility("logins-value", V1);
    CompatibilityResult bare = client.testCompatibility("logins-value", V1);

    // Then
    assertThat(confluent).isEqualTo(new CompatibilityResult(false, java.util.List.of("m1", "m2")));
    assertThat(apicurio)
        .isEqualTo(new CompatibilityResult(false, java.util.List.of("READER_FIELD_MISSING")));
    assertThat(bare).isEqualTo(new CompatibilityResult(true, java.util.List.of()));
    assertThat(stub.calls().get(0).query()).isEqualTo("verbose=true");
  }

  @Test
  void shouldRetryServerErrorsThenSucceed() {
    // Given
    stub.on("GET", "/subjects", 503, "{\"error_code\":50003,\"message\":\"forwarding\"}");
    stub.on("GET", "/subjects", 200, "[\"a-value\"]");

    // When
    var subjects = client().subjects();

    // Then
    assertThat(subjects).containsExactly("a-value");
    assertThat(stub.count("GET", "/subjects")).isEqualTo(2);
  }

  @Test
  void shouldGiveUpAfterMaxRetriesOnServerErrors() {
    // Given
    stub.on("GET", "/subjects", 500, "{\"error_code\":50001,\"message\":\"store error\"}");

    // When / Then
    assertThatThrownBy(() -> client().subjects())
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.errorCode()).isEqualTo(50001);
            });
    assertThat(stub.count("GET", "/subjects")).isEqualTo(3);
  }

  @Test
  void shouldNotRetryClientErrors() {
    // Given
    stub.on(
        "GET", "/schemas/ids/5", 404, "{\"error_code\":40403,\"message\":\"Schema 5 not found\"}");

    // When / Then
    assertThatThrownBy(() -> client().getById(5))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("40403");
    assertThat(stub.count("GET", "/schemas/ids/5")).isEqualTo(1);
  }

  @Test
  void shouldFailWithStatusZeroWhenRegistryUnreachable() throws IOException {
    // Given: a port nobody listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    SchemaRegistryClient client =
        SchemaRegistryClients.create(
            "http://127.0.0.1:" + port + "/apis/ccompat/v7",
            Map.of(RegistryConfig.MAX_RETRIES, "1", RegistryConfig.TIMEOUT_MS, 2000));

    // When / Then
    assertThatThrownBy(client::subjects)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.getMessage()).contains("GET /subjects", "ConnectException");
            });
  }

  @Test
  void shouldUrlEncodeSubjectNames() {
    // Given
    stub.on("GET", "/subjects/a%2Fb%20c/versions", 200, "[1]");

    // When / Then
    assertThat(client().versions("a/b c")).containsExactly(1);
  }

  @Test
  void shouldRejectNonAvroSchemaTypes() {
    // Given
    stub.on("GET", "/schemas/ids/3", 200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax\"}");

    // When / Then
    assertThatThrownBy(() -> client().getById(3))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("PROTOBUF");
  }
}
