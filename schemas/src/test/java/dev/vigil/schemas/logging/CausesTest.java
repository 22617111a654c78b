package dev.vigil.schemas.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

class CausesTest {
  static final String PAYLOAD = "alice@example.org";

  @Test
  void shouldNameTheRootCauseClassAtWarnAndNeverItsMessage() {
    // Given a logger with DEBUG off and a wrapped cause whose message quotes a record
    Recording logger = new Recording(false);
    Exception e = new UncheckedIOException("wrapper", new IOException("bad line " + PAYLOAD));

    // When it is logged
    Causes.warn(logger, e).addKeyValue("file", "eve.json").log("tailer poll failed");

    // Then one WARN line names the root class, with the other keys, and no message of the chain
    assertThat(logger.events).hasSize(1);
    LoggingEvent line = logger.events.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.WARN);
    assertThat(line.getMessage()).isEqualTo("tailer poll failed");
    assertThat(keys(line)).containsExactly("file=eve.json", "cause=java.io.IOException");
    assertThat(line.getThrowable()).isNull();
  }

  @Test
  void shouldAddTheFullCauseAtDebugWithTheSameKeys() {
    // Given a logger with DEBUG on
    Recording logger = new Recording(true);
    IOException e = new IOException("disk full");

    // When an error is logged
    Causes.error(logger, e).addKeyValue("file", "spool").log("cannot save");

    // Then the ERROR line is followed by a DEBUG line carrying the exception itself
    assertThat(logger.events)
        .extracting(LoggingEvent::getLevel)
        .containsExactly(Level.ERROR, Level.DEBUG);
    LoggingEvent debug = logger.events.get(1);
    assertThat(debug.getMessage()).isEqualTo("cannot save (cause)");
    assertThat(keys(debug)).containsExactly("file=spool");
    assertThat(debug.getThrowable()).isSameAs(e);
  }

  @Test
  void shouldKeepClassesAndFramesButNoMessagesWhenTheCauseMayQuotePayload() {
    // Given a cause chain whose messages quote a record
    Recording logger = new Recording(true);
    IOException root = new IOException("bad line " + PAYLOAD);
    Exception e = new IllegalStateException("parsing " + PAYLOAD, root);

    // When it is logged without messages
    Causes.warn(logger, e).withoutMessages().log("request failed");

    // Then the DEBUG cause has the same classes and frames, and no text of the record
    Throwable debug = logger.events.get(1).getThrowable();
    assertThat(debug.getMessage()).isEqualTo("java.lang.IllegalStateException (message withheld)");
    assertThat(debug.getStackTrace()).isEqualTo(e.getStackTrace());
    assertThat(debug.getCause().getMessage()).isEqualTo("java.io.IOException (message withheld)");
    assertThat(debug.getCause().getStackTrace()).isEqualTo(root.getStackTrace());
    assertThat(debug.getCause().getCause()).isNull();
  }

  @Test
  void shouldStopAtACycleWhenLookingForTheRootCause() {
    // Given two exceptions that are each other's cause
    Exception a = new Exception("a");
    Exception b = new IllegalStateException("b", a);
    a.initCause(b);

    // Then the root search ends, and the message-free copy too
    assertThat(Causes.root(b)).isIn(a, b);
    assertThat(MessageFree.copy(b).getCause().getCause()).isNull();
  }

  private static List<String> keys(LoggingEvent event) {
    List<String> out = new ArrayList<>();
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      pairs.forEach(kv -> out.add(kv.key + "=" + kv.value));
    }
    return out;
  }

  /** An SLF4J logger that keeps its fluent-API events. */
  static final class Recording extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    final transient List<LoggingEvent> events = new ArrayList<>();
    private final boolean debug;

    Recording(boolean debug) {
      this.debug = debug;
      this.name = "test";
    }

    @Override
    public void log(LoggingEvent event) {
      events.add(event);
    }

    @Override
    public boolean isTraceEnabled() {
      return false;
    }

    @Override
    public boolean isDebugEnabled() {
      return debug;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String msg, Object[] args, Throwable t) {
      throw new UnsupportedOperationException("only the fluent API is used");
    }
  }
}
