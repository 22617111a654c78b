package dev.vigil.redactionrules.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.redactionrules.Events;
import dev.vigil.redactionrules.RedactionEngine;
import dev.vigil.redactionrules.RedactionOutcome;
import dev.vigil.redactionrules.TestKeys;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.event.SampleEvents;
import dev.vigil.schemas.json.EventTypes;
import dev.vigil.testkit.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Single-thread throughput of the engine with the default rules over a mixed event set (Suricata
 * EVE signals with flattened attributes and payloads, Zeek/ASA/syslog lines as signal messages,
 * health results and posture findings from the shared corpora), next to a pass-through baseline
 * (deep copy + Avro binary encoding) in the same process. Run (see the module README):
 *
 * <pre>
 * java -cp "$(cat /tmp/vigil-rr.cp):redaction-rules/target/classes:redaction-rules/target/test-classes" \
 *   dev.vigil.redactionrules.bench.EngineBench [seconds per phase] [corpus|mix|pii]
 * </pre>
 */
public final class EngineBench {
  private EngineBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String set = args.length > 1 ? args[1] : "corpus";
    List<SpecificRecord> events =
        switch (set) {
          case "corpus" -> events();
          case "mix" -> mix();
          case "pii" -> pii();
          default -> throw new IllegalArgumentException("event set: corpus | mix | pii");
        };
    RedactionEngine engine = RedactionEngine.create(TestKeys.defaultRules());
    Map<String, Integer> kinds = new HashMap<>();
    for (SpecificRecord e : events) {
      kinds.merge(e.getSchema().getName(), 1, Integer::sum);
      if (!(engine.redact(e) instanceof RedactionOutcome.Redacted)) {
        throw new IllegalStateException("bench event failed redaction");
      }
    }
    System.out.printf(
        "events (%s): %d distinct %s, %d ms per phase%n",
        set, events.size(), kinds, seconds * 1000);
    PassThrough baseline = new PassThrough();
    // two warm-up rounds, then five measured rounds alternating baseline and engine (a load change
    // on a shared machine hits both alike); medians are reported, as `vigil bench redaction` does
    double[] bases = new double[5];
    double[] engines = new double[5];
    for (int round = 0; round < 7; round++) {
      double base = rate(events, seconds, baseline::apply);
      double red = rate(events, seconds, e -> engine.redact(e));
      System.out.printf(
          "%s %d: pass-through (deep copy + Avro encode) %,.0f events/s | redaction engine %,.0f events/s | ratio %.2f%n",
          round < 2 ? "warm-up" : "round", round, base, red, red / base);
      if (round >= 2) {
        bases[round - 2] = base;
        engines[round - 2] = red;
      }
    }
    double[] ratios = new double[5];
    for (int i = 0; i < 5; i++) {
      ratios[i] = engines[i] / bases[i];
    }
    Arrays.sort(bases);
    Arrays.sort(engines);
    Arrays.sort(ratios);
    System.out.printf(
        "median of 5: pass-through %,.0f events/s | redaction engine %,.0f events/s | ratio %.2f%n",
        bases[2], engines[2], ratios[2]);
  }

  /** The event mix of {@code vigil bench redaction} (20,000 events). */
  static List<SpecificRecord> mix() {
    List<SpecificRecord> out = new ArrayList<>(20_000);
    for (int i = 0; i < 20_000; i++) {
      out.add(SampleEvents.mix(i));
    }
    return out;
  }

  /**
   * The corpus log lines with one value planted in each (cards of every brand, phones in national
   * and international form, IBANs in both cases and printed forms, and digit look-alikes): the
   * worst case for the validating detectors, since every line then has a candidate.
   */
  static List<SpecificRecord> pii() throws Exception {
    List<String> planted =
        List.of(
            "4242 4242 4242 4242",
            "5555-5555-5555-4444",
            "378282246310005",
            "6759649826438453",
            "180000000000002",
            "+49 30 901820",
            "+44 7700 900123",
            "(201) 555-0123",
            "2015550123",
            "0044 20 7946 0958",
            "de89 3704 0044 0532 0130 00",
            "GB29NWBK60161331926819",
            "build 1.2.3.4 at 2026-03-02 08:15:04 port 8443 count 123456789",
            "4242424242424241",
            "id 1234567890123456");
    List<SpecificRecord> out = new ArrayList<>();
    int i = 0;
    for (String l : logLines()) {
      String v = planted.get(i % planted.size());
      out.add(
          Events.security(
              "u" + (i % 50), "198.51.100." + (i % 250), l + " " + v, Map.of("src", "syslog")));
      i++;
    }
    return out;
  }

  interface Step {
    Object apply(SpecificRecord e) throws Exception;
  }

  private static double rate(List<SpecificRecord> events, int seconds, Step step) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long n = 0;
    long start = System.nanoTime();
    Object sink = null;
    while (System.nanoTime() < end) {
      for (SpecificRecord e : events) {
        sink = step.apply(e);
      }
      n += events.size();
    }
    if (sink == null) {
      throw new IllegalStateException();
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /** What a topology does without redaction: copy the record and encode it. */
  static final class PassThrough {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
    private final Map<Class<?>, SpecificDatumWriter<SpecificRecord>> writers = new HashMap<>();
    private BinaryEncoder encoder;

    Object apply(SpecificRecord e) throws Exception {
      SpecificData model = SpecificData.getForClass(e.getClass());
      SpecificRecord copy = model.deepCopy(e.getSchema(), e);
      out.reset();
      encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
      writers
          .computeIfAbsent(e.getClass(), c -> new SpecificDatumWriter<>(e.getSchema(), model))
          .write(copy, encoder);
      encoder.flush();
      return out.size();
    }
  }

  static List<SpecificRecord> events() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<SpecificRecord> out = new ArrayList<>();
    // Suricata EVE → SecuritySignal with flattened attributes
    List<JsonNode> eve = new ArrayList<>();
    for (String line :
        Files.readAllLines(SharedData.file("suricata-eve/tenzir/eve-excerpt.ndjson"))) {
      eve.add(json.readTree(line));
    }
    for (String f : List.of("alert", "drop", "http", "dns")) {
      eve.add(json.readTree(SharedData.file("suricata-eve/telegraf-v2/" + f + ".json").toFile()));
    }
    // free-text log lines as signal messages
    List<String> lines = logLines();
    int i = 0;
    for (int copy = 0; copy < 20; copy++) {
      for (JsonNode e : eve) {
        Map<String, String> attrs = new HashMap<>();
        flatten("", e, attrs);
        attrs.put("copy", Integer.toString(copy));
        out.add(
            Events.security(
                "user" + copy,
                e.path("src_ip").asText("192.0.2." + copy),
                e.path("payload_printable").asText(lines.get(i++ % lines.size())),
                attrs));
      }
    }
    for (String l : lines) {
      out.add(
          Events.security("u" + (i++ % 50), "198.51.100." + (i % 250), l, Map.of("src", "syslog")));
    }
    for (int k = 0; k < 100; k++) {
      out.add(
          Events.health(
              "https://svc-" + k + ".example.com:8443/healthz",
              k % 3 == 0 ? "connect to 10.0." + k + ".5:8443 timed out" : null));
      out.add(
          Events.posture(
              "sshd_config: PermitRootLogin yes (changed by admin" + k + "@example.com)",
              Map.of("file", "/etc/ssh/sshd_config", "line", Integer.toString(k))));
    }
    for (SpecificRecord r : out) {
      if (EventTypes.kindOf(r.getClass()).isEmpty()) {
        throw new IllegalStateException("not an event: " + r.getClass());
      }
    }
    if (!(out.get(0) instanceof SecuritySignal)) {
      throw new IllegalStateException();
    }
    return out;
  }

  private static List<String> logLines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String f :
        List.of(
            "apache-metron-samples/asa/raw/asa_raw",
            "zeek-baselines/scripts.base.protocols.smtp.basic/smtp.log",
            "elastic-beats-filebeat-tests/system-auth/secure-rhel7.excerpt-first-40-lines.log",
            "elastic-beats-filebeat-tests/nginx-access/test.log")) {
      for (String l : Files.readAllLines(SharedData.file(f))) {
        if (!l.isBlank() && !l.startsWith("#")) {
          lines.add(l);
        }
      }
    }
    return lines;
  }

  private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (n.isArray()) {
      out.put(prefix, n.toString());
    } else if (!n.isNull()) {
      out.put(prefix, n.asText());
    }
  }
}
