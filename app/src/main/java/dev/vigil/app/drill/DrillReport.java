package dev.vigil.app.drill;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a site-loss drill found, written as JSON ({@code --report FILE}). Times are ISO-8601
 * instants; durations are milliseconds measured on this machine's monotonic clock.
 *
 * @param lost the location lost hard
 * @param standbyReplicas {@code num.standby.replicas} of the instances
 * @param sessionTimeoutMs the instances' consumer session timeout (bounds the takeover)
 * @param service the service whose incident was carried through the loss
 * @param taskSiteBeforeLoss the site whose instance ran the service's correlator task at the loss
 * @param lossAt when the broker (and instance) were killed
 * @param takeoverMs loss → the surviving instance runs the service's task; null when no task had to
 *     move (witness, or the task already ran at the survivor)
 * @param firstDecisionAfterLossMs loss → the first trigger issued after it (read_committed)
 * @param triggers every trigger of the incident, in topic order
 * @param expectedStages the stages of the configured plan, in order
 * @param acceptedBeforeLoss health events the cluster acknowledged before the loss
 * @param lostBeforeLoss of those, how many are not on the redacted topic at the end (must be 0)
 * @param acceptedTotal health events acknowledged during the whole drill
 * @param lostTotal of those, how many are missing at the end
 * @param auditChainVerified the failover audit chain verifies and holds each trigger once
 * @param checks each check, passed or not
 * @param passed all checks passed (exit 0)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DrillReport(
    String drill,
    Location lost,
    int standbyReplicas,
    int sessionTimeoutMs,
    String service,
    String taskSiteBeforeLoss,
    String startedAt,
    String lossAt,
    Long takeoverMs,
    Long firstDecisionAfterLossMs,
    List<Trigger> triggers,
    List<String> expectedStages,
    int acceptedBeforeLoss,
    int lostBeforeLoss,
    int acceptedTotal,
    int lostTotal,
    boolean auditChainVerified,
    double durationS,
    List<Check> checks,
    boolean passed) {

  /**
   * One trigger as read from {@code vigil.failover.triggers.v1}.
   *
   * @param afterLossMs when it was read, relative to the loss (negative: before it)
   */
  public record Trigger(
      String triggerId, String incidentId, String stage, int trafficPercent, long afterLossMs) {
    /** {@code SHIFT:50}: the stage and the traffic share it moves to. */
    public String step() {
      return stage + ":" + trafficPercent;
    }
  }

  /** A named check and whether it held; {@code detail} says what was seen. */
  public record Check(String name, boolean passed, String detail) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the report as JSON to {@code file} (parent directories created). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), this);
  }

  /** The report as JSON text. */
  public String toJson() throws IOException {
    return JSON.writeValueAsString(this);
  }
}
