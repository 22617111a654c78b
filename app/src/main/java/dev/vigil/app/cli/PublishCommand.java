package dev.vigil.app.cli;

import dev.vigil.ingest.event.ClockDiscipline;
import dev.vigil.ingest.event.EventKeys;
import dev.vigil.kafka.catalog.AccessPolicy;
import dev.vigil.kafka.serde.AvroSerializer;
import dev.vigil.schemas.avro.EventKind;
import dev.vigil.schemas.catalog.Principal;
import dev.vigil.schemas.catalog.Topics;
import dev.vigil.schemas.config.Durations;
import dev.vigil.schemas.json.EventFormatException;
import dev.vigil.schemas.json.EventJson;
import dev.vigil.schemas.json.EventTypes;
import dev.vigil.schemas.registry.SchemaRegistryClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil publish}: NDJSON events → Avro → the raw topic of their kind. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Reads NDJSON events (the JSON form of schemas/README.md), checks every line, and writes the good ones to "
          + "the raw topic of --kind as Avro (acks=all, idempotent). Blank lines are skipped.",
      "Each rejected line is reported on stderr with its line number and reason; the exit code "
          + "is 1 if any line was rejected or not written, 0 otherwise.",
      "Like every ingest door, a line whose observed_at lies more than --max-clock-skew in the "
          + "future, or before 2000-01-01, is rejected."
    })
public final class PublishCommand implements Callable<Integer> {
  @Option(
      names = "--kind",
      required = true,
      paramLabel = "K",
      description = "Event kind: health, security or posture.")
  String kind;

  @Option(names = "--file", paramLabel = "F", description = "NDJSON file (default: stdin).")
  Optional<Path> file = Optional.empty();

  @Option(
      names = "--max-clock-skew",
      paramLabel = "D",
      defaultValue = "2m",
      description =
          "Reject events whose observed_at lies further than this in the future: 0s..1h, as "
              + "ingest.maxClockSkew (default: ${DEFAULT-VALUE}).")
  String maxClockSkew;

  @Mixin ClientOptions client;
  @Spec CommandSpec spec;

  /** The clock {@code observed_at} is judged against and {@code ingested_at} is stamped from. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    EventKind eventKind =
        EventTypes.fromJsonName(kind)
            .orElseThrow(
                () ->
                    new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--kind must be one of health, security, posture but was '" + kind + "'"));
    ClockDiscipline discipline = discipline();
    String topic = Topics.raw(eventKind).name();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    EventJson json = new EventJson();
    int rejected = 0;
    List<Pending> pending = new ArrayList<>();
    try (SchemaRegistryClient registry = client.registryClient();
        KafkaProducer<String, SpecificRecord> producer = producer(registry);
        BufferedReader reader = open()) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        Instant now = clock.instant();
        SpecificRecord event;
        try {
          event = check(json, line, eventKind, discipline, now);
        } catch (EventFormatException e) {
          err.printf("line %d: rejected: %s%n", lineNo, e.getMessage());
          rejected++;
          continue;
        }
        stampIngestedAt(event, now);
        pending.add(
            new Pending(
                lineNo, producer.send(new ProducerRecord<>(topic, EventKeys.of(event), event))));
      }
      producer.flush();
    }
    int written = 0;
    for (Pending p : pending) {
      try {
        p.result().get();
        written++;
      } catch (ExecutionException e) {
        err.printf(
            "line %d: not written: %s%n", p.lineNo(), e.getCause().getClass().getSimpleName());
        rejected++;
      }
    }
    out.printf("published %d event(s) to %s; %d rejected%n", written, topic, rejected);
    out.flush();
    err.flush();
    return rejected == 0 ? 0 : 1;
  }

  private record Pending(int lineNo, Future<RecordMetadata> result) {}

  /**
   * One NDJSON line → its event, checked as the HTTP ingest API checks it: the JSON form and scope
   * fields ({@link EventJson}), then the clock discipline on {@code observed_at}.
   *
   * @throws EventFormatException naming the field and the rule, never the value
   */
  static SpecificRecord check(
      EventJson json, String line, EventKind kind, ClockDiscipline discipline, Instant now)
      throws EventFormatException {
    SpecificRecord event = json.parse(line, kind);
    Optional<ClockDiscipline.Violation> late = discipline.check(event, now);
    if (late.isPresent()) {
      throw new EventFormatException(late.get().field(), late.get().problem());
    }
    return event;
  }

  private ClockDiscipline discipline() {
    try {
      Duration skew = Durations.parse("--max-clock-skew", maxClockSkew, null);
      if (!ClockDiscipline.withinLimits(skew)) {
        throw new IllegalArgumentException(
            "--max-clock-skew must be 0s..1h but was " + ClockDiscipline.format(skew));
      }
      return new ClockDiscipline(skew);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Ingest adds {@code ingested_at} (docs/design.md §4); a producer-set value is kept. */
  private static void stampIngestedAt(SpecificRecord event, Instant now) {
    Schema.Field field = event.getSchema().getField("ingested_at");
    if (field != null && event.get(field.pos()) == null) {
      event.put(field.pos(), now);
    }
  }

  private KafkaProducer<String, SpecificRecord> producer(SchemaRegistryClient registry) {
    return client.producer(
        AccessPolicy.userName(Principal.COLLECTOR),
        "vigil-publish",
        new StringSerializer(),
        new AvroSerializer<SpecificRecord>(registry, false));
  }

  private BufferedReader open() throws java.io.IOException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    return new BufferedReader(
        new InputStreamReader(
            file.isPresent() ? Files.newInputStream(file.get()) : System.in, decoder));
  }
}
