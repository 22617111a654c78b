package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The redactor.
 *
 * @param rulesFile the rule set to start with; empty = the shipped default ({@code vigil-default});
 *     newer versions of the same rule set arrive on {@code vigil.rules.v1}
 * @param keysFile {@code key-id = base64} lines (mode 600); empty = environment variables {@code
 *     VIGIL_REDACTION_KEY_<ID>}, else a key generated once under {@code <data-dir>/keys}
 * @param applicationId Kafka Streams application id
 */
public record RedactionSection(
    Optional<Path> rulesFile, Optional<Path> keysFile, String applicationId) {

  @JsonCreator
  static RedactionSection fromYaml(
      @JsonProperty("rulesFile") Optional<Path> rulesFile,
      @JsonProperty("keysFile") Optional<Path> keysFile,
      @JsonProperty("applicationId") String applicationId) {
    return new RedactionSection(
        Objects.requireNonNullElse(rulesFile, Optional.empty()),
        Objects.requireNonNullElse(keysFile, Optional.empty()),
        Objects.requireNonNullElse(applicationId, "vigil-redactor"));
  }

  public RedactionSection {
    if (!applicationId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          "redaction.applicationId must match [A-Za-z0-9._-]{1,100} but was '"
              + applicationId
              + "'");
    }
  }

  static RedactionSection defaults() {
    return fromYaml(null, null, null);
  }
}
