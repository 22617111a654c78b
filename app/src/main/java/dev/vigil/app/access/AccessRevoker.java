package dev.vigil.app.access;

import dev.vigil.app.runtime.AuditTrail;
import dev.vigil.app.runtime.Clients;
import dev.vigil.app.runtime.Component;
import dev.vigil.app.runtime.ComponentFactory;
import dev.vigil.app.runtime.RuntimeContext;
import dev.vigil.platform.security.PlatformCredentials;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.logging.Causes;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.AuditEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes break-glass grants at their expiry: follows the {@code access} chains of the audit trail
 * from the beginning (so grants that expired while Vigil was down are revoked as soon as it is
 * back), deletes each due grant's exact ACL and records {@code access.revoked} on chain {@link
 * AccessLedger#REVOCATIONS}. Runs under the platform's admin user; idle on a broker without an
 * authorizer (no ACLs to revoke). A failed deletion or append is retried on the next round; a grant
 * is only dropped once its revocation is on the trail.
 *
 * <p>One revoker per cluster: every revoker joins consumer group {@value #GROUP} on the audit topic
 * (one partition), and only the member the group assigns that partition reads the trail and
 * revokes; the others wait. When the active one stops, the group hands the partition to another,
 * which re-reads the trail from the start. So two {@code vigil run} on one cluster append one
 * revocation per grant, not two (which would also fork chain {@link AccessLedger#REVOCATIONS}).
 */
public final class AccessRevoker implements Component {
  /** How often the trail is read and expiries checked. */
  public static final Duration ROUND = Duration.ofSeconds(1);

  static final String ACTOR = "vigil-access-revoker";

  /** The consumer group whose owner of the audit topic's partition is the cluster's revoker. */
  public static final String GROUP = "vigil-access-revoker";

  private static final Logger LOGGER = LoggerFactory.getLogger(AccessRevoker.class);

  private final AuditTrail trail;
  private final Admin admin;
  private final Clock clock;
  private final Thread thread;
  private final AccessLedger ledger = new AccessLedger();
  private volatile boolean closed;
  private AuditChain.Head head = AuditChain.Head.genesis();

  /** Whether this instance owns the audit partition in {@link #GROUP} (touched by its thread). */
  private boolean active;

  private AccessRevoker(AuditTrail trail, Admin admin, Clock clock) {
    this.trail = trail;
    this.admin = admin;
    this.clock = clock;
    this.thread = new Thread(this::run, "vigil-access-revoker");
    this.thread.setDaemon(true);
  }

  public static ComponentFactory factory() {
    return AccessRevoker::start;
  }

  static Component start(RuntimeContext context) {
    Map<String, Object> connection = context.kafkaPropertiesOf(PlatformCredentials.ADMIN);
    Admin admin = Clients.admin(connection, ACTOR);
    try {
      admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      admin.close();
      if (e.getCause() instanceof SecurityDisabledException) {
        LOGGER.atInfo().log("broker without an authorizer: break-glass revoker not started");
      } else {
        Causes.warn(LOGGER, e)
            .log("ACLs cannot be listed as the admin user: break-glass revoker not started");
      }
      return idle();
    } catch (Exception e) {
      admin.close();
      Causes.warn(LOGGER, e)
          .log("ACLs cannot be listed as the admin user: break-glass revoker not started");
      return idle();
    }
    AccessRevoker revoker =
        new AccessRevoker(
            new AuditTrail(
                connection,
                context.registry(),
                ACTOR,
                context.config().audit().writing(context.dataDir()).keys()),
            admin,
            Clock.systemUTC());
    revoker.thread.start();
    return revoker;
  }

  private static Component idle() {
    return new Component() {
      @Override
      public String name() {
        return "access-revoker";
      }

      @Override
      public void close() {}
    };
  }

  private void run() {
    AccessControl acl = new AccessControl(admin);
    Deserializer<AuditRecord> decoder = trail.decoder();
    KafkaConsumer<byte[], byte[]> consumer = null;
    while (!closed) {
      try {
        if (consumer == null) {
          consumer = subscribed();
        }
        if (caughtUp(consumer, decoder)) {
          for (AccessGrant due : ledger.dueAt(clock.instant())) {
            revoke(acl, due);
          }
        }
      } catch (Exception e) {
        if (closed) {
          break;
        }
        Causes.warn(LOGGER, e).log("break-glass revoker round failed; retrying");
        if (consumer != null) {
          closeQuietly(consumer);
          consumer = null; // re-read from the start: the head must be current before writing
          reset(false);
        }
        sleep(ROUND.multipliedBy(5));
      }
      sleep(ROUND);
    }
    if (consumer != null) {
      Thread.interrupted(); // closing after an interrupt must not throw out of the thread
      closeQuietly(consumer);
    }
  }

  private static void closeQuietly(KafkaConsumer<byte[], byte[]> consumer) {
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      // closing; nothing more to do
    }
  }

  /** Reads to the current end; true once there (the revocation chain head is then current). */
  private boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Deserializer<AuditRecord> decoder) {
    if (!active) {
      // stays in the group; an assignment may come, and with it the first records of the trail
      ConsumerRecords<byte[], byte[]> first = consumer.poll(Duration.ofMillis(200));
      if (!active) {
        return false;
      }
      apply(first, decoder);
    }
    TopicPartition tp = consumer.assignment().iterator().next();
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    while (active && consumer.position(tp) < end && !closed) {
      apply(consumer.poll(Duration.ofMillis(200)), decoder);
    }
    // a rebalance during the read (callbacks run inside poll) may have taken the partition away
    return active && consumer.assignment().contains(tp) && consumer.position(tp) >= end;
  }

  private void apply(ConsumerRecords<byte[], byte[]> records, Deserializer<AuditRecord> decoder) {
    for (ConsumerRecord<byte[], byte[]> r : records) {
      AuditRecord a = decoder.deserialize(r.topic(), r.value());
      if (AccessLedger.REVOCATIONS.equals(a.getChain().toString())) {
        head = AuditChain.Head.after(a);
      }
      ledger.apply(a);
    }
  }

  /** A consumer in {@link #GROUP} on the audit topic; active while it holds the partition. */
  private KafkaConsumer<byte[], byte[]> subscribed() {
    KafkaConsumer<byte[], byte[]> consumer = trail.groupConsumer(GROUP);
    consumer.subscribe(
        List.of(Topics.AUDIT.name()),
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
              reset(false);
            }
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            reset(false);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
              return;
            }
            consumer.seekToBeginning(partitions); // the ledger is rebuilt from the whole trail
            reset(true);
            LOGGER.atInfo().log("this instance is the cluster's break-glass revoker");
          }
        });
    return consumer;
  }

  private void reset(boolean nowActive) {
    if (active && !nowActive) {
      LOGGER.atInfo().log("break-glass revoker handed over to another instance");
    }
    active = nowActive;
    head = AuditChain.Head.genesis();
    ledger.clear();
  }

  private void revoke(AccessControl acl, AccessGrant grant) throws Exception {
    int deleted = acl.delete(grant);
    Map<String, String> details = grant.revocationDetails("expired", deleted);
    details.put("expires_at", grant.expiresAt().toString());
    AuditTrail.Appended appended =
        trail.append(
            AccessLedger.REVOCATIONS,
            head,
            AuditEntry.of(
                clock.instant(),
                ACTOR,
                AuditAction.ACCESS_REVOKED,
                "User:" + grant.principal(),
                details,
                null));
    head = appended.head();
    AuditRecord record = appended.record();
    ledger.apply(record);
    LOGGER
        .atInfo()
        .addKeyValue("grant", grant.id())
        .addKeyValue("principal", grant.principal())
        .addKeyValue("topic", grant.topic())
        .addKeyValue("operation", grant.operation().wire())
        .addKeyValue("aclsDeleted", deleted)
        .log("break-glass grant expired and revoked");
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public String name() {
    return "access-revoker";
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
