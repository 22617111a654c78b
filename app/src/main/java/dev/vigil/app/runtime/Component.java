package dev.vigil.app.runtime;

/**
 * A long-running part of {@code vigil run} (a Streams app, a collector). Started by a {@link
 * ComponentFactory} once the platform is ready; closed in reverse start order.
 */
public interface Component extends AutoCloseable {
  String name();

  /** The endpoints.json entries this component serves (e.g. {@code ingest}, {@code status}). */
  default java.util.Map<String, String> endpoints() {
    return java.util.Map.of();
  }

  @Override
  void close();
}
