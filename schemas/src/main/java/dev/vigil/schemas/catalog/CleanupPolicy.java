package dev.vigil.schemas.catalog;

/** Kafka {@code cleanup.policy}. */
public enum CleanupPolicy {
  DELETE("delete"),
  COMPACT("compact");

  private final String config;

  CleanupPolicy(String config) {
    this.config = config;
  }

  /** The value of {@code cleanup.policy}. */
  public String config() {
    return config;
  }
}
