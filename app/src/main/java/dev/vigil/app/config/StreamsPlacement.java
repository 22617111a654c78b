package dev.vigil.app.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams properties that place one Vigil instance's apps in a multi-instance, multi-site
 * deployment (docs/deployment.md), from the {@code streams}, {@code topics} and {@code instance}
 * keys: thread replacement, standby replicas, commit interval, replication of the internal topics,
 * client ids and rack awareness. Every Streams component starts from these.
 */
public final class StreamsPlacement {
  /** The client tag standby replicas are spread over ({@code rack.aware.assignment.tags}). */
  public static final String SITE_TAG = "site";

  private StreamsPlacement() {}

  /** The overrides every Streams app of this instance starts from. */
  public static Map<String, Object> overrides(VigilConfig config) {
    Map<String, Object> p = new HashMap<>(config.streams().threadPolicy().asOverrides());
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.streams().standbyReplicas());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.streams().commitInterval().toMillis());
    config
        .topics()
        .replicationFactor()
        .ifPresent(rf -> p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, rf));
    config
        .topics()
        .minInsyncReplicas()
        .ifPresent(isr -> p.put(StreamsConfig.topicPrefix("min.insync.replicas"), isr));
    InstanceSection instance = config.instance();
    // StreamsRunner appends the application id: two KafkaStreams of one JVM must not share one.
    instance.id().ifPresent(id -> p.put(StreamsConfig.CLIENT_ID_CONFIG, id));
    instance
        .site()
        .ifPresent(
            site -> {
              p.put("client.rack", site);
              p.put(StreamsConfig.clientTagPrefix(SITE_TAG), site);
              p.put(StreamsConfig.RACK_AWARE_ASSIGNMENT_TAGS_CONFIG, SITE_TAG);
            });
    return p;
  }
}
