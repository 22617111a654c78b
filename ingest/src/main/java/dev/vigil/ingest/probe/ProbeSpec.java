package dev.vigil.ingest.probe;

import dev.vigil.schemas.avro.ProbeType;
import dev.vigil.schemas.event.Identifiers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One active probe: what to probe, for which service at which site, from which vantage point, how
 * often and what counts as healthy. Validated once; messages name the field.
 *
 * @param name unique per service; the health event's {@code check.name}
 * @param service the service the target belongs to (the Kafka key)
 * @param site the site the target is at (the event's {@code site})
 * @param vantage where this probe runs from ({@code check.vantage})
 * @param type HTTP (http:// or https:// URL) or TCP ({@code host:port})
 * @param target the URL or {@code host:port}
 * @param interval time between runs (each run is jittered by up to 10 %)
 * @param timeout connect and response timeout of one run
 * @param expectStatus HTTP status codes that count as up; empty = 200..399
 * @param warnLatency a run slower than this (but otherwise fine) is WARN
 * @param caFile PEM certificates trusted for HTTPS instead of the JDK's trust store (private CAs)
 */
public record ProbeSpec(
    String name,
    String service,
    String site,
    String vantage,
    ProbeType type,
    String target,
    Duration interval,
    Duration timeout,
    List<Integer> expectStatus,
    Duration warnLatency,
    Optional<Path> caFile) {

  public ProbeSpec {
    Objects.requireNonNull(type, "type must be set");
    Identifiers.requireCanonical("service", service);
    Identifiers.requireCanonical("site", site);
    Identifiers.requireCanonical("vantage", vantage);
    requireText(target, "target");
    name =
        name == null || name.isBlank()
            ? type.name().toLowerCase(java.util.Locale.ROOT) + ":" + target
            : name;
    if (type == ProbeType.HTTP) {
      URI uri = parseUri(target);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("target of an HTTP probe must be an http(s):// URL");
      }
    } else if (type == ProbeType.TCP) {
      hostPort(target);
    } else {
      throw new IllegalArgumentException("type must be HTTP or TCP but was " + type);
    }
    requirePositive(interval, "interval");
    requirePositive(timeout, "timeout");
    requirePositive(warnLatency, "warnLatency");
    expectStatus = List.copyOf(Objects.requireNonNullElse(expectStatus, List.of()));
    for (int code : expectStatus) {
      if (code < 100 || code > 599) {
        throw new IllegalArgumentException("expectStatus must hold 100..599 but has " + code);
      }
    }
    caFile = Objects.requireNonNullElse(caFile, Optional.empty());
  }

  /** An HTTP probe every 10 s, 5 s timeout, 2xx/3xx expected, WARN over 1 s. */
  public static ProbeSpec http(String service, String site, String vantage, String url) {
    return new ProbeSpec(
        null,
        service,
        site,
        vantage,
        ProbeType.HTTP,
        url,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        List.of(),
        Duration.ofSeconds(1),
        Optional.empty());
  }

  /** A TCP connect probe every 10 s, 5 s timeout, WARN over 1 s. */
  public static ProbeSpec tcp(String service, String site, String vantage, String hostPort) {
    return new ProbeSpec(
        null,
        service,
        site,
        vantage,
        ProbeType.TCP,
        hostPort,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        List.of(),
        Duration.ofSeconds(1),
        Optional.empty());
  }

  public ProbeSpec withTiming(Duration newInterval, Duration newTimeout, Duration newWarn) {
    return new ProbeSpec(
        name,
        service,
        site,
        vantage,
        type,
        target,
        newInterval,
        newTimeout,
        expectStatus,
        newWarn,
        caFile);
  }

  public ProbeSpec withExpectStatus(List<Integer> codes) {
    return new ProbeSpec(
        name, service, site, vantage, type, target, interval, timeout, codes, warnLatency, caFile);
  }

  public ProbeSpec withCaFile(Path pem) {
    return new ProbeSpec(
        name,
        service,
        site,
        vantage,
        type,
        target,
        interval,
        timeout,
        expectStatus,
        warnLatency,
        Optional.of(pem));
  }

  /** True when {@code code} counts as up. */
  public boolean expects(int code) {
    return expectStatus.isEmpty() ? code >= 200 && code < 400 : expectStatus.contains(code);
  }

  /** Host and port of a {@code host:port} (IPv6 as {@code [::1]:443}). */
  static java.net.InetSocketAddress hostPort(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      throw new IllegalArgumentException("target of a TCP probe must be host:port");
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("target of a TCP probe must be host:port");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("target port must be 1..65535 but was " + port);
    }
    return java.net.InetSocketAddress.createUnresolved(host, port);
  }

  private static URI parseUri(String target) {
    try {
      URI uri = new URI(target);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("target must be an http(s):// URL with a host");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("target is not a valid URL");
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must be set");
    }
  }

  private static void requirePositive(Duration value, String field) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be a positive duration");
    }
  }
}
