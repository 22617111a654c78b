package dev.vigil.streams.ocsf;

import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.SecuritySignal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Single-thread cost of the exporter's per-record mapping (a redacted Suricata-like signal with
 * endpoints, user, host, MITRE ids and attributes → Detection Finding JSON), outside Kafka, next to
 * the redaction engine on the same raw signal as a yardstick (rounds alternate, so both see the
 * same machine load): five rounds each of the given duration, median events/s. A development tool,
 * not a test. Run:
 *
 * <pre>
 * mvn -q -o -pl streams -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/vigil-st.cp
 * java -cp "$(cat /tmp/vigil-st.cp):streams/target/classes:streams/target/test-classes" \
 *   dev.vigil.streams.ocsf.OcsfMapperBench [seconds-per-round]
 * </pre>
 */
public final class OcsfMapperBench {
  private OcsfMapperBench() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    List<SecuritySignal> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      SecuritySignal s = (SecuritySignal) OcsfFixtures.redact(OcsfFixtures.plantedSignal(i));
      s.setEventId(UUID.randomUUID());
      events.add(s);
    }
    Provenance provenance = OcsfFixtures.redactedProvenance(EventKind.SECURITY);
    PostureLedger ledger = PostureLedger.inMemory();
    double[] rates = new double[5];
    double[] engineRates = new double[5];
    var engine = OcsfFixtures.engine();
    SecuritySignal raw = OcsfFixtures.plantedSignal(1);
    long bytes = 0;
    for (int round = 0; round < rates.length; round++) {
      long m = 0;
      long t0 = System.nanoTime();
      long stop = t0 + seconds * 1_000_000_000L;
      while (System.nanoTime() < stop) {
        engine.redact(raw);
        m++;
      }
      engineRates[round] = m / ((System.nanoTime() - t0) / 1e9);
      long n = 0;
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        for (SecuritySignal s : events) {
          Exported e = OcsfFixtures.MAPPER.map("payments", s, provenance, ledger);
          bytes += ((Exported.Event) e).json().length();
          n++;
        }
      }
      rates[round] = n / ((System.nanoTime() - start) / 1e9);
    }
    System.out.printf(
        "OCSF mapping, 1 thread: median %.0f events/s (rounds %s), %d bytes written;"
            + " redaction engine on the same machine: median %.0f events/s (rounds %s)%n",
        median(rates),
        Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()),
        bytes,
        median(engineRates),
        Arrays.toString(Arrays.stream(engineRates).mapToLong(Math::round).toArray()));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
