package dev.vigil.testkit;

/** Chooses the backend by name. */
final class Backends {
  private Backends() {}

  static VigilPlatform start(String backend) {
    return switch (backend) {
      case "embedded" -> EmbeddedBackend.start(true);
      case "testcontainers" -> TestcontainersBackend.start();
      default ->
          throw new IllegalArgumentException(
              VigilPlatformExtension.BACKEND_PROPERTY
                  + " must be 'embedded' or 'testcontainers' but was '"
                  + backend
                  + "'");
    };
  }
}
