package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.drill.DrillReport;
import dev.vigil.app.drill.Location;
import dev.vigil.app.drill.SiteLossDrill;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code vigil drill site-loss} (the product's drill code) on a real three-broker cluster: two
 * Vigil instances in their own JVMs, one per site, one standby replica; mid-incident the primary
 * location's broker and Vigil instance are SIGKILLed. The survivor must take the task over and
 * carry the incident to COMPLETE with every trigger exactly once (read_committed, by trigger_id),
 * no acknowledged event may be lost, and the audit chain must verify.
 *
 * <p>CI loses primary with one standby. {@code -Dvigil.siteloss.lose=backup|witness} and {@code
 * -Dvigil.siteloss.standbys=0} run the other variants.
 */
class SiteLossIT {
  @TempDir Path tmp;

  @Test
  void shouldCarryTheIncidentOnAtTheSurvivingSiteWhenALocationIsLostHard() throws Exception {
    // Given a drill that loses a location (primary unless asked otherwise)
    Location lose =
        Location.valueOf(
            System.getProperty("vigil.siteloss.lose", "primary").toUpperCase(Locale.ROOT));
    int standbys = Integer.getInteger("vigil.siteloss.standbys", 1);
    StringWriter console = new StringWriter();

    // When it runs
    DrillReport report =
        new SiteLossDrill(new SiteLossDrill.Settings(lose, standbys, Optional.of(tmp), 768))
            .run(new PrintWriter(console, true));
    System.out.println(console);
    System.out.println(report.toJson());

    // Then the cluster was the secured one `vigil platform --brokers 3` starts by default
    assertThat(console.toString()).contains("(SASL_SSL)");
    // And every check holds
    assertThat(report.checks())
        .as(console.toString())
        .allSatisfy(c -> assertThat(c.passed()).as(c.name() + ": " + c.detail()).isTrue());
    assertThat(report.passed()).isTrue();
    // And the incident's triggers are the plan's stages, each once, one incident
    assertThat(report.triggers())
        .extracting(DrillReport.Trigger::step)
        .containsExactlyElementsOf(List.of("PREPARE:0", "SHIFT:50", "SHIFT:100", "COMPLETE:100"));
    assertThat(report.triggers())
        .extracting(DrillReport.Trigger::triggerId)
        .doesNotHaveDuplicates();
    assertThat(report.triggers().get(0).afterLossMs()).isNegative();
    assertThat(report.triggers().get(1).afterLossMs()).isPositive();
    // And the events acknowledged before the loss are all on the redacted topic
    assertThat(report.acceptedBeforeLoss()).isGreaterThan(20);
    assertThat(report.lostBeforeLoss()).isZero();
    assertThat(report.lostTotal()).isZero();
    assertThat(report.auditChainVerified()).isTrue();
    // And when the lost site ran the task, the survivor took it over
    if (lose.hostsVigil() && lose.rack().equals(report.taskSiteBeforeLoss())) {
      assertThat(report.takeoverMs()).isNotNull().isPositive();
    }
    assertThat(report.firstDecisionAfterLossMs()).isNotNull().isPositive();
  }
}
