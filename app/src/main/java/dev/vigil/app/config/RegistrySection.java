package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Confluent-compatible schema registry is.
 *
 * @param url e.g. {@code https://registry:8081} or {@code http://host/apis/ccompat/v7}; {@code
 *     mock://name} for tests; empty = the embedded Apicurio registry
 * @param basicAuthFile a file holding {@code user:password} for HTTP basic auth (read at start,
 *     never logged)
 * @param autoRegister register schemas at start ({@code true}) or only look them up
 */
public record RegistrySection(
    Optional<String> url, Optional<Path> basicAuthFile, boolean autoRegister) {

  @JsonCreator
  static RegistrySection fromYaml(
      @JsonProperty("url") Optional<String> url,
      @JsonProperty("basicAuthFile") Optional<Path> basicAuthFile,
      @JsonProperty("autoRegister") Boolean autoRegister) {
    return new RegistrySection(
        Objects.requireNonNullElse(url, Optional.empty()),
        Objects.requireNonNullElse(basicAuthFile, Optional.empty()),
        autoRegister == null || autoRegister);
  }

  public RegistrySection {
    url.ifPresent(
        u -> {
          if (!u.matches("(https?|mock)://.+")) {
            throw new IllegalArgumentException(
                "registry.url must start with http://, https:// or mock:// but was '" + u + "'");
          }
        });
  }

  static RegistrySection defaults() {
    return new RegistrySection(Optional.empty(), Optional.empty(), true);
  }
}
