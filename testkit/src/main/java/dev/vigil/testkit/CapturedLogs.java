package dev.vigil.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Every log event of the JVM (all loggers, DEBUG and up) as text, while attached. */
public final class CapturedLogs implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AbstractAppender appender;
  private final LoggerContext context;
  private final Level previousVigil;

  public CapturedLogs() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender =
        new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder sb = new StringBuilder();
            sb.append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getMessage().getFormattedMessage())
                .append(' ')
                .append(event.getContextData());
            for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
              sb.append(" | ").append(t);
            }
            lines.add(sb.toString());
          }
        };
    appender.start();
    LoggerConfig vigil = config.getLoggerConfig("dev.vigil");
    previousVigil = vigil.getLevel();
    if (vigil.getName().equals("dev.vigil")) {
      vigil.setLevel(Level.DEBUG);
      vigil.addAppender(appender, Level.ALL, null);
    }
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String all() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.getRootLogger().removeAppender(appender.getName());
    LoggerConfig vigil = config.getLoggerConfig("dev.vigil");
    if (vigil.getName().equals("dev.vigil")) {
      vigil.removeAppender(appender.getName());
      vigil.setLevel(previousVigil);
    }
    context.updateLoggers();
    appender.stop();
  }
}
