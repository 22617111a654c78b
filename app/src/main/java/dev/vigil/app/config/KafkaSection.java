package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Kafka is.
 *
 * @param bootstrapServers an external cluster ({@code host:port,...}); empty = embedded broker
 * @param properties extra client properties for every Vigil client (TLS, SASL, ...); values may be
 *     secrets and are never logged
 * @param platformDataDir the data dir of a secured {@code vigil platform} that {@code
 *     bootstrapServers} names: its {@code security/} credentials let each component connect as its
 *     own principal, as under {@code vigil run} (the admin creates them and their ACLs at start)
 */
public record KafkaSection(
    Optional<String> bootstrapServers,
    Map<String, String> properties,
    Optional<Path> platformDataDir) {

  @JsonCreator
  public KafkaSection(
      @JsonProperty("bootstrapServers") Optional<String> bootstrapServers,
      @JsonProperty("properties") Map<String, String> properties,
      @JsonProperty("platformDataDir") Optional<Path> platformDataDir) {
    this.platformDataDir = Objects.requireNonNullElse(platformDataDir, Optional.empty());
    this.bootstrapServers = Objects.requireNonNullElse(bootstrapServers, Optional.empty());
    this.bootstrapServers.ifPresent(
        b -> {
          if (!b.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException(
                "kafka.bootstrapServers must be host:port[,host:port...] but was '" + b + "'");
          }
        });
    this.properties = Map.copyOf(Objects.requireNonNullElse(properties, Map.of()));
    if (this.properties.containsKey("bootstrap.servers")) {
      throw new IllegalArgumentException(
          "kafka.properties must not set bootstrap.servers; use kafka.bootstrapServers");
    }
    if (this.platformDataDir.isPresent() && this.bootstrapServers.isEmpty()) {
      throw new IllegalArgumentException(
          "kafka.platformDataDir names the data dir of an external platform; it needs"
              + " kafka.bootstrapServers");
    }
  }

  static KafkaSection defaults() {
    return new KafkaSection(Optional.empty(), Map.of(), Optional.empty());
  }
}
