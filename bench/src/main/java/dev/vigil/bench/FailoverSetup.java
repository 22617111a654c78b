package dev.vigil.bench;

import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.streams.failover.config.FailoverConfig;
import dev.vigil.streams.failover.config.FailoverPolicy;
import dev.vigil.streams.failover.config.ServiceConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the failover bench sets up around the correlator: its configuration, the service names, the
 * producer the probes go through, and the posture findings every gate needs.
 */
final class FailoverSetup {
  private FailoverSetup() {}

  /** Posture findings for every service and site: all of them, or heartbeats only. */
  static void sendPosture(
      KafkaProducer<String, byte[]> producer,
      AvroSerializer<SpecificRecord> avro,
      String topic,
      List<String> services,
      boolean all) {
    Instant now = Instant.now();
    for (String service : services) {
      for (String site : Probes.SITES) {
        List<? extends SpecificRecord> findings =
            all
                ? Probes.goodPosture(service, site, now)
                : List.of(Probes.heartbeat(service, site, now));
        for (SpecificRecord f : findings) {
          producer.send(new ProducerRecord<>(topic, service, avro.serialize(topic, f)));
        }
      }
    }
  }

  /**
   * Every service primary -> dr, quorum 2 of 3 vantages, failureThreshold 3, one hour in PREPARE
   * (no stage changes during the bench). All five gates on, with their defaults: the bench feeds
   * the posture they need (see {@link Probes#goodPosture}), so PREPARE rests on evidence.
   */
  static FailoverConfig config(List<String> services) {
    // built directly, not through YAML: 100,000 services exceed the YAML parser's document limit
    ServiceConfig service = ServiceConfig.of(Probes.PRIMARY, Probes.DR, 2, 3, null, null);
    Map<String, ServiceConfig> byName = new HashMap<>();
    services.forEach(s -> byName.put(s, service));
    // incidents stay in PREPARE: the bench measures detection, not the stages after it
    return FailoverConfig.of(
        Probes.SITES,
        byName,
        FailoverPolicy.of("1h", null, null, null, null, null, null, null, null, null, null),
        null);
  }

  static List<String> names(String prefix, int n) {
    List<String> names = new ArrayList<>(n);
    String format = n > 10_000 ? "%s%06d" : "%s%04d";
    for (int i = 0; i < n; i++) {
      names.add(String.format(format, prefix, i));
    }
    return names;
  }

  static KafkaProducer<String, byte[]> probeProducer(Map<String, Object> client) {
    Map<String, Object> p = new HashMap<>(client);
    p.put("acks", "all");
    p.put("linger.ms", 0);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
