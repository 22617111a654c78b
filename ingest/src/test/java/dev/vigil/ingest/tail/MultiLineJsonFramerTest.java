package dev.vigil.ingest.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiLineJsonFramerTest {

  private static List<Frame> feed(MultiLineJsonFramer framer, String text) {
    List<Frame> out = new ArrayList<>();
    long pos = 0;
    for (String line : text.split("\n", -1)) {
      long end = pos + line.getBytes(StandardCharsets.UTF_8).length + 1;
      out.addAll(framer.accept(line, pos, end));
      pos = end;
    }
    return out;
  }

  @Test
  void shouldIgnoreBracesAndEscapedQuotesInsideStrings() {
    MultiLineJsonFramer framer = new MultiLineJsonFramer();
    List<Frame> frames =
        feed(framer, "{\n  \"a\": \"}{ \\\" }\",\n  \"b\": [1, {\"c\": \"\\\\\"}]\n}\n{\"d\":1}");
    assertThat(frames)
        .extracting(Frame::text)
        .containsExactly(
            "{\n  \"a\": \"}{ \\\" }\",\n  \"b\": [1, {\"c\": \"\\\\\"}]\n}", "{\"d\":1}");
    assertThat(frames.get(1).offset()).isEqualTo(frames.get(0).endOffset());
    assertThat(framer.idle()).isTrue();
  }

  @Test
  void shouldEmitGarbageBetweenRecordsAsItsOwnRecord() {
    List<Frame> frames = feed(new MultiLineJsonFramer(), "{\"a\":1}\nnot json at all\n{\"b\":2}");
    assertThat(frames)
        .extracting(Frame::text)
        .containsExactly("{\"a\":1}", "not json at all", "{\"b\":2}");
  }

  @Test
  void shouldSplitTwoObjectsOnOneLineAndKeepTheirByteOffsets() {
    List<Frame> frames = feed(new MultiLineJsonFramer(), "{\"é\":1} {\"b\":2}");
    assertThat(frames).extracting(Frame::text).containsExactly("{\"é\":1}", "{\"b\":2}");
    assertThat(frames.get(1).offset()).isEqualTo(9); // "é" is two bytes: 8 bytes and a space
  }

  @Test
  void shouldReportAnOversizedRecordOnceWithoutItsContentAndResync() {
    MultiLineJsonFramer framer = new MultiLineJsonFramer(64);
    String big = "{\n\"k\": \"" + "x".repeat(200) + "\",\n\"secret\": \"hunter2\"\n}";
    List<Frame> frames = feed(framer, big + "\n{\"after\":1}");
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).oversized()).isTrue();
    assertThat(frames.get(0).text()).isEmpty();
    assertThat(frames.get(1).text()).isEqualTo("{\"after\":1}");
  }

  @Test
  void shouldHoldAPartialRecordAndFlushItWhenTheFileEnds() {
    MultiLineJsonFramer framer = new MultiLineJsonFramer();
    assertThat(feed(framer, "{\n\"a\": 1,")).isEmpty();
    assertThat(framer.idle()).isFalse();
    List<Frame> flushed = framer.flush(99);
    assertThat(flushed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.text()).isEqualTo("{\n\"a\": 1,");
              assertThat(f.endOffset()).isEqualTo(99);
            });
    assertThat(framer.idle()).isTrue();
  }
}
