package dev.vigil.testkit;

import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.platform.RegistrySettings;
import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.io.FileUtils;

/**
 * In-process KRaft broker plus an Apicurio child process, on free loopback ports. Secured (the
 * default) means what {@code vigil run} does: credentials and CA from {@link PlatformCredentials},
 * {@link BrokerSecurity}, and users with the catalogue's ACLs created by {@link
 * IdentityProvisioner}.
 */
final class EmbeddedBackend implements VigilPlatform, AutoCloseable {
  private final Path dir;
  private final EmbeddedKafkaBroker broker;
  private final RegistryProcess registry;
  private final Optional<PlatformCredentials> credentials;
  private final Optional<IdentityProvisioner> principals;

  private EmbeddedBackend(
      Path dir,
      EmbeddedKafkaBroker broker,
      RegistryProcess registry,
      Optional<PlatformCredentials> credentials) {
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
    this.credentials = credentials;
    this.principals =
        credentials.map(c -> new IdentityProvisioner(c, broker::adminClientProperties));
  }

  static EmbeddedBackend start(boolean secured) {
    Path dir;
    try {
      dir = Files.createTempDirectory("vigil-testkit-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The registry is a separate JVM: start it while the broker formats and starts here.
    CompletableFuture<RegistryProcess> registry =
        CompletableFuture.supplyAsync(
            () -> RegistryProcess.start(RegistrySettings.ephemeral(dir.resolve("registry"))));
    EmbeddedKafkaBroker broker;
    Optional<PlatformCredentials> credentials = Optional.empty();
    try {
      BrokerSettings settings = BrokerSettings.loopback(dir.resolve("kafka"));
      if (secured) {
        PlatformCredentials prepared = PlatformCredentials.prepare(dir, List.of(settings.host()));
        credentials = Optional.of(prepared);
        settings = settings.secured(new BrokerSecurity(prepared, BrokerSecurity.ClientAuth.NONE));
      }
      broker = EmbeddedKafkaBroker.start(settings);
    } catch (RuntimeException e) {
      registry.thenAccept(RegistryProcess::close);
      throw e;
    }
    try {
      return new EmbeddedBackend(dir, broker, registry.join(), credentials);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String registryUrl() {
    return registry.url();
  }

  @Override
  public String backend() {
    return "embedded";
  }

  @Override
  public boolean secured() {
    return credentials.isPresent();
  }

  @Override
  public Map<String, Object> clientProperties() {
    return new HashMap<>(broker.adminClientProperties());
  }

  @Override
  public Map<String, Object> clientProperties(Identity identity) {
    if (principals.isEmpty()) {
      return clientProperties();
    }
    return principals.get().clientProperties(identity, bootstrapServers());
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      broker.close();
      FileUtils.deleteQuietly(dir.toFile());
    }
  }
}
