package dev.vigil.kafka;

import dev.vigil.platform.RegistryProcess;
import dev.vigil.platform.RegistrySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Apicurio registry ({@link RegistryProcess}), one per test JVM. This module
 * cannot use the testkit (the testkit depends on it for the catalogue's ACLs), and its ITs need
 * only the registry.
 */
public final class RealRegistryExtension implements ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(RealRegistryExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RegistryProcess.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("registry", key -> new Holder(start()), Holder.class)
        .registry();
  }

  private static RegistryProcess start() {
    try {
      return RegistryProcess.start(
          RegistrySettings.ephemeral(Files.createTempDirectory("vigil-kafka-registry-")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Holder(RegistryProcess registry)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      registry.close();
    }
  }
}
