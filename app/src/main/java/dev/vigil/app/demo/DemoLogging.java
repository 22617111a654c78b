package dev.vigil.app.demo;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Keeps the demo's terminal readable: every log line goes to a file in the data dir; the console
 * (stderr) keeps Vigil's warnings and errors and other libraries' errors. Works on the
 * configuration of {@code log4j2.properties} (appender {@code STDERR}, loggers root and {@code
 * dev.vigil}); with any other configuration it leaves logging alone.
 */
public final class DemoLogging {
  static final String CONSOLE = "STDERR";

  private DemoLogging() {}

  /** Redirects as described; returns false when the configuration is not the expected one. */
  public static boolean toFile(Path file) {
    if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
      return false;
    }
    Configuration config = ctx.getConfiguration();
    Appender console = config.getAppender(CONSOLE);
    LoggerConfig root = config.getRootLogger();
    LoggerConfig vigil = config.getLoggers().get("dev.vigil");
    if (console == null || vigil == null || vigil == root) {
      return false;
    }
    PatternLayout layout =
        PatternLayout.newBuilder()
            .withConfiguration(config)
            .withPattern("%d{ISO8601} %-5p [%t] %c{1} %m %X%n")
            .build();
    FileAppender log =
        FileAppender.newBuilder()
            .setName("DEMO_FILE")
            .withFileName(file.toString())
            .setLayout(layout)
            .setConfiguration(config)
            .build();
    log.start();
    config.addAppender(log);
    root.removeAppender(CONSOLE);
    root.addAppender(console, Level.ERROR, null);
    root.addAppender(log, null, null);
    vigil.setAdditive(false);
    vigil.addAppender(console, Level.WARN, null);
    vigil.addAppender(log, null, null);
    ctx.updateLoggers();
    return true;
  }
}
