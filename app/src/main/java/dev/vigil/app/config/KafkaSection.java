package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Kafka is.
 *
 * @param bootstrapServers an external cluster ({@code host:port,...}); empty = embedded broker
 * @param properties extra client properties for every Vigil client (TLS, SASL, ...); values may be
 *     secrets and are never logged
 */
public record KafkaSection(Optional<String> bootstrapServers, Map<String, String> properties) {

  @JsonCreator
  public KafkaSection(
      @JsonProperty("bootstrapServers") Optional<String> bootstrapServers,
      @JsonProperty("properties") Map<String, String> properties) {
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
  }

  static KafkaSection defaults() {
    return new KafkaSection(Optional.empty(), Map.of());
  }
}
