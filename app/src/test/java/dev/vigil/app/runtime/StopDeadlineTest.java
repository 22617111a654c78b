package dev.vigil.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.CapturedLogs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopDeadlineTest {

  @Test
  void shouldHaltNamingThePartStillStoppingAndDumpingTheThreadsWhenTheStopRunsPastItsDeadline()
      throws Exception {
    // Given a close stack whose newest part hangs in close
    CountDownLatch release = new CountDownLatch(1);
    CloseStack stack = new CloseStack();
    stack.push(() -> {});
    stack.push(new Hanging("stuck-part", release));
    CompletableFuture<Integer> halted = new CompletableFuture<>();
    try (CapturedLogs logs = new CapturedLogs()) {
      Thread stopping = new Thread(stack::closeAll, "test-stopping-thread");

      // When the stop begins with a 300 ms deadline
      try (StopDeadline deadline =
          StopDeadline.arm(Duration.ofMillis(300), stack, halted::complete)) {
        stopping.start();

        // Then the process is halted with the deadline's exit code
        assertThat(halted.get(10, TimeUnit.SECONDS)).isEqualTo(StopDeadline.EXIT_CODE);
      } finally {
        release.countDown();
        stopping.join(10_000);
      }
      // and the log names the part first, then shows where the stopping thread waits, then the rest
      List<String> deadline =
          logs.lines().stream().filter(l -> l.contains("StopDeadline")).distinct().toList();
      assertThat(deadline).hasSize(3);
      assertThat(deadline.get(0))
          .contains("stop ran past its deadline")
          .contains("stopping=stuck-part")
          .contains("halt=true")
          .doesNotContain("\n");
      assertThat(deadline.get(1))
          .contains("the stopping thread at the deadline")
          .contains("\"test-stopping-thread\" WAITING")
          .contains("java.util.concurrent.CountDownLatch.await(")
          .contains("StopDeadlineTest$Hanging.close(")
          .contains("CloseStack.closeAll(");
      assertThat(deadline.get(2))
          .contains("the other threads")
          .contains("\"vigil-stop-deadline\" RUNNABLE")
          .doesNotContain("\"test-stopping-thread\"");
    }
    assertThat(stack.closing()).isEqualTo("nothing");
  }

  @Test
  void shouldOnlyReportAndLetTheStopGoOnWhenEmbeddedInAJvmTheCommandDoesNotOwn() throws Exception {
    // Given a stop in this test JVM (no `vigil` main: the JVM is not the command's)
    CountDownLatch release = new CountDownLatch(1);
    CloseStack stack = new CloseStack();
    stack.push(new Hanging("stuck-part", release));
    try (CapturedLogs logs = new CapturedLogs()) {
      Thread stopping = new Thread(stack::closeAll, "test-stopping-thread");
      try (StopDeadline deadline = StopDeadline.armForThisJvm(Duration.ofMillis(200), stack)) {
        stopping.start();
        // When the deadline passes
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> logs.all().contains("stop ran past its deadline"));
        // Then it is reported, without a halt (this JVM is still here), and the stop goes on
        assertThat(logs.all()).contains("halt=false").contains("stopping=stuck-part");
        assertThat(stopping.isAlive()).isTrue();
      } finally {
        release.countDown();
        stopping.join(10_000);
      }
      assertThat(stopping.isAlive()).isFalse();
    }
  }

  @Test
  void shouldNeitherHaltNorLogWhenTheStopEndsInTime() throws Exception {
    CompletableFuture<Integer> halted = new CompletableFuture<>();
    CloseStack stack = new CloseStack();
    stack.push(() -> {});
    try (CapturedLogs logs = new CapturedLogs()) {
      try (StopDeadline deadline =
          StopDeadline.arm(Duration.ofMillis(300), stack, halted::complete)) {
        stack.closeAll();
      }
      Thread.sleep(600); // past the deadline: a closed watchdog stays silent
      assertThat(halted).isNotDone();
      assertThat(logs.all()).doesNotContain("stop ran past its deadline");
    }
  }

  @Test
  void shouldReportAPartThatStopsSlowlyWithItsNameAndDuration() throws Exception {
    CloseStack stack = new CloseStack(Duration.ofMillis(100));
    CountDownLatch never = new CountDownLatch(1);
    stack.push(
        new Component() {
          @Override
          public String name() {
            return "slow-part";
          }

          @Override
          public void close() {
            try {
              never.await(150, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    try (CapturedLogs logs = new CapturedLogs()) {
      stack.closeAll();
      assertThat(logs.lines())
          .anySatisfy(line -> assertThat(line).contains("slow stop").contains("part=slow-part"));
    }
  }

  private record Hanging(String name, CountDownLatch release) implements Component {
    @Override
    public void close() {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
