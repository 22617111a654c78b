package dev.vigil.schemas.registry;

import java.util.Map;

/**
 * Creates registry clients from a URL: {@code mock://scope} gives the shared in-memory registry of
 * that scope; {@code http://host:port/apis/ccompat/v7} or {@code https://…} gives a caching HTTP
 * client. See {@link RegistryConfig} for the config keys.
 */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  public static SchemaRegistryClient create(String url, Map<String, ?> config) {
    return create(RegistryConfig.from(url, config));
  }

  public static SchemaRegistryClient create(RegistryConfig config) {
    if (config.url().getScheme().equals("mock")) {
      String scope = config.url().getSchemeSpecificPart().replaceFirst("^//", "");
      if (scope.isEmpty()) {
        throw new IllegalArgumentException("Schema registry url mock:// needs a scope name");
      }
      return InMemorySchemaRegistry.forScope(scope);
    }
    return new CachingClient(new HttpSchemaRegistryClient(config));
  }
}
