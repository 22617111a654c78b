package dev.vigil.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import dev.vigil.app.config.VigilConfig;
import dev.vigil.app.runtime.AuditTrail;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.PlatformAccess;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.kafka.catalog.AccessPolicy.Identity;
import dev.vigil.kafka.catalog.CatalogueBootstrap;
import dev.vigil.platform.BrokerSettings;
import dev.vigil.platform.EmbeddedKafkaBroker;
import dev.vigil.platform.security.BrokerSecurity;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.registry.SchemaRegistryClients;
import dev.vigil.streams.audit.AuditChain;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Break-glass grants on a real secured broker (TLS, SCRAM, StandardAuthorizer): {@code vigil access
 * grant} makes a principal able to do what it could not, the revoker takes the ACL away at expiry —
 * also when it was not running at the time — and every grant and revocation is a verified record of
 * the audit trail. Refusals change nothing.
 */
class BreakGlassIT {
  static final String REGISTRY = "mock://break-glass";
  static final String SIEM = "vigil-siem";
  static final String TOPIC = Topics.CONTROL.name();

  @TempDir static Path dir;
  static PlatformCredentials credentials;
  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    credentials = PlatformCredentials.prepare(dir, List.of("127.0.0.1"));
    broker =
        EmbeddedKafkaBroker.start(
            BrokerSettings.loopback(dir.resolve("kafka"))
                .secured(new BrokerSecurity(credentials, BrokerSecurity.ClientAuth.NONE)));
    List<Identity> identities = PlatformAccess.identities(VigilConfig.defaults());
    try (Admin admin = Admin.create(broker.adminClientProperties());
        SchemaRegistryClient registry = SchemaRegistryClients.create(REGISTRY, Map.of())) {
      CatalogueBootstrap.apply(admin, registry, Topics.ALL, true);
      PlatformAccess.provision(admin, credentials, identities, false);
    }
    // SCRAM users reach the broker's credential cache shortly after they are created
    Awaitility.await("SCRAM user of the SIEM known to the broker")
        .atMost(Duration.ofSeconds(60))
        .until(BreakGlassIT::siemAuthenticates);
    Files.writeString(
        dir.resolve("endpoints.json"),
        "{\"bootstrap\":\""
            + broker.bootstrapServers()
            + "\",\"registry\":\""
            + REGISTRY
            + "\",\"security\":\"SASL_SSL\"}");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void shouldGrantForAFewSecondsThenRevokeAndAuditBoth() throws Exception {
    // Given the SIEM's principal cannot write the control topic
    assertThat(siemWrites()).isFalse();

    // When an operator grants it write for 20 s with a reason
    CliRun grant = grant(SIEM, TOPIC, "write", "20s", "incident 7: replay a command");
    assertThat(grant.code()).as(grant.err()).isZero();
    String id = grantId(grant.out());

    // Then vigil access list shows the grant with its ACL, and the SIEM can write
    CliRun list = vigil("list");
    assertThat(list.out())
        .contains(id)
        .contains("User:" + SIEM)
        .contains("present")
        .contains("incident 7: replay a command");
    Awaitility.await("grant effective")
        .atMost(Duration.ofSeconds(30))
        .until(BreakGlassIT::siemWrites);

    // And once the revoker runs, after the expiry the ACL is gone and the SIEM is refused again
    try (Component revoker = AccessRevoker.start(context())) {
      Awaitility.await("revoked at expiry")
          .atMost(Duration.ofSeconds(60))
          .until(() -> !aclExists(id) && !siemWrites());
    }

    // And the trail holds the grant (by the operator) and the revocation (by the revoker), verified
    List<AuditRecord> records = all();
    assertThat(records)
        .filteredOn(r -> id.equals(String.valueOf(r.getDetails().get("grant"))))
        .extracting(r -> r.getChain() + "/" + r.getAction() + "/" + r.getActor())
        .containsExactly(
            "access/access.granted/ops-alice",
            "access-revoker/access.revoked/vigil-access-revoker");
    assertThat(AuditChain.verifyAll(records).values())
        .allMatch(dev.vigil.streams.audit.Verification::ok);
    assertThat(vigil("list").out()).doesNotContain(id);
  }

