package dev.vigil.app.drill;

import dev.vigil.kafka.catalog.TopicSerdes;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.avro.FailoverTrigger;
import dev.vigil.schemas.avro.HealthCheckResult;
import dev.vigil.schemas.avro.SiteHealth;
import dev.vigil.schemas.avro.TriggerStage;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import dev.vigil.streams.audit.AuditAction;
import dev.vigil.streams.audit.AuditChain;
import dev.vigil.streams.audit.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The drill's script, once the cluster and both instances run: healthy services, the task
 * placement, the incident's first stage, the loss, the takeover, the rest of the incident, then the
 * evidence (health events on the redacted topic, the audit chain).
 */
final class Incident {
  private static final Duration READY = Duration.ofSeconds(240);
  private static final Duration STEP = Duration.ofSeconds(180);

  private final SiteLossDrill.Settings settings;
  private final Progress progress;
  private final Map<Location, VigilInstance> instances;
  private final DrillFeed feed;
  private final DrillWatch watch;
  private final DrillChecks.Evidence evidence;

  Incident(
      SiteLossDrill.Settings settings,
      Progress progress,
      Map<Location, VigilInstance> instances,
      DrillFeed feed,
      DrillWatch watch,
      DrillChecks.Evidence evidence) {
    this.settings = settings;
    this.progress = progress;
    this.instances = instances;
    this.feed = feed;
    this.watch = watch;
    this.evidence = evidence;
  }

