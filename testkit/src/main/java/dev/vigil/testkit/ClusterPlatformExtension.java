package dev.vigil.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a {@link ClusterPlatform}: three KRaft brokers in their own JVMs with racks
 * {@code primary}, {@code backup}, {@code witness}, and a registry. Because tests kill brokers, the
 * cluster belongs to one test class (started on first use, stopped after the class), never shared
 * with the rest of the run.
 *
 * <pre>{@code
 * @ExtendWith(ClusterPlatformExtension.class)
 * class SiteLossIT {
 *   @Test void survives(ClusterPlatform platform) { platform.cluster().kill("primary"); ... }
 * }
 * }</pre>
 */
public final class ClusterPlatformExtension implements ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(ClusterPlatformExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ClusterPlatform.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext classContext =
        context.getTestClass().isPresent() && context.getParent().isPresent()
            ? classContext(context)
            : context;
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "cluster",
            key -> new Holder(ClusterPlatform.start(ClusterPlatform.THREE_SITES)),
            Holder.class)
        .platform;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c;
  }

  private record Holder(ClusterPlatform platform)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      platform.close();
    }
  }
}
