package dev.vigil.streams.redaction;

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
 * @param keysDir directory of Tink keysets ({@code vigil keys}); empty = {@code
 *     <data-dir>/keys/redaction}, where missing keysets are generated (one machine only)
 * @param applicationId Kafka Streams application id
 */
public record RedactionSection(
    Optional<Path> rulesFile, Optional<Path> keysDir, String applicationId) {

  @JsonCreator
  static RedactionSection fromYaml(
      @JsonProperty("rulesFile") Optional<Path> rulesFile,
      @JsonProperty("keysDir") Optional<Path> keysDir,
      @JsonProperty("keysFile") Optional<Path> keysFile,
      @JsonProperty("applicationId") String applicationId) {
    if (keysFile != null && keysFile.isPresent()) {
      throw new IllegalArgumentException(
          "redaction.keysFile (key-id = base64 lines) is the key format used before Tink keysets"
              + " and is no longer read: set redaction.keysDir to a keyset directory instead"
              + " (vigil keys create --dir D vigil-pseudonym; docs/config.md)");
    }
    return new RedactionSection(
        Objects.requireNonNullElse(rulesFile, Optional.empty()),
        Objects.requireNonNullElse(keysDir, Optional.empty()),
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

  /** Every key at its default. */
  public static RedactionSection defaults() {
    return fromYaml(null, null, null, null);
  }
}