  void play(
      Map<String, Object> connection, SchemaRegistryClient registry, Map<String, String> endpoints)
      throws Exception {
    ScheduledExecutorService collectors =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-drill-collectors");
              t.setDaemon(true);
              return t;
            });
    try {
      feed.posture();
      collectors.scheduleAtFixedRate(feed::round, 0, 1, TimeUnit.SECONDS);
      for (VigilInstance i : instances.values()) {
        i.awaitReady(READY);
        progress.line("instance", i.site().rack() + " ready (pid " + i.pid() + ")");
      }
      Map<String, Location> placement = placement();
      placement.forEach(
          (s, site) -> progress.line("task", s + ": correlator task at " + site.rack()));
      String service = chooseService(placement);
      evidence.service = service;
      evidence.taskSite = placement.get(service);
      watch.awaitState(
          service,
          st ->
              st.getSiteHealth().size() == 2
                  && st.getSiteHealth().values().stream().allMatch(h -> h == SiteHealth.UP),
          STEP);
      progress.line("healthy", service + ": both application sites UP");

      progress.step(service + ": its active site starts failing its probes");
      feed.fail(service);
      DrillWatch.Seen prepare =
          watch.awaitTrigger(
              service,
              s -> s.trigger().getStage() == TriggerStage.PREPARE,
              STEP,
              () -> instances.values().stream().anyMatch(i -> !i.isAlive()));
      progress.line("trigger", describe(prepare.trigger()));

      lose(endpoints);
      followIncident(service);
    } finally {
      collectors.shutdownNow();
      collectors.awaitTermination(10, TimeUnit.SECONDS);
      evidence.triggers = evidence.service == null ? List.of() : watch.triggers(evidence.service);
    }
    feed.flush();
    collectEvidence(connection, registry);
  }

  /** Waits until every service's task runs at exactly one instance; returns where. */
  private Map<String, Location> placement() throws InterruptedException {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (true) {
      Map<String, Location> at = new LinkedHashMap<>();
      for (String s : SiteLossDrill.SERVICES) {
        List<Location> runs =
            instances.values().stream()
                .filter(i -> i.runsTaskOf(s))
                .map(VigilInstance::site)
                .toList();
        if (runs.size() == 1) {
          at.put(s, runs.get(0));
        }
      }
      if (at.size() == SiteLossDrill.SERVICES.size()) {
        return at;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the correlator's tasks were not placed within " + STEP + ": " + at);
      }
      if (instances.values().stream().anyMatch(i -> !i.isAlive())) {
        throw new IllegalStateException("an instance exited before the incident");
      }
      Thread.sleep(500); // the status API has no push; this is a one-off wait at start-up
    }
  }

  /** A service whose task runs at the location to lose (the takeover is the point of the drill). */
  private String chooseService(Map<String, Location> placement) {
    Location wanted = settings.lose().hostsVigil() ? settings.lose() : settings.lose().otherSite();
    Optional<String> match =
        placement.entrySet().stream()
            .filter(e -> e.getValue() == wanted)
            .map(Map.Entry::getKey)
            .findFirst();
    if (match.isEmpty()) {
      progress.line(
          "note", "no task runs at " + wanted.rack() + "; the incident's task will not move");
    }
    String service = match.orElse(SiteLossDrill.SERVICES.get(0));
    progress.line("incident", service + " (task at " + placement.get(service).rack() + ")");
    return service;
  }

  private void lose(Map<String, String> endpoints) throws InterruptedException {
    Location lost = settings.lose();
    long brokerPid = Long.parseLong(endpoints.get("broker." + lost.rack() + ".pid"));
    VigilInstance instance = instances.get(lost);
    progress.step(
        "losing "
            + lost.rack()
            + ": SIGKILL of its broker (pid "
            + brokerPid
            + ")"
            + (instance == null ? "" : " and of its Vigil instance (pid " + instance.pid() + ")"));
    evidence.lossAt = Instant.now();
    evidence.lossNanos = System.nanoTime();
    if (instance != null) {
      instance.kill();
    }
    Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
    if (broker.isPresent()) {
      broker.get().destroyForcibly();
      broker.get().onExit().join();
    }
    progress.line("lost", lost.rack() + " is gone");
  }

  private void followIncident(String service) throws Exception {
    List<VigilInstance> survivors =
        instances.values().stream().filter(i -> i.site() != settings.lose()).toList();
    if (settings.lose().hostsVigil() && evidence.taskSite == settings.lose()) {
      awaitTakeover(survivors.get(0), service);
    }
    DrillWatch.Seen first =
        watch.awaitTrigger(
            service,
            s -> s.readAtNanos() > evidence.lossNanos,
            STEP,
            () -> survivors.stream().noneMatch(VigilInstance::isAlive));
    evidence.firstDecisionMs = sinceLossMs(first.readAtNanos());
    progress.line(
        "trigger",
        describe(first.trigger())
            + "  first decision after the loss: +"
            + evidence.firstDecisionMs
            + " ms");
    Set<String> printed = new HashSet<>();
    printed.add(first.trigger().getTriggerId().toString());
    DrillWatch.Seen complete =
        watch.awaitTrigger(
            service,
            s -> {
              if (s.readAtNanos() > evidence.lossNanos
                  && printed.add(s.trigger().getTriggerId().toString())) {
                progress.line(
                    "trigger",
                    describe(s.trigger()) + "  +" + sinceLossMs(s.readAtNanos()) + " ms");
              }
              return s.trigger().getStage() == TriggerStage.COMPLETE;
            },
            STEP,
            () -> survivors.stream().noneMatch(VigilInstance::isAlive));
    progress.line("complete", service + " carried to COMPLETE by the survivor");
    // A duplicate would be committed within a few commit intervals of the last stage.
    Thread.sleep(3_000);
    if (watch.triggers(service).size() > DrillFiles.EXPECTED_STAGES.size()) {
      progress.line("DUPLICATE", "more triggers than stages after " + describe(complete.trigger()));
    }
  }

  /** Waits until {@code survivor} runs the task of {@code service}: the takeover time. */
  private void awaitTakeover(VigilInstance survivor, String service) throws Exception {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (!survivor.runsTaskOf(service)) {
      if (!survivor.isAlive()) {
        throw new IllegalStateException("the surviving instance exited; see " + survivor.log());
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("no takeover of " + service + " within " + STEP);
      }
      Thread.sleep(250); // the status API has no push
    }
    evidence.takeoverMs = sinceLossMs(System.nanoTime());
    progress.line(
        "takeover",
        survivor.site().rack()
            + " runs the task of "
            + service
            + " after "
            + evidence.takeoverMs
            + " ms");
  }

  private void collectEvidence(Map<String, Object> connection, SchemaRegistryClient registry) {
    progress.step("checking: every accepted health event on the redacted topic, the audit chain");
    Deserializer<HealthCheckResult> health =
        TopicSerdes.value(Topics.HEALTH, registry).deserializer();
    evidence.acknowledged = feed.acknowledged();
    evidence.stored =
        DrillWatch.readIds(
            connection,
            Topics.HEALTH,
            v -> health.deserialize(Topics.HEALTH.name(), v).getEventId().toString(),
            evidence.acknowledged.keySet(),
            Duration.ofSeconds(60));
    Deserializer<AuditRecord> audit = TopicSerdes.value(Topics.AUDIT, registry).deserializer();
    List<AuditRecord> records =
        DrillWatch.readToEnd(connection, Topics.AUDIT).stream()
            .map(v -> audit.deserialize(Topics.AUDIT.name(), v))
            .toList();
    Map<String, Verification> chains = AuditChain.verifyAll(records);
    Verification failover = chains.get("failover");
    List<String> audited =
        records.stream()
            .filter(
                r ->
                    AuditAction.TRIGGER.is(r.getAction().toString())
                        && r.getSubject().toString().equals(evidence.service))
            .map(r -> String.valueOf(r.getDetails().get("trigger_id")))
            .toList();
    List<String> seen =
        evidence.triggers.stream().map(s -> s.trigger().getTriggerId().toString()).toList();
    evidence.auditVerified = failover != null && failover.ok() && audited.equals(seen);
    evidence.auditDetail =
        "chains "
            + chains.keySet()
            + "; failover chain "
            + (failover == null ? "absent" : failover.ok() ? "verifies" : "BROKEN: " + failover)
            + "; "
            + audited.size()
            + " trigger records of "
            + evidence.service
            + (audited.equals(seen) ? ", the triggers seen, in order" : ", NOT the triggers seen");
  }

  private long sinceLossMs(long nanos) {
    return (nanos - evidence.lossNanos) / 1_000_000;
  }

  private static String describe(FailoverTrigger t) {
    return t.getStage()
        + " "
        + t.getTrafficPercent()
        + " % "
        + t.getFromSite()
        + " -> "
        + t.getToSite()
        + "  trigger "
        + t.getTriggerId();
  }
}
