package dev.vigil.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
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
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.schemas..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.apache.kafka..",
                "dev.vigil.kafka..",
                "dev.vigil.redactionrules..",
                "dev.vigil.ingest..",
                "dev.vigil.streams..",
                "dev.vigil.deploy..",
                "dev.vigil.app..",
                "dev.vigil.platform..",
                "dev.vigil.alerts..",
                "dev.vigil.testkit.."));
  }

  @Test
  void kafkaSupportShouldUseOnlySchemas() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.kafka..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.vigil.redactionrules..",
                "dev.vigil.ingest..",
                "dev.vigil.streams..",
                "dev.vigil.deploy..",
                "dev.vigil.app..",
                "dev.vigil.platform..",
                "dev.vigil.alerts..",
                "dev.vigil.testkit.."));
  }

  @Test
  void redactionRulesShouldUseOnlySchemasAndNoKafka() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.redactionrules..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.apache.kafka..",
                "dev.vigil.kafka..",
                "dev.vigil.ingest..",
                "dev.vigil.streams..",
                "dev.vigil.deploy..",
                "dev.vigil.app..",
                "dev.vigil.platform..",
                "dev.vigil.alerts..",
                "dev.vigil.testkit.."));
  }

  @Test
  void ingestShouldUseOnlySchemas() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.ingest..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.vigil.redactionrules..",
                "dev.vigil.streams..",
                "dev.vigil.deploy..",
                "dev.vigil.app..",
                "dev.vigil.platform..",
                "dev.vigil.alerts..",
                "dev.vigil.testkit.."));
  }

  @Test
  void streamsShouldUseOnlySchemasAndRedactionRules() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.streams..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.vigil.ingest..",
                "dev.vigil.deploy..",
                "dev.vigil.app..",
                "dev.vigil.platform..",
                "dev.vigil.alerts..",
                "dev.vigil.testkit.."));
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
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.alerts..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.vigil.redactionrules..",
                "dev.vigil.ingest..",
                "dev.vigil.streams..",
                "dev.vigil.deploy..",
                "dev.vigil.app..",
                "dev.vigil.platform..",
                "dev.vigil.testkit.."));
  }

  @Test
  void deployShouldUseOnlySchemasAndKafkaSupport() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.deploy..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.vigil.redactionrules..",
                "dev.vigil.ingest..",
                "dev.vigil.streams..",
                "dev.vigil.app..",
                "dev.vigil.platform..",
                "dev.vigil.testkit.."));
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
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.vigil.platform..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.vigil.schemas..",
                "dev.vigil.kafka..",
                "dev.vigil.redactionrules..",
                "dev.vigil.ingest..",
                "dev.vigil.streams..",
                "dev.vigil.deploy..",
                "dev.vigil.app..",
                "dev.vigil.alerts..",
                "dev.vigil.testkit.."));
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

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(false).check(main);
  }
}
