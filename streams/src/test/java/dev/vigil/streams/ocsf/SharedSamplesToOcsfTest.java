package dev.vigil.streams.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.parse.CefParser;
import dev.vigil.ingest.parse.FastLogParser;
import dev.vigil.ingest.parse.ParseResult;
import dev.vigil.ingest.parse.RawRecord;
import dev.vigil.ingest.parse.RecordParser;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.parse.SuricataEveParser;
import dev.vigil.ingest.parse.SyslogAuthParser;
import dev.vigil.ingest.parse.WazuhAlertParser;
import dev.vigil.ingest.parse.ZeekLogParser;
import dev.vigil.ingest.tail.Frame;
import dev.vigil.ingest.tail.MultiLineJsonFramer;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The proof of issue 15 on real data: every sample in {@code shared/data} that ingest parses goes
 * ingest parse → redaction engine (default rules) → OCSF mapping, and every output validates
 * against the OCSF 1.8.0 schema and carries none of the sample's IP addresses. The outputs are
 * written to {@code target/ocsf-samples.ndjson} for review.
 */
class SharedSamplesToOcsfTest {
  private static final SourceContext CTX = SourceContext.of("primary", "payments", "sensor-1");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T08:15:04Z"), ZoneOffset.UTC);

  /** A sample file and the parser ingest reads it with. */
  record Sample(String file, boolean multiLineJson, Supplier<RecordParser> parser) {}

  static List<Sample> samples() throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (String eve :
        List.of(
            "suricata-eve/tenzir/eve-excerpt.ndjson",
            "suricata-eve/telegraf-v2/alert.json",
            "suricata-eve/telegraf-v2/drop.json",
            "suricata-eve/telegraf-v2/http.json",
            "suricata-eve/telegraf-v2/dns.json")) {
      samples.add(new Sample(eve, true, () -> new SuricataEveParser(CTX)));
    }
    samples.add(
        new Sample(
            "plaso-fastlog/snort3_alert_fast.log",
            false,
            () -> new FastLogParser(CTX, CLOCK, SignalOrigin.SNORT)));
    samples.add(
        new Sample(
            "plaso-fastlog/suricata_alert_fast.log",
            false,
            () -> new FastLogParser(CTX, CLOCK, SignalOrigin.SURICATA)));
    samples.add(
        new Sample(
            "apache-metron-samples/SampleInput/FireeyeExampleOutput",
            false,
            () -> new CefParser(CTX, CLOCK)));
    samples.add(
        new Sample("wazuh-indexer/wazuh-event.sample.json", true, () -> new WazuhAlertParser(CTX)));
    samples.add(
        new Sample(
            "wazuh-indexer/sl_integration_test.excerpt-first-6-lines.ndjson",
            true,
            () -> new WazuhAlertParser(CTX)));
    samples.add(
        new Sample(
            "apache-metron-samples/bro/raw/BroExampleOutput",
            false,
            () -> new ZeekLogParser(CTX, CLOCK, null)));
    try (Stream<Path> zeek = Files.walk(root().resolve("zeek-baselines"))) {
      zeek.filter(p -> p.toString().endsWith(".log"))
          .sorted()
          .forEach(
              p ->
                  samples.add(
                      new Sample(
                          root().relativize(p).toString(),
                          false,
                          () -> new ZeekLogParser(CTX, CLOCK, null))));
    }
    for (String syslog :
        List.of(
            "elastic-beats-filebeat-tests/system-auth/test.log",
            "elastic-beats-filebeat-tests/system-auth/secure-rhel7.excerpt-first-40-lines.log",
            "apache-metron-samples/syslog5424/raw/Syslog5424Output")) {
      samples.add(new Sample(syslog, false, () -> new SyslogAuthParser(CTX, CLOCK)));
    }
    return samples;
  }

  @Test
  void shouldExportEveryParsedSampleEventAsValidOcsfWithoutItsAddresses() throws IOException {
    List<String> out = new ArrayList<>();
    Map<String, Integer> perFile = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Sample sample : samples()) {
      RecordParser parser = RecordParser.safely(sample.parser().get());
      for (String record : records(sample)) {
        ParseResult parsed = parser.parse(RawRecord.of(record, sample.file()));
        if (!(parsed instanceof ParseResult.Parsed p)) {
          continue;
        }
        for (SpecificRecord raw : p.events()) {
          SpecificRecord redacted = OcsfFixtures.redact(raw);
          EventKind kind = raw instanceof PostureFinding ? EventKind.POSTURE : EventKind.SECURITY;
          Exported exported =
              OcsfFixtures.export("payments", redacted, OcsfFixtures.redactedProvenance(kind));
          if (!(exported instanceof Exported.Event event)) {
            failures.add(sample.file() + ": " + exported);
            continue;
          }
          List<String> errors = OcsfValidator.shared().validate(event.json());
          if (!errors.isEmpty()) {
            failures.add(sample.file() + ": " + errors);
          }
          for (String address : addresses(raw)) {
            if (event.json().contains(address)) {
              failures.add(sample.file() + ": an address of the sample is in the OCSF record");
            }
          }
          out.add(event.json());
          perFile.merge(sample.file(), 1, Integer::sum);
        }
      }
    }
    Path report = Path.of("target", "ocsf-samples.ndjson");
    Files.createDirectories(report.getParent());
    Files.write(report, out, StandardCharsets.UTF_8);
    assertThat(failures).isEmpty();
    // Then every format ingest parses contributed events
    assertThat(perFile.keySet())
        .anyMatch(f -> f.startsWith("suricata-eve/"))
        .anyMatch(f -> f.startsWith("zeek-baselines/"))
        .contains(
            "plaso-fastlog/snort3_alert_fast.log",
            "plaso-fastlog/suricata_alert_fast.log",
            "apache-metron-samples/SampleInput/FireeyeExampleOutput",
            "apache-metron-samples/bro/raw/BroExampleOutput",
            "wazuh-indexer/wazuh-event.sample.json",
            "wazuh-indexer/sl_integration_test.excerpt-first-6-lines.ndjson",
            "elastic-beats-filebeat-tests/system-auth/test.log");
    assertThat(out).hasSizeGreaterThan(100);
    System.out.printf(
        "OCSF samples: %d events from %d files, all valid: %s%n",
        out.size(), perFile.size(), perFile);
  }

  /** The raw source and destination addresses: the default rules pseudonymise them. */
  private static List<String> addresses(SpecificRecord raw) {
    if (!(raw instanceof SecuritySignal s)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String a : new String[] {s.getSignal().getSrcIp(), s.getSignal().getDstIp()}) {
      if (a != null && SignalMapping.isIp(a)) {
        out.add("\"" + a + "\"");
        out.add(" " + a + " ");
      }
    }
    return out;
  }

  private static List<String> records(Sample sample) throws IOException {
    List<String> lines =
        Files.readString(root().resolve(sample.file()), StandardCharsets.UTF_8).lines().toList();
    if (!sample.multiLineJson()) {
      return lines;
    }
    MultiLineJsonFramer framer = new MultiLineJsonFramer();
    List<String> records = new ArrayList<>();
    long pos = 0;
    for (String line : lines) {
      long end = pos + line.getBytes(StandardCharsets.UTF_8).length + 1;
      framer.accept(line.replace("\r", ""), pos, end).stream()
          .map(Frame::text)
          .forEach(records::add);
      pos = end;
    }
    return records;
  }

  private static Path root() {
    return OcsfValidator.schemaRoot().getParent();
  }
}
