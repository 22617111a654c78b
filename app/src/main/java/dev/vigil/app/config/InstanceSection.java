package dev.vigil.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;

/**
 * Who this Vigil process is among several sharing the work (docs/deployment.md): every instance of
 * a deployment runs with the same application ids and its own {@code instance}.
 *
 * @param id names this instance's Kafka clients ({@code client.id}), so brokers, metrics and logs
 *     tell instances apart; empty = Kafka's generated ids
 * @param site the location this instance runs in: its clients' {@code client.rack} (rack-aware task
 *     assignment and fetching from the local replica) and the {@code site} tag standby replicas are
 *     spread over; empty = no rack awareness
 */
public record InstanceSection(Optional<String> id, Optional<String> site) {
  private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private static final String SITE = "[a-z][a-z0-9-]{0,31}";

  @JsonCreator
  public InstanceSection(
      @JsonProperty("id") Optional<String> id, @JsonProperty("site") Optional<String> site) {
    this.id = Objects.requireNonNullElse(id, Optional.empty());
    this.site = Objects.requireNonNullElse(site, Optional.empty());
    this.id.ifPresent(
        v -> {
          if (!v.matches(ID)) {
            throw new IllegalArgumentException("instance.id must match " + ID);
          }
        });
    this.site.ifPresent(
        v -> {
          if (!v.matches(SITE)) {
            throw new IllegalArgumentException("instance.site must match " + SITE);
          }
        });
  }

  static InstanceSection defaults() {
    return new InstanceSection(Optional.empty(), Optional.empty());
  }
}
