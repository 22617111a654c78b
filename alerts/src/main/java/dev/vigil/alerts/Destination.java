package dev.vigil.alerts;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One place alerts are delivered to.
 *
 * @param name unique, in logs, metrics and self-alerts ({@code [a-z0-9-]+})
 * @param type what the endpoint speaks
 * @param url Alertmanager base URL, PagerDuty enqueue URL, or the webhook URL
 * @param route which alerts it gets
 * @param perMinute at most this many requests per minute (rate limit)
 * @param secret PagerDuty routing key or webhook signing secret; empty for Alertmanager
 */
public record Destination(
    String name,
    DestinationType type,
    URI url,
    Route route,
    int perMinute,
    Optional<Secret> secret) {

  /** PagerDuty's public Events API v2 endpoint. */
  public static final URI PAGERDUTY_EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

  public Destination {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(secret, "secret");
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(
          "destination name must match [a-z0-9][a-z0-9-]* but was '" + name + "'");
    }
    if (perMinute < 1) {
      throw new IllegalArgumentException(name + ": perMinute must be >= 1");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException(name + ": url must be http(s) but was " + url);
    }
    if (type != DestinationType.ALERTMANAGER && secret.isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ": a "
              + type
              + " destination needs a secret ("
              + (type == DestinationType.PAGERDUTY ? "routing key" : "signing secret")
              + ")");
    }
  }
}