  @Test
  void shouldRevokeAGrantThatExpiredWhileNoRevokerRan() throws Exception {
    // Given a 2 s grant and no revoker running past its expiry
    CliRun grant = grant(SIEM, Topics.RULES.name(), "describe", "2s", "short");
    assertThat(grant.code()).as(grant.err()).isZero();
    String id = grantId(grant.out());
    Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(aclExists(id)).isTrue();
    assertThat(vigil("list").out()).contains(id + " ").contains("(overdue)");

    // When the revoker starts
    try (Component revoker = AccessRevoker.start(context())) {
      // Then it revokes the overdue grant at once
      Awaitility.await("overdue revoked")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !aclExists(id));
    }
  }

  @Test
  void shouldAppendOneRevocationWhenTwoRevokersShareTheCluster() throws Exception {
    // Given two revokers on one cluster, as two vigil run would start them
    try (Component first = AccessRevoker.start(context());
        Component second = AccessRevoker.start(context())) {
      // When a 2 s grant expires
      CliRun grant = grant(SIEM, Topics.POSTURE.name(), "describe", "2s", "two revokers");
      assertThat(grant.code()).as(grant.err()).isZero();
      String id = grantId(grant.out());
      Awaitility.await("revoked").atMost(Duration.ofSeconds(60)).until(() -> !aclExists(id));

      // Then, over the next rounds of both, the trail holds one revocation of it, and the
      // revocation chain stays one chain
      Awaitility.await("one revocation")
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(20))
          .until(() -> revocations(id) == 1);
      assertThat(AuditChain.verifyAll(all()).values())
          .allMatch(dev.vigil.streams.audit.Verification::ok);
    }
  }

  private static long revocations(String grantId) {
    return all().stream()
        .filter(r -> grantId.equals(String.valueOf(r.getDetails().get("grant"))))
        .filter(r -> "access.revoked".equals(r.getAction().toString()))
        .count();
  }

  @Test
  void shouldRevokeEarlyOnRequestAndRefuseWhatWouldDeleteAStandingPermission() throws Exception {
    // Given a 10 min grant
    CliRun grant = grant(SIEM, TOPIC, "read", "10m", "look at commands");
    assertThat(grant.code()).as(grant.err()).isZero();
    String id = grantId(grant.out());
    assertThat(aclExists(id)).isTrue();

    // When it is revoked by hand
    CliRun revoke = vigil("revoke", "--grant", id);

    // Then its ACL is gone and the revocation is on the operator's chain
    assertThat(revoke.code()).as(revoke.err()).isZero();
    assertThat(aclExists(id)).isFalse();
    assertThat(all())
        .filteredOn(r -> id.equals(String.valueOf(r.getDetails().get("grant"))))
        .extracting(r -> r.getChain() + "/" + r.getAction())
        .containsExactly("access/access.granted", "access/access.revoked");

    // And granting what a principal may already do is refused (revoking it would delete the
    // standing ACL), as are a grant over 24 h and a hostile principal; nothing is audited for them
    int before = all().size();
    String readable =
        Topics.ALL.stream()
            .filter(t -> t.readers().contains(dev.vigil.schemas.catalog.Principal.SIEM))
            .findFirst()
            .orElseThrow()
            .name();
    CliRun standing = grant(SIEM, readable, "read", "1m", "x");
    assertThat(standing.code()).isNotZero();
    assertThat(standing.err()).contains("already has read on " + readable);
    assertThat(grant(SIEM, TOPIC, "write", "48h", "x").err()).contains("--for must be at most 24h");
    CliRun hostile = grant("evil\u202Euser", TOPIC, "write", "1m", "x");
    assertThat(hostile.code()).isNotZero();
    assertThat(hostile.err()).doesNotContain("\u202E");
    assertThat(all()).hasSize(before);
  }

  private static RuntimeContext context() {
    Map<String, Object> admin = new HashMap<>(broker.adminClientProperties());
    return new RuntimeContext(
        VigilConfig.defaults(),
        dir,
        admin,
        SchemaRegistryClients.create(REGISTRY, Map.of()),
        OpenTelemetry.noop());
  }

  private static boolean siemAuthenticates() {
    try {
      siemWrites();
      return true;
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  private static boolean siemWrites() throws Exception {
    Map<String, Object> p = new HashMap<>(credentials.clientProperties(SIEM));
    p.put("bootstrap.servers", broker.bootstrapServers());
    p.put("acks", "all");
    p.put("enable.idempotence", false);
    p.put("max.block.ms", 20_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(TOPIC, new byte[] {1}, new byte[] {1}))
          .get(30, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TopicAuthorizationException.class);
      return false;
    }
  }

  private static boolean aclExists(String id) throws Exception {
    AccessGrant grant =
        AccessLedger.of(all()).live().stream()
            .filter(g -> g.id().equals(id))
            .findFirst()
            .orElse(null);
    if (grant == null) {
      // revoked on the trail: look the ACL up from the granted record
      grant =
          all().stream()
              .filter(r -> id.equals(String.valueOf(r.getDetails().get("grant"))))
              .filter(r -> r.getAction().toString().equals("access.granted"))
              .map(r -> AccessGrant.fromDetails(r.getDetails()))
              .findFirst()
              .orElseThrow();
    }
    try (Admin admin = Admin.create(broker.adminClientProperties())) {
      AclBindingFilter filter = grant.binding().toFilter();
      return !admin.describeAcls(filter).values().get(30, TimeUnit.SECONDS).isEmpty();
    }
  }

  private static List<AuditRecord> all() {
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(REGISTRY, Map.of())) {
      return new AuditTrail(
              broker.adminClientProperties(),
              registry,
              "break-glass-it",
              dev.vigil.streams.audit.AuditKeys.generate()) // reads only
          .read(AccessLedger.CHAINS);
    }
  }

  private static String grantId(String out) {
    Matcher m = Pattern.compile("granted (G-[0-9a-f]{12})").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  /** {@code vigil access grant} of {@code operation} on {@code topic} to {@code principal}. */
  private static CliRun grant(
      String principal, String topic, String operation, String duration, String reason) {
    return vigil(
        "grant",
        "--principal",
        principal,
        "--topic",
        topic,
        "--operation",
        operation,
        "--for",
        duration,
        "--reason",
        reason);
  }

  private static CliRun vigil(String... args) {
    List<String> argv = new ArrayList<>(List.of("access"));
    argv.addAll(List.of(args));
    if (args[0].equals("grant") || args[0].equals("revoke")) {
      argv.addAll(List.of("--actor", "ops-alice"));
    }
    argv.addAll(List.of("--data-dir", dir.toString()));
    return CliRun.vigil(argv);
  }
}
