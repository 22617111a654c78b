package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class BackendSelectionTest {

  @AfterEach
  void clearProperty() {
    System.clearProperty(VigilPlatformExtension.BACKEND_PROPERTY);
  }

  @Test
  void shouldSkipNotFailTestcontainersBackendWithoutDocker() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        TestcontainersBackend.dockerAvailable(), "Docker is available here");
    // Given the opt-in backend on a machine without a Docker engine
    System.setProperty(VigilPlatformExtension.BACKEND_PROPERTY, "testcontainers");
    // When / Then the class-level callback aborts (skips) the tests
    assertThatThrownBy(() -> new VigilPlatformExtension().beforeAll(null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("no Docker engine");
  }

  @Test
  void shouldNameTheBadBackend() {
    assertThatThrownBy(() -> Backends.start("kubernetes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vigil.testkit.backend")
        .hasMessageContaining("'kubernetes'");
  }
}
