package dev.vigil.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.vigil.schemas.avro.Alert;
import dev.vigil.schemas.avro.AlertAction;
import dev.vigil.schemas.logging.Causes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's queue and thread: delivers alerts in the order they were read, retrying each
 * (exponential back-off with jitter, {@code Retry-After} honoured, no attempt limit) under the
 * destination's rate limit, so a destination that is down only delays itself. An Alertmanager
 * destination also re-sends every firing alert each {@code resendInterval}.
 */
final class DestinationWorker implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(DestinationWorker.class);

  /** What the worker hears about its destination's health. */
  interface Listener {
    /** The destination has failed for longer than {@code failingAfter}, or rejected an alert. */
    void failing(Destination destination, Instant since, String reason);

    /** It delivered again after {@link #failing}. */
    void recovered(Destination destination);

    /** One attempt ended with {@code outcome} ({@code resend} for Alertmanager re-sends). */
    void attempted(Destination destination, Outcome outcome);
  }

  private static final Duration NO_RETRY_AFTER = Duration.ofMillis(-1);

  private sealed interface Job {}

  private record Deliver(Alert alert, Runnable done) implements Job {}

  private final Destination destination;
  private final DispatcherSettings settings;
  private final HttpSender sender;
  private final Listener listener;
  private final Clock clock;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final RetryPolicy<Outcome> retry;
  private final RateLimiter<Object> limiter;
  private final Thread thread;

  /** Keys whose TRIGGER was routed here and not yet resolved (dispatcher thread only). */
  private final Set<String> routed = new HashSet<>();

  /** Alertmanager: the firing alerts this worker re-sends (worker thread only). */
  private final Map<String, Alert> firing = new LinkedHashMap<>();

  private final AtomicReference<Instant> failingSince = new AtomicReference<>();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private volatile boolean alerted;
  private volatile Instant nextResend = Instant.MIN;

  DestinationWorker(
      Destination destination,
      DispatcherSettings settings,
      HttpSender sender,
      Listener listener,
      Clock clock) {
    this.destination = destination;
    this.settings = settings;
    this.sender = sender;
    this.listener = listener;
    this.clock = clock;
    this.retry =
        RetryPolicy.<Outcome>builder()
            .handleResultIf(o -> o instanceof Outcome.Retry)
            .withBackoff(settings.initialBackoff(), settings.maxBackoff())
            .withJitter(0.25)
            // a negative delay makes Failsafe fall back to the back-off
            .withDelayFn(
                ctx ->
                    ctx.getLastResult() instanceof Outcome.Retry r
                        ? r.retryAfter().orElse(NO_RETRY_AFTER)
                        : NO_RETRY_AFTER)
            .withMaxRetries(-1)
            .onFailedAttempt(e -> failedAttempt(e.getLastResult()))
            .build();
    this.limiter =
        RateLimiter.smoothBuilder(destination.perMinute(), Duration.ofMinutes(1)).build();
    this.thread = new Thread(this::run, "vigil-alerts-" + destination.name());
    this.thread.setDaemon(true);
  }

  Destination destination() {
    return destination;
  }

  void start() {
    thread.start();
  }

  /**
   * Queues {@code alert} when the route wants it (a RESOLVE also when its TRIGGER came here);
   * {@code done} runs once it is delivered or parked. Dispatcher thread only.
   */
  boolean offer(Alert alert, Runnable done) {
    if (!wants(alert)) {
      return false;
    }
    queue.add(new Deliver(alert, done));
    return true;
  }

  /** Whether the route wants {@code alert}; remembers TRIGGERs so their RESOLVE follows. */
  private boolean wants(Alert alert) {
    String key = alert.getDedupKey();
    if (alert.getAction() == AlertAction.RESOLVE) {
      return routed.remove(key) || destination.route().matches(alert);
    }
    if (destination.route().matches(alert)) {
      routed.add(key);
      return true;
    }
    return false;
  }

  /**
   * Takes over alerts still open from before this process (read back from the topic): their RESOLVE
   * will follow them here, and Alertmanager gets them re-sent. Before {@link #start}.
   */
  void restore(List<Alert> open) {
    for (Alert alert : open) {
      if (wants(alert) && destination.type() == DestinationType.ALERTMANAGER) {
        firing.put(alert.getDedupKey(), alert);
      }
    }
  }

  int queued() {
    return queue.size();
  }

  /** Since when the destination has been failing; empty when its last attempt delivered. */
  Optional<Instant> failingSince() {
    return Optional.ofNullable(failingSince.get());
  }

  Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  private void run() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Job job = queue.poll(pollTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (job instanceof Deliver d) {
          deliver(d);
        }
        if (destination.type() == DestinationType.ALERTMANAGER
            && !clock.instant().isBefore(nextResend)) {
          resend();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (FailsafeException e) {
        if (e.getCause() instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        } else {
          Causes.error(LOGGER, e.getCause() == null ? e : e.getCause())
              .addKeyValue("destination", destination.name())
              .log("alert delivery failed unexpectedly");
        }
      }
    }
  }

  private Duration pollTimeout() {
    if (destination.type() != DestinationType.ALERTMANAGER) {
      return Duration.ofSeconds(1);
    }
    Duration untilResend = Duration.between(clock.instant(), nextResend);
    return untilResend.isNegative() ? Duration.ZERO : untilResend;
  }

  private void deliver(Deliver d) throws InterruptedException {
    Alert alert = d.alert();
    Supplier<byte[]> body =
        switch (destination.type()) {
          case ALERTMANAGER -> alertmanagerBody(alert);
          case PAGERDUTY -> {
            byte[] b =
                Payloads.pagerDuty(alert, destination.secret().orElseThrow(), settings.statusUrl());
            yield () -> b;
          }
          case WEBHOOK -> {
            byte[] b = Payloads.webhook(alert, settings.statusUrl());
            yield () -> b;
          }
        };
    Outcome outcome = send(body);
    if (outcome instanceof Outcome.Rejected r) {
      park(alert, r.status());
    }
    d.done().run();
  }

  /**
   * Alertmanager: the alert (and the one it escalates from, now ended) in one request, rendered
   * afresh for each attempt so a firing alert's {@code endsAt} is never in the past.
   */
  private Supplier<byte[]> alertmanagerBody(Alert alert) {
    String key = alert.getDedupKey();
    Map<Alert, Optional<Instant>> alerts = new LinkedHashMap<>();
    Alert open = firing.get(key);
    if (alert.getAction() == AlertAction.TRIGGER) {
      if (open != null && open.getSeverity() != alert.getSeverity()) {
        // its labels change with the severity: end the old series instead of letting it time out
        alerts.put(open, Optional.of(alert.getCreatedAt()));
      }
      Alert trigger = open != null && open.getSeverity() == alert.getSeverity() ? open : alert;
      firing.put(key, trigger);
      alerts.put(trigger, Optional.empty());
    } else {
      Alert trigger = open != null ? firing.remove(key) : alert;
      alerts.put(trigger, Optional.of(alert.getCreatedAt()));
    }
    return () -> render(alerts);
  }

  private byte[] render(Map<Alert, Optional<Instant>> alerts) {
    Instant now = clock.instant();
    List<ObjectNode> nodes = new ArrayList<>();
    alerts.forEach(
        (a, resolvedAt) ->
            nodes.add(
                Payloads.alertmanagerAlert(a, resolvedAt, now, validFor(), settings.statusUrl())));
    return Payloads.alertmanagerBody(nodes);
  }

  /** How long Alertmanager keeps a firing alert without hearing of it again (as Prometheus). */
  private Duration validFor() {
    return settings.resendInterval().multipliedBy(4);
  }

  private void resend() throws InterruptedException {
    nextResend = clock.instant().plus(settings.resendInterval());
    if (firing.isEmpty()) {
      return;
    }
    Map<Alert, Optional<Instant>> alerts = new LinkedHashMap<>();
    firing.values().forEach(a -> alerts.put(a, Optional.empty()));
    send(() -> render(alerts));
  }

  /** One request, retried until delivered or rejected; a webhook's is signed for each attempt. */
  private Outcome send(Supplier<byte[]> body) {
    Outcome outcome =
        Failsafe.with(retry)
            .get(
                () -> {
                  limiter.acquirePermit();
                  byte[] b = body.get();
                  return sender.post(
                      url(),
                      b,
                      destination.type() == DestinationType.WEBHOOK ? signed(b) : Map.of());
                });
    listener.attempted(destination, outcome);
    if (outcome instanceof Outcome.Rejected r) {
      String reason = "HTTP " + r.status() + " (rejected; alert parked)";
      lastFailure.set(reason);
      failingSince.compareAndSet(null, clock.instant());
      if (!alerted) {
        alerted = true;
        listener.failing(destination, failingSince.get(), reason);
      }
    } else {
      failingSince.set(null);
      lastFailure.set(null);
      if (alerted) {
        alerted = false;
        listener.recovered(destination);
      }
    }
    return outcome;
  }

  private void failedAttempt(Outcome outcome) {
    listener.attempted(destination, outcome);
    Instant now = clock.instant();
    failingSince.compareAndSet(null, now);
    String reason = outcome instanceof Outcome.Retry r ? r.reason() : "unknown";
    lastFailure.set(reason);
    if (!alerted && !now.isBefore(failingSince.get().plus(settings.failingAfter()))) {
      alerted = true;
      LOGGER
          .atWarn()
          .addKeyValue("destination", destination.name())
          .addKeyValue("type", destination.type())
          .addKeyValue("failing_since", failingSince.get())
          .addKeyValue("reason", reason)
          .log("alert destination keeps failing; alerts for it are held and retried");
      listener.failing(destination, failingSince.get(), reason);
    }
  }

  private Map<String, String> signed(byte[] body) {
    long ts = clock.instant().getEpochSecond();
    return Map.of(
        WebhookSignature.TIMESTAMP_HEADER,
        Long.toString(ts),
        WebhookSignature.SIGNATURE_HEADER,
        WebhookSignature.sign(destination.secret().orElseThrow(), ts, body));
  }

  private java.net.URI url() {
    if (destination.type() == DestinationType.ALERTMANAGER) {
      String base = destination.url().toString().replaceAll("/+$", "");
      return java.net.URI.create(base + "/api/v2/alerts");
    }
    return destination.url();
  }

  /** Keeps a rejected alert (as webhook JSON, no secrets) for an operator to replay. */
  private void park(Alert alert, int status) {
    Path file = settings.parkDir().resolve(destination.name() + ".jsonl");
    LOGGER
        .atError()
        .addKeyValue("destination", destination.name())
        .addKeyValue("status", status)
        .addKeyValue("alert_id", alert.getAlertId())
        .addKeyValue("dedup_key", alert.getDedupKey())
        .addKeyValue("parked_in", file)
        .log("destination rejected an alert; parked for replay");
    try {
      Files.createDirectories(settings.parkDir());
      String line =
          "{\"parked_at\":\""
              + clock.instant()
              + "\",\"status\":"
              + status
              + ",\"alert\":"
              + new String(Payloads.webhook(alert, settings.statusUrl()), StandardCharsets.UTF_8)
              + "}\n";
      Files.writeString(
          file,
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      Causes.error(LOGGER, e)
          .addKeyValue("destination", destination.name())
          .log("cannot park a rejected alert");
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
