package dev.vigil.redactionrules;

/**
 * Listener for engine counters, bound to OpenTelemetry (or anything) by the caller. Called on the
 * redacting thread; implementations must be thread-safe and fast. Exceptions thrown by a listener
 * are ignored. Arguments are rule vocabulary (kinds, detector and operator names, stages, class
 * names), never event values.
 */
public interface RedactionMetrics {
  /** Does nothing. */
  RedactionMetrics NONE = new RedactionMetrics() {};

  /** One event of {@code kind} ({@code health|security|posture}) was redacted. */
  default void redacted(String kind) {}

  /** {@code count} spans of {@code detector} were replaced in one event. */
  default void detectorHits(String kind, String detector, int count) {}

  /** {@code operator} was applied {@code count} times in one event. */
  default void operatorApplied(String kind, String operator, int count) {}

  /** One event failed ({@code kind} is {@code unknown} if it could not be told). */
  default void failed(String kind, String stage, String errorClass) {}
}
