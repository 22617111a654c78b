package dev.vigil.app.components;

import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.PlatformAccess;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.app.selfmon.SelfHealth;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.runtime.StreamsHealth;
import dev.vigil.testkit.VigilPlatform;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Path;
import java.util.List;

/**
 * Runtime contexts on the testkit's secured platform as {@code vigil run} builds them: the admin's
 * client properties by default, and each component's own user, with the ACLs {@link
 * PlatformAccess#identities} gives it under {@code config}, when it asks for its principal's.
 */
final class PlatformContexts {
  private PlatformContexts() {}

  static RuntimeContext of(
      VigilPlatform platform,
      VigilConfig config,
      Path dataDir,
      SchemaRegistryClient registry,
      StreamsHealth streams) {
    List<Identity> identities = PlatformAccess.identities(config);
    return new RuntimeContext(
        config,
        dataDir,
        platform.clientProperties(),
        registry,
        OpenTelemetry.noop(),
        streams,
        new SelfHealth(streams),
        user ->
            platform.clientProperties(
                identities.stream()
                    .filter(i -> i.user().equals(user))
                    .findFirst()
                    .orElseThrow(
                        () -> new IllegalArgumentException("no platform identity for " + user))));
  }

  static RuntimeContext of(
      VigilPlatform platform, VigilConfig config, Path dataDir, SchemaRegistryClient registry) {
    return of(platform, config, dataDir, registry, new StreamsHealth(OpenTelemetry.noop()));
  }
}
