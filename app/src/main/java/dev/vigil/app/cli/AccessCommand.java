package dev.vigil.app.cli;

import dev.vigil.app.access.AccessControl;
import dev.vigil.app.access.AccessGrant;
import dev.vigil.app.access.AccessLedger;
import dev.vigil.app.access.AccessOperation;
import dev.vigil.app.runtime.AuditTrail;
import dev.vigil.app.runtime.Clients;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.config.Durations;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.schemas.text.SafeText;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditEntry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil access}: break-glass ACL grants that expire, every step on the audit trail. */
@Command(
    name = "access",
    mixinStandardHelpOptions = true,
    description = {
      "Break-glass access: a temporary ACL for one Kafka user on one topic, granted with a reason"
          + " and revoked at its expiry by the revoker of vigil run (also when vigil run was down at"
          + " the time: it revokes overdue grants when it starts). Grants and revocations are"
          + " records of the 'access' and 'access-revoker' chains of vigil.audit.v1; the trail is"
          + " read before anything changes. Runs as the platform's admin user (or --client-config).",
    },
    subcommands = {
      AccessCommand.Grant.class,
      AccessCommand.ListGrants.class,
      AccessCommand.Revoke.class
    })
public final class AccessCommand implements Runnable {
  /** The longest grant. */
  static final Duration MAX_GRANT = Duration.ofHours(24);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = "Creates the ACL, then records access.granted; prints the grant id.")
  static final class Grant implements Callable<Integer> {
    @Option(
        names = "--principal",
        required = true,
        paramLabel = "USER",
        description = "Kafka user name (User:USER).")
    String principal;

    @Option(
        names = "--topic",
        required = true,
        paramLabel = "T",
        description = "Topic (literal name).")
    String topic;

    @Option(
        names = "--operation",
        required = true,
        paramLabel = "OP",
        description = "read, write or describe.")
    String operation;

    @Option(
        names = "--for",
        required = true,
        paramLabel = "DURATION",
        description = "How long, e.g. 30m (at most 24h).")
    String duration;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why (audited; at most 500 characters).")
    String reason;

    @Mixin KeysCommand.Actor actor;
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Duration length = Durations.positive("--for", duration, null);
      if (length.compareTo(MAX_GRANT) > 0) {
        throw new IllegalArgumentException("--for must be at most 24h");
      }
      AccessOperation op =
          AccessOperation.of(operation)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("--operation must be read, write or describe"));
      Instant now = Instant.now();
      AccessGrant grant =
          new AccessGrant(newId(), principal, topic, op, now, now.plus(length), reason.strip());
      try (Session s = Session.open(client)) {
        List<AuditRecord> trail = s.trail.read(AccessLedger.CHAINS);
        s.acl.create(grant);
        AuditRecord r;
        try {
          r =
              s.trail
                  .append(
                      AccessLedger.GRANTS,
                      AuditTrail.head(AccessLedger.GRANTS, trail),
                      AuditEntry.of(
                          now,
                          actor.who(),
                          AuditAction.ACCESS_GRANTED,
                          "User:" + principal,
                          grant.details(),
                          null))
                  .record();
        } catch (Exception e) {
          s.acl.delete(grant); // an unaudited grant must not stay
          throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
            "granted %s: User:%s %s %s until %s%naudited: chain=%s seq=%d%n",
            grant.id(),
            grant.principal(),
            op.wire(),
            grant.topic(),
            grant.expiresAt(),
            r.getChain(),
            r.getSeq());
        out.flush();
        return 0;
      }
    }

    private static String newId() {
      byte[] b = new byte[6];
      new SecureRandom().nextBytes(b);
      return "G-" + HexFormat.of().formatHex(b);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Prints the grants not revoked yet: id, principal, operation, topic, expiry, whether the"
              + " ACL exists, and the reason (control characters escaped).")
  static final class ListGrants implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Session s = Session.open(client)) {
        AccessLedger ledger = AccessLedger.of(s.trail.read(AccessLedger.CHAINS));
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        out.printf(
            "%-14s %-28s %-8s %-28s %-24s %-7s %s%n",
            "GRANT", "PRINCIPAL", "OP", "TOPIC", "EXPIRES", "ACL", "REASON");
        for (AccessGrant g : ledger.live()) {
          out.printf(
              "%-14s %-28s %-8s %-28s %-24s %-7s %s%n",
              g.id(),
              "User:" + g.principal(),
              g.operation().wire(),
              g.topic(),
              g.expiresAt() + (g.expiredAt(now) ? " (overdue)" : ""),
              s.acl.exists(g) ? "present" : "missing",
              SafeText.escape(g.reason()));
        }
        out.printf("%d live grant(s)%n", ledger.live().size());
        out.flush();
        return 0;
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description =
          "Revokes a live grant before its expiry: deletes its ACL, records access.revoked.")
  static final class Revoke implements Callable<Integer> {
    @Option(
        names = "--grant",
        required = true,
        paramLabel = "ID",
        description = "The grant id (G-…).")
    String id;

    @Mixin KeysCommand.Actor actor;
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Session s = Session.open(client)) {
        List<AuditRecord> trail = s.trail.read(AccessLedger.CHAINS);
        AccessGrant grant =
            AccessLedger.of(trail)
                .find(id)
                .orElseThrow(() -> new IllegalArgumentException("no live grant with that id"));
        int deleted = s.acl.delete(grant);
        Map<String, String> details = grant.revocationDetails("operator", deleted);
        AuditRecord r =
            s.trail
                .append(
                    AccessLedger.GRANTS,
                    AuditTrail.head(AccessLedger.GRANTS, trail),
                    AuditEntry.of(
                        Instant.now(),
                        actor.who(),
                        AuditAction.ACCESS_REVOKED,
                        "User:" + grant.principal(),
                        details,
                        null))
                .record();
        spec.commandLine()
            .getOut()
            .printf("revoked %s%naudited: chain=%s seq=%d%n", grant.id(), r.getChain(), r.getSeq());
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }

  /** The admin connection: audit trail and ACLs. */
  private static final class Session implements AutoCloseable {
    final SchemaRegistryClient registry;
    final Admin admin;
    final AuditTrail trail;
    final AccessControl acl;

    private Session(SchemaRegistryClient registry, Admin admin, AuditTrail trail) {
      this.registry = registry;
      this.admin = admin;
      this.trail = trail;
      this.acl = new AccessControl(admin);
    }

    static Session open(ClientOptions client) {
      Map<String, Object> connection = client.connection(PlatformCredentials.ADMIN);
      SchemaRegistryClient registry = client.registryClient();
      Admin admin = Clients.admin(connection, "vigil-access");
      return new Session(
          registry,
          admin,
          new AuditTrail(connection, registry, "vigil-access", client.auditKeys()));
    }

    @Override
    public void close() {
      admin.close(Duration.ofSeconds(5));
      registry.close();
    }
  }
}
