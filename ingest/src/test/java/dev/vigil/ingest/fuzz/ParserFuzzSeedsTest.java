package dev.vigil.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.vigil.testkit.SharedData;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed corpus of the parser fuzz targets: real sensor output from {@code shared/data} (its
 * MANIFEST gives source and licence), run through each target as {@code .ci/fuzz} seeds it.
 */
class ParserFuzzSeedsTest {

  static Stream<Arguments> seeds() {
    return Stream.of(
        seed("suricata-eve/tenzir/eve-excerpt.ndjson", ParserFuzzTargets::suricataEve),
        seed("suricata-eve/telegraf-v2/alert.json", ParserFuzzTargets::multiLineFramer),
        seed("apache-metron-samples/bro/raw/BroExampleOutput", ParserFuzzTargets::zeek),
        seed("plaso-fastlog/suricata_alert_fast.log", ParserFuzzTargets::fastLog),
        seed("plaso-fastlog/snort3_alert_fast.log", ParserFuzzTargets::fastLog),
        seed("apache-metron-samples/syslog5424/raw/Syslog5424Output", ParserFuzzTargets::syslog),
        seed("elastic-beats-filebeat-tests/system-auth/test.log", ParserFuzzTargets::syslog),
        seed("apache-metron-samples/SampleInput/FireeyeExampleOutput", ParserFuzzTargets::cef),
        seed("wazuh-indexer/wazuh-event.sample.json", ParserFuzzTargets::wazuh),
        seed(
            "wazuh-indexer/sl_integration_test.excerpt-first-6-lines.ndjson",
            ParserFuzzTargets::wazuh));
  }

  private static Arguments seed(String file, Consumer<byte[]> target) {
    return Arguments.of(file, target);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("seeds")
  void shouldParseEverySeedWithoutAnEscapingException(String file, Consumer<byte[]> target) {
    byte[] data = SharedData.read(file).getBytes(StandardCharsets.UTF_8);
    assertThatCode(() -> target.accept(data)).doesNotThrowAnyException();
  }
}
