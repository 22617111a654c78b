package dev.vigil.platform.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a Vigil broker is secured: its client listener is SASL_SSL with SCRAM-SHA-512 (and, with
 * {@link ClientAuth#REQUIRED}, a client certificate from the platform CA as well); the controller
 * listener is TLS with a required client certificate (only the broker's own certificate passes);
 * {@code StandardAuthorizer} denies whatever no ACL allows; the admin user and the broker's
 * certificate principal are the only super users. A launcher of one or many brokers applies {@link
 * #brokerProperties} and passes {@link #scramArguments()} to the storage formatter.
 *
 * @param credentials the platform's CA, broker key store and passwords
 * @param clientAuth whether clients must also present a certificate (mTLS)
 */
public record BrokerSecurity(PlatformCredentials credentials, ClientAuth clientAuth) {
  public static final String MECHANISM = "SCRAM-SHA-512";

  /** Whether the client listener also requires a client certificate. */
  public enum ClientAuth {
    NONE,
    REQUIRED
  }

  public BrokerSecurity {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(clientAuth, "clientAuth");
  }

  /** The listener security protocol of the client listener. */
  public String clientProtocol() {
    return "SASL_SSL";
  }

  /** The listener security protocol of the controller listener. */
  public String controllerProtocol() {
    return "SSL";
  }

  /**
   * Broker properties for a client listener named {@code clientListener} and a controller listener
   * named {@code controllerListener} (listener names and addresses are the launcher's).
   */
  public Map<String, String> brokerProperties(String clientListener, String controllerListener) {
    String client = clientListener.toLowerCase(java.util.Locale.ROOT);
    String controller = controllerListener.toLowerCase(java.util.Locale.ROOT);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    p.put(
        "listener.name." + client + ".scram-sha-512.sasl.jaas.config",
        PlatformCredentials.jaas(
            PlatformCredentials.ADMIN, credentials.password(PlatformCredentials.ADMIN)));
    p.put("ssl.keystore.type", "PEM");
    p.put("ssl.keystore.location", credentials.brokerKeyStore().toString());
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", credentials.caCertificate().toString());
    p.put("ssl.endpoint.identification.algorithm", "https");
    p.put(
        "listener.name." + client + ".ssl.client.auth",
        clientAuth == ClientAuth.REQUIRED ? "required" : "none");
    p.put("listener.name." + controller + ".ssl.client.auth", "required");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("allow.everyone.if.no.acl.found", "false");
    p.put(
        "super.users",
        "User:" + PlatformCredentials.ADMIN + ";User:CN=" + PlatformCredentials.BROKER_CN);
    return p;
  }

  /**
   * The {@code kafka-storage format --add-scram} arguments: the admin user exists from the first
   * start, before any client could create it.
   */
  public List<String> scramArguments() {
    return List.of(
        MECHANISM
            + "=[name="
            + PlatformCredentials.ADMIN
            + ",password="
            + credentials.password(PlatformCredentials.ADMIN)
            + "]");
  }

  /** Client properties for the admin (super user). */
  public Map<String, Object> adminClientProperties() {
    return credentials.clientProperties(PlatformCredentials.ADMIN);
  }
}
