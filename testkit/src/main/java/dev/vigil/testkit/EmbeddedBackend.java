package dev.vigil.testkit;

import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.RegistryProcess;
import dev.vigil.platform.RegistrySettings;
import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.platform.security.PlatformUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.awaitility.Awaitility;

/**
 * In-process KRaft broker plus an Apicurio child process, on free loopback ports. Secured (the
 * default) means what {@code vigil run} does: credentials and CA from {@link PlatformCredentials},
 * {@link BrokerSecurity}, and users with the catalogue's ACLs created by {@link PlatformUsers}.
 */
final class EmbeddedBackend implements VigilPlatform, AutoCloseable {
  private final Path dir;
  private final EmbeddedKafkaBroker broker;
  private final RegistryProcess registry;
  private final Optional<PlatformCredentials> credentials;
  private final Set<Identity> provisioned = new HashSet<>();

  private EmbeddedBackend(
      Path dir,
      EmbeddedKafkaBroker broker,
      RegistryProcess registry,
      Optional<PlatformCredentials> credentials) {
    this.dir = dir;
    this.broker = broker;
    this.registry = registry;
    this.credentials = credentials;
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
    if (credentials.isEmpty()) {
      return clientProperties();
    }
    provision(identity);
    Map<String, Object> p = new HashMap<>(credentials.get().clientProperties(identity.user()));
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  /**
   * Creates the identity's user and ACLs once, then waits until the broker's authorizer holds them
   * (the controller commits ACLs before the broker applies them), so the first request is allowed.
   */
  private synchronized void provision(Identity identity) {
    if (provisioned.contains(identity)) {
      return;
    }
    List<AclBinding> expected = identity.bindings();
    try (Admin admin = admin()) {
      PlatformUsers.provision(
          admin, credentials.orElseThrow(), AccessPolicy.aclsByUser(List.of(identity)), false);
      Awaitility.await("ACLs of " + identity.user() + " in force")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(expected));
    }
    provisioned.add(identity);
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
