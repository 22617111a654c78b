package dev.vigil.bench;

import dev.vigil.streams.runtime.StreamsRunner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil bench}: performance harnesses that print events/s, latency and baseline ratios. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks on a throw-away embedded platform (a temp data dir).",
    subcommands = {
      BenchCommand.Ingest.class,
      BenchCommand.Redaction.class,
      BenchCommand.Failover.class,
      BenchCommand.Security.class,
      BenchCommand.ScaleOut.class
    })
public final class BenchCommand implements Runnable {
  static final String INSECURE =
      "Plaintext broker without authentication or ACLs (default: SASL_SSL + SCRAM + ACLs, as"
          + " vigil run); vigil bench security compares both in one run.";

  @Spec CommandSpec spec;

  /** The platform of a benchmark: secured as {@code vigil run}, or plaintext when asked. */
  static dev.vigil.app.config.VigilConfig platformConfig(boolean insecure) {
    var defaults = dev.vigil.app.config.VigilConfig.defaults();
    return insecure ? defaults.withPlatform(defaults.platform().withInsecure()) : defaults;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final String JSON = "Print one JSON document with the figures instead of text.";

  /** The platform of a bench that runs on one: secured as {@code vigil run}, or plaintext. */
  static final class PlatformChoice {
    @Option(names = "--insecure", description = INSECURE)
    boolean insecure;
  }

  /** What every bench prints: text, or one JSON document with {@code --json}. */
  static final class Output {
    @Option(names = "--json", description = JSON)
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    BenchReport report(String bench) {
      return new BenchReport(bench, spec.commandLine().getOut(), json);
    }

    /** A throw-away data dir for the bench's platform. */
    static java.nio.file.Path tempDir() throws java.io.IOException {
      return java.nio.file.Files.createTempDirectory("vigil-bench-");
    }

    /** Runs a bench on a platform in a fresh {@link #tempDir()}, reporting as {@code bench}. */
    int run(String bench, OnPlatform run) throws Exception {
      java.nio.file.Path dir = tempDir();
      BenchReport report = report(bench);
      run.run(report, dir);
      report.finish();
      return 0;
    }
  }

  /** A bench that starts its platform in {@code dir}. */
  @FunctionalInterface
  interface OnPlatform {
    void run(BenchReport report, java.nio.file.Path dir) throws Exception;
  }

  @Command(
      name = "ingest",
      mixinStandardHelpOptions = true,
      description =
          "HTTP ingest (every 200 = committed to Kafka, acks=all), per spool fsync policy, vs a raw"
              + " idempotent acks=all KafkaProducer sending the same pre-encoded events:"
              + " events/s, request latency percentiles and the ratio.")
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "100000", description = "Events per phase.")
    int events;

    @Option(names = "--batch", defaultValue = "500", description = "Events per HTTP request.")
    int batch;

    @Option(names = "--clients", defaultValue = "4", description = "Concurrent HTTP clients.")
    int clients;

    @Mixin PlatformChoice platform;

    @Mixin Output output;

