package dev.vigil.streams.redaction;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.vigil.schemas.config.ConfigKeyException;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.schemas.signing.Verifier;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The redactor.
 *
 * @param rulesFile the rule set to start with; empty = the shipped default ({@code vigil-default});
 *     newer versions of the same rule set arrive on {@code vigil.rules.v1}
 * @param keysDir directory of Tink keysets ({@code vigil keys}); empty = {@code
 *     <data-dir>/keys/redaction}, where missing keysets are generated (one machine only)
 * @param applicationId Kafka Streams application id
 * @param ruleKeys public keys of rule publishers, by key id, each with its owner; when any is
 *     listed, a rule set from {@code vigil.rules.v1} is used only when signed by one of them
 */
public record RedactionSection(
    Optional<Path> rulesFile,
    Optional<Path> keysDir,
    String applicationId,
    Map<String, TrustedKey> ruleKeys) {

  public RedactionSection(Optional<Path> rulesFile, Optional<Path> keysDir, String applicationId) {
    this(rulesFile, keysDir, applicationId, Map.of());
  }

  @JsonCreator
  static RedactionSection fromYaml(
      @JsonProperty("rulesFile") Optional<Path> rulesFile,
      @JsonProperty("keysDir") Optional<Path> keysDir,
      @JsonProperty("keysFile") Optional<Path> keysFile,
      @JsonProperty("applicationId") String applicationId,
      @JsonProperty("ruleKeys") Map<String, TrustedKey> ruleKeys) {
    Map<String, TrustedKey> listed = new TreeMap<>(Objects.requireNonNullElse(ruleKeys, Map.of()));
    try {
      new Verifier(listed);
    } catch (IllegalArgumentException e) {
      throw new ConfigKeyException("ruleKeys", e.getMessage());
    }
    if (keysFile != null && keysFile.isPresent()) {
      throw new IllegalArgumentException(
          "redaction.keysFile (key-id = base64 lines) is the key format used before Tink keysets"
              + " and is no longer read: set redaction.keysDir to a keyset directory instead"
              + " (vigil keys create --dir D vigil-pseudonym; docs/config.md)");
    }
    return new RedactionSection(
        Objects.requireNonNullElse(rulesFile, Optional.empty()),
        Objects.requireNonNullElse(keysDir, Optional.empty()),
        Objects.requireNonNullElse(applicationId, "vigil-redactor"),
        listed);
  }

  public RedactionSection {
    ruleKeys = Map.copyOf(ruleKeys);
    if (!applicationId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          "redaction.applicationId must match [A-Za-z0-9._-]{1,100} but was '"
              + applicationId
              + "'");
    }
  }

  /** Every key at its default. */
  public static RedactionSection defaults() {
    return fromYaml(null, null, null, null, null);
  }
}
