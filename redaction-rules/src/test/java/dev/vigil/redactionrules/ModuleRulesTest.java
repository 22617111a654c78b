package dev.vigil.redactionrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** docs/design.md §1: no Kafka imports in redaction-rules (also checked across modules in app). */
class ModuleRulesTest {
  @Test
  void shouldNotDependOnKafkaOrOnHigherModules() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil.redactionrules");
    Assertions.assertThat(classes).isNotEmpty();
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..", "dev.vigil.streams..", "dev.vigil.ingest..", "dev.vigil.app..")
        .check(classes);
  }
}
