package dev.vigil.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layering of docs/design.md §1, enforced on the compiled main classes of every module
 * (the app module sees them all): schemas (no Kafka) ← kafka; schemas ← redaction-rules (no Kafka);
 * kafka, redaction-rules ← streams; kafka ← ingest, alerts, deploy; platform on nothing; app on top
 * (deploy only in its tests); nothing in main depends on testkit.
 */
class ModuleLayeringTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil");
  }

  @Test
  void shouldFindTheClassesOfEveryLayerItChecks() {
    // A layering rule over an empty import passes vacuously; make sure it cannot.
    for (String pkg :
        new String[] {
          "dev.vigil.schemas",
          "dev.vigil.kafka",
          "dev.vigil.platform",
          "dev.vigil.app",
          "dev.vigil.testkit",
          "dev.vigil.deploy"
        }) {
      org.assertj.core.api.Assertions.assertThat(
              main.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
          .as("classes of %s imported", pkg)
          .isTrue();
    }
  }

  @Test
  void schemasShouldDependOnNoOtherVigilModuleAndNoKafka() {
    check(usesOnly("schemas", NO_KAFKA));
  }

  @Test
  void kafkaSupportShouldUseOnlySchemas() {
    check(usesOnly("kafka", KAFKA, "schemas"));
  }

  @Test
  void redactionRulesShouldUseOnlySchemasAndNoKafka() {
    check(usesOnly("redactionrules", NO_KAFKA, "schemas"));
  }

  @Test
  void ingestShouldUseOnlySchemas() {
    check(usesOnly("ingest", KAFKA, "schemas", "kafka"));
  }

  @Test
  void streamsShouldUseOnlySchemasAndRedactionRules() {
    check(usesOnly("streams", KAFKA, "schemas", "kafka", "redactionrules"));
  }

  @Test
  void theFailoverEngineShouldNotKnowKafka() {
    // The decisions (dev.vigil.streams.failover and its config) are plain Java over the event
    // model; only the Streams adapter (failover.topology) touches Kafka.
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.vigil.streams.failover", "dev.vigil.streams.failover.config")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.apache.kafka..",
                "dev.vigil.kafka..",
                "dev.vigil.streams.failover.topology..",
                "dev.vigil.streams.runtime.."));
  }

  @Test
  void alertsShouldUseOnlySchemas() {
    check(usesOnly("alerts", KAFKA, "schemas", "kafka"));
  }

  @Test
  void deployShouldUseOnlySchemasAndKafkaSupport() {
    check(usesOnly("deploy", KAFKA, "schemas", "kafka"));
  }

  @Test
  void theCommandShouldNotNeedTheDeployManifestsAtRunTime() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.app..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.vigil.deploy.."));
  }

  @Test
  void platformShouldDependOnNoOtherVigilModule() {
    check(usesOnly("platform", KAFKA));
  }

  @Test
  void noMainCodeShouldDependOnTheTestkit() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.vigil.testkit..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.vigil.testkit.."));
  }

  private static final boolean KAFKA = true;
  private static final boolean NO_KAFKA = false;
  private static final List<String> MODULES =
      List.of(
          "schemas",
          "kafka",
          "redactionrules",
          "ingest",
          "streams",
          "deploy",
          "app",
          "platform",
          "alerts",
          "testkit");

  /**
   * No class of {@code module} depends on another Vigil module outside {@code allowed}, nor on the
   * Kafka client library unless {@code kafka}.
   */
  private static ArchRule usesOnly(String module, boolean kafka, String... allowed) {
    List<String> forbidden = new ArrayList<>();
    if (!kafka) {
      forbidden.add("org.apache.kafka..");
    }
    for (String other : MODULES) {
      if (!other.equals(module) && !List.of(allowed).contains(other)) {
        forbidden.add("dev.vigil." + other + "..");
      }
    }
    return noClasses()
        .that()
        .resideInAPackage("dev.vigil." + module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden.toArray(String[]::new));
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(false).check(main);
  }
}