    @Override
    public Integer call() throws Exception {
      return output.run(
          "ingest",
          (report, dir) ->
              new IngestBench(
                      report, new IngestBench.Options(events, batch, clients, platform.insecure))
                  .run(dir));
    }
  }

  @Command(
      name = "redaction",
      mixinStandardHelpOptions = true,
      description =
          "The redaction engine per core vs copy+encode, then the redaction topology end to end vs"
              + " a pass-through topology on the same broker: backlog events/s, paced latency"
              + " percentiles, and the ratio.")
  static final class Redaction implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "200000", description = "Backlog size.")
    int events;

    @Option(names = "--rate", defaultValue = "2000", description = "Paced phase, events/s.")
    int rate;

    @Option(names = "--paced-seconds", defaultValue = "15", description = "Paced phase length.")
    int pacedSeconds;

    @Option(names = "--threads", defaultValue = "2", description = "Stream threads per app.")
    int threads;

    @Mixin PlatformChoice platform;

    @Mixin Output output;

    @Override
    public Integer call() throws Exception {
      return output.run(
          "redaction",
          (report, dir) ->
              new RedactionBench(report, events, rate, pacedSeconds, threads, platform.insecure)
                  .run(dir));
    }
  }

  @Command(
      name = "failover",
      mixinStandardHelpOptions = true,
      description =
          "Failover detection latency: threshold-crossing health event produced -> PREPARE"
              + " (or BLOCKED) trigger visible to a read_committed consumer, without and with a"
              + " paced background of passing health events; baseline: the same event through"
              + " the same broker and through an EOS pass-through topology under the same load.")
  static final class Failover implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "10000", description = "Background events/s.")
    int rate;

    @Option(
        names = "--services",
        defaultValue = "500",
        description = "Background services (x 2 sites x 3 vantages).")
    int services;

    @Option(
        names = "--incidents",
        defaultValue = "60",
        description = "Incidents under load (one fresh service each).")
    int incidents;

    @Option(
        names = "--idle-incidents",
        defaultValue = "20",
        description = "Incidents before the load starts (baseline).")
    int idleIncidents;

    @Option(
        names = "--markers",
        defaultValue = "100",
        description = "Baseline events through the broker and the pass-through topology.")
    int markers;

    @Option(
        names = "--warmup-seconds",
        defaultValue = "10",
        description = "Background load before measuring.")
    int warmupSeconds;

    @Option(
        names = "--redactor",
        description = "Produce to the raw topic and run the redactor in front (as in production).")
    boolean redactor;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads per app.")
    int threads;

    @Option(
        names = "--fetch-max-wait-ms",
        defaultValue = "10",
        description = "fetch.max.wait.ms of the measuring read_committed consumers.")
    int fetchMaxWaitMs;

    @Option(
        names = "--idle-services",
        defaultValue = "0",
        description =
            "Extra configured services that report once and then stay silent; the idle cost"
                + " (heap, stream-thread CPU per tick) is printed before the incidents.")
    int idleServices;

    @Option(
        names = "--commit-interval-ms",
        defaultValue = "" + StreamsRunner.COMMIT_INTERVAL_MS,
        description =
            "commit.interval.ms of every Streams app of the run (redactor, correlator,"
                + " pass-throughs); default: what Vigil runs with (${DEFAULT-VALUE}).")
    int commitIntervalMs;

    @Option(
        names = "--linger-ms",
        defaultValue = "" + StreamsRunner.PRODUCER_LINGER_MS,
        description =
            "linger.ms of the producers of every Streams app of the run; default: what Vigil"
                + " runs with (${DEFAULT-VALUE}).")
    int lingerMs;

    @Mixin Output output;

    @Override
    public Integer call() throws Exception {
      return output.run(
          "failover",
          (report, dir) ->
              new FailoverBench(
                      report,
                      new FailoverBench.Options(
                          rate,
                          services,
                          incidents,
                          idleIncidents,
                          markers,
                          warmupSeconds,
                          redactor,
                          threads,
                          fetchMaxWaitMs,
                          idleServices,
                          commitIntervalMs,
                          lingerMs))
                  .run(dir));
    }
  }

  @Command(
      name = "security",
      mixinStandardHelpOptions = true,
      description =
          "The cost of TLS + SCRAM + ACLs: the redaction bench (end to end) and the ingest bench"
              + " on a plaintext and on a secured platform in the same process, alternating the"
              + " order per round; ratio secured / plaintext per figure and its median.")
  static final class Security implements Callable<Integer> {
    @Option(
        names = "--redaction-events",
        defaultValue = "100000",
        description = "Backlog of the redaction phase.")
    int redactionEvents;

    @Option(
        names = "--ingest-events",
        defaultValue = "50000",
        description = "Events per phase of the ingest bench.")
    int ingestEvents;

    @Option(names = "--rounds", defaultValue = "3", description = "Plaintext + secured pairs.")
    int rounds;

    @Option(
        names = "--paced-seconds",
        defaultValue = "5",
        description = "Paced phase of the redaction bench (2,000 events/s).")
    int pacedSeconds;

    @Mixin Output output;

    @Override
    public Integer call() throws Exception {
      BenchReport report = output.report("security");
      new SecurityCostBench(
              report,
              new SecurityCostBench.Options(redactionEvents, ingestEvents, rounds, pacedSeconds))
          .run();
      report.finish();
      return 0;
    }
  }

  @Command(
      name = "scale-out",
      mixinStandardHelpOptions = true,
      description =
          "The redactor and the correlator with 1, 2, 3 instances (each its own JVM, vigil streams"
              + " --only ...) on a three-broker racked cluster: the same pre-loaded health backlog"
              + " drained under a fresh application id per instance count; events/s, the ratio to"
              + " the first count, and partitions and lag per instance from the admin API.")
  static final class ScaleOut implements Callable<Integer> {
    @Option(
        names = "--component",
        defaultValue = "both",
        description = "redactor, correlator or both (the correlator runs first).")
    String component;

    @Option(
        names = "--instances",
        split = ",",
        defaultValue = "1,2,3",
        description = "Instance counts to measure.")
    java.util.List<Integer> instances;

    @Option(names = "--events", defaultValue = "100000", description = "Backlog size N.")
    int events;

    @Option(
        names = "--partitions",
        defaultValue = "6",
        description = "Partitions of the health topics (raw and redacted).")
    int partitions;

    @Option(
        names = "--services",
        defaultValue = "300",
        description = "Services the events are spread over (x 2 sites x 3 vantages).")
    int services;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads per instance.")
    int threads;

    @Option(names = "--heap-mb", defaultValue = "512", description = "-Xmx of each instance.")
    int heapMb;

    @Mixin Output output;

    @Override
    public Integer call() throws Exception {
      java.util.List<String> components =
          switch (component) {
            case "both" -> java.util.List.of(ScaleOutBench.CORRELATOR, ScaleOutBench.REDACTOR);
            case ScaleOutBench.REDACTOR, ScaleOutBench.CORRELATOR -> java.util.List.of(component);
            default ->
                throw new picocli.CommandLine.ParameterException(
                    output.spec.commandLine(),
                    "--component must be redactor, correlator or both but was '" + component + "'");
          };
      return output.run(
          "scale-out",
          (report, dir) ->
              new ScaleOutBench(
                      report,
                      new ScaleOutBench.Options(
                          components, instances, events, partitions, services, threads, heapMb))
                  .run(dir));
    }
  }
}
