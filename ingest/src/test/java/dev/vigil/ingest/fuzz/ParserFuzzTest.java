package dev.vigil.ingest.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of every collector parser (issue 18). In a normal build these run in
 * Jazzer's regression mode over the inputs in {@code ParserFuzzTestInputs/<method>/} (crashes found
 * earlier, kept); {@code .ci/fuzz <minutes>} fuzzes each for real. Seeds from {@code shared/data}
 * run through the same targets in {@link ParserFuzzSeedsTest}.
 */
class ParserFuzzTest {

  @FuzzTest
  void suricataEve(byte[] data) {
    ParserFuzzTargets.suricataEve(data);
  }

  @FuzzTest
  void suricataMultiLineFramer(byte[] data) {
    ParserFuzzTargets.multiLineFramer(data);
  }

  @FuzzTest
  void zeek(byte[] data) {
    ParserFuzzTargets.zeek(data);
  }

  @FuzzTest
  void fastLog(byte[] data) {
    ParserFuzzTargets.fastLog(data);
  }

  @FuzzTest
  void syslog(byte[] data) {
    ParserFuzzTargets.syslog(data);
  }

  @FuzzTest
  void cef(byte[] data) {
    ParserFuzzTargets.cef(data);
  }

  @FuzzTest
  void wazuh(byte[] data) {
    ParserFuzzTargets.wazuh(data);
  }
}
