package dev.vigil.testkit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link VigilPlatform}: a real Kafka 4.x broker and a real Apicurio registry.
 *
 * <p>One platform is started per test JVM, on first use, and stopped when the run ends; tests
 * isolate themselves with {@link VigilPlatform#uniqueName(String)}. The backend is chosen by the
 * system property {@code vigil.testkit.backend}: {@code embedded} (default, no Docker needed) or
 * {@code testcontainers} (opt-in; tests are skipped, not failed, where no Docker engine exists).
 *
 * <p>The embedded broker is secured like {@code vigil run}'s; a test class annotated {@link
 * PlaintextPlatform} gets a separate plaintext embedded platform instead (only for tests about
 * plaintext itself).
 *
 * <pre>{@code
 * @ExtendWith(VigilPlatformExtension.class)
 * class MyIT {
 *   @Test void works(VigilPlatform platform) { ... platform.clientProperties() ... }
 * }
 * }</pre>
 */
public final class VigilPlatformExtension implements ParameterResolver, BeforeAllCallback {
  private static final Namespace NAMESPACE = Namespace.create(VigilPlatformExtension.class);
  public static final String BACKEND_PROPERTY = "vigil.testkit.backend";

  /** Skips (never fails) the tests of the opt-in testcontainers backend where Docker is missing. */
  @Override
  public void beforeAll(ExtensionContext context) {
    if ("testcontainers".equals(System.getProperty(BACKEND_PROPERTY))) {
      Assumptions.assumeTrue(
          TestcontainersBackend.dockerAvailable(),
          "vigil.testkit.backend=testcontainers but no Docker engine is reachable");
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == VigilPlatform.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return platform(context);
  }

  /** The shared platform of this test run, started on first call. */
  public static VigilPlatform platform(ExtensionContext context) {
    if (context.getRequiredTestClass().isAnnotationPresent(PlaintextPlatform.class)) {
      return context
          .getRoot()
          .getStore(NAMESPACE)
          .getOrComputeIfAbsent(
              "platform-embedded-plaintext",
              key -> new Holder(EmbeddedBackend.start(false)),
              Holder.class)
          .platform;
    }
    String backend = System.getProperty(BACKEND_PROPERTY, "embedded");
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "platform-" + backend, key -> new Holder(Backends.start(backend)), Holder.class)
        .platform;
  }

  /** Closes the platform when the root context (the whole run) closes. */
  private record Holder(VigilPlatform platform)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      if (platform instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
