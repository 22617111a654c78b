package dev.vigil.app.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The backup site's Suricata sensor, as far as Vigil can tell: lines appended to its EVE JSON file,
 * which the collector tails (docs/design.md §7). Addresses are documentation ranges (RFC 5737).
 */
final class SensorFile {
  private static final DateTimeFormatter EVE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx");

  private final Path file;
  private long flowId = 1_000_000_000_000L;

  SensorFile(Path file) {
    this.file = file;
  }

  /** A {@code stats} record: the sensor is alive (the IDS heartbeat gate's evidence). */
  void stats() throws IOException {
    append(
        """
        {"timestamp":"%s","event_type":"stats","stats":{"uptime":3600,\
        "capture":{"kernel_packets":181234,"kernel_drops":0},"decoder":{"pkts":181234}}}"""
            .formatted(now()));
  }

  /**
   * An {@code alert} record of severity 1 (Vigil maps it to HIGH): an exploit attempt against the
   * backup site's web tier.
   */
  void alert() throws IOException {
    append(
        """
        {"timestamp":"%s","flow_id":%d,"in_iface":"eth0","event_type":"alert",\
        "src_ip":"203.0.113.45","src_port":51234,"dest_ip":"198.51.100.20","dest_port":443,\
        "proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2034647,"rev":3,\
        "signature":"ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)",\
        "category":"Attempted Administrator Privilege Gain","severity":1}}"""
            .formatted(now(), ++flowId));
  }

  private static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).format(EVE_TIME);
  }

  private void append(String line) throws IOException {
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}
