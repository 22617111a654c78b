package dev.vigil.ingest.parse;

import java.time.Instant;

/**
 * A syslog envelope (RFC 5424 or RFC 3164).
 *
 * @param priority PRI value, or -1 when the line had none (files written by a local daemon)
 * @param timestamp when the message was written
 * @param yearInferred true for RFC 3164 timestamps, which carry no year
 * @param hostname sending host, or null (RFC 3164 lines without one, RFC 5424 nil)
 * @param appName program, e.g. {@code sshd}, or null
 * @param procId process id, or null
 * @param msgId RFC 5424 MSGID, or null
 * @param structuredData RFC 5424 STRUCTURED-DATA as written, or null
 * @param message the free-text MSG
 */
public record SyslogMessage(
    int priority,
    Instant timestamp,
    boolean yearInferred,
    String hostname,
    String appName,
    String procId,
    String msgId,
    String structuredData,
    String message) {}
