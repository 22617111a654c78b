package dev.vigil.ingest.collect;

import dev.vigil.ingest.parse.CefParser;
import dev.vigil.ingest.parse.FastLogParser;
import dev.vigil.ingest.parse.RecordParser;
import dev.vigil.ingest.parse.SourceContext;
import dev.vigil.ingest.parse.SuricataEveParser;
import dev.vigil.ingest.parse.SyslogAuthParser;
import dev.vigil.ingest.parse.WazuhAlertParser;
import dev.vigil.ingest.parse.ZeekLogParser;
import dev.vigil.ingest.tail.Framer;
import dev.vigil.ingest.tail.LineFramer;
import dev.vigil.ingest.tail.MultiLineJsonFramer;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The file formats a tailer understands, by their config name. */
public enum SensorFormat {
  SURICATA_EVE("suricata-eve", true),
  ZEEK("zeek", true),
  FASTLOG("fastlog", true),
  SYSLOG("syslog", false),
  CEF("cef", false),
  WAZUH("wazuh", true);

  private final String configName;
  private final boolean sensor;

  SensorFormat(String configName, boolean sensor) {
    this.configName = configName;
    this.sensor = sensor;
  }

  public String configName() {
    return configName;
  }

  /** True for IDS sensors, whose output also proves they are alive (IDS heartbeat). */
  public boolean isSensor() {
    return sensor;
  }

  public static SensorFormat fromConfig(String name) {
    for (SensorFormat f : values()) {
      if (f.configName.equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "format must be one of "
            + Arrays.stream(values())
                .map(SensorFormat::configName)
                .collect(Collectors.joining(", "))
            + " but was '"
            + name
            + "'");
  }

  RecordParser parser(SourceContext ctx, Clock clock, java.nio.file.Path file) {
    RecordParser p;
    switch (this) {
      case SURICATA_EVE:
        p = new SuricataEveParser(ctx);
        break;
      case ZEEK:
        p = new ZeekLogParser(ctx, clock, zeekPath(file));
        break;
      case FASTLOG:
        p = new FastLogParser(ctx, clock, SignalOrigin.SURICATA);
        break;
      case SYSLOG:
        p = new SyslogAuthParser(ctx, clock);
        break;
      case CEF:
        p = new CefParser(ctx, clock);
        break;
      case WAZUH:
        p = new WazuhAlertParser(ctx);
        break;
      default:
        throw new IllegalStateException("unknown format " + this);
    }
    return p;
  }

  /** {@code notice.log}, {@code notice.2026-11-27.log} → {@code notice}. */
  private static String zeekPath(java.nio.file.Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  Framer framer(int maxRecordBytes) {
    return this == SURICATA_EVE || this == WAZUH
        ? new MultiLineJsonFramer(maxRecordBytes)
        : new LineFramer();
  }
}
