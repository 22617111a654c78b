package dev.vigil.ingest.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the syslog envelope: RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}) and
 * RFC 3164 / BSD ({@code [<PRI>]Mmm dd HH:mm:ss [HOST] TAG[PID]: MSG}, with or without hostname,
 * with or without PRI as in files), plus RFC 3339 timestamps in place of the BSD one (rsyslog's
 * high-precision file format). A trailing CR (CRLF line endings) is dropped.
 */
public final class SyslogEnvelope {

  private static final Pattern PRI = Pattern.compile("^<(\\d{1,3})>");
  private static final Pattern BSD_TS =
      Pattern.compile(
          "^(?<mon>[A-Z][a-z]{2}) +(?<day>\\d{1,2}) (?<h>\\d{2}):(?<m>\\d{2}):(?<s>\\d{2})(?:\\.(?<f>\\d{1,9}))? ");
  private static final Pattern ISO_TS = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\S+) ");
  private static final Pattern TAG =
      Pattern.compile("^(?<app>[^\\s\\[\\]:]{1,48})(?:\\[(?<pid>[^\\]]{1,16})])?:(?: |$)");
  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  private SyslogEnvelope() {}

  /** The parsed envelope, or empty if the line is not syslog. */
  public static Optional<SyslogMessage> parse(String raw, Instant now, ZoneId zone) {
    String line = stripLineEnd(raw);
    int priority = -1;
    Matcher pri = PRI.matcher(line);
    if (pri.find()) {
      priority = Integer.parseInt(pri.group(1));
      if (priority > 191) {
        return Optional.empty();
      }
      line = line.substring(pri.end());
    }
    if (line.startsWith("1 ")) {
      return rfc5424(priority, line.substring(2));
    }
    return rfc3164(priority, line, now, zone);
  }

  static String stripLineEnd(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static Optional<SyslogMessage> rfc5424(int priority, String rest) {
    String[] head = rest.split(" ", 6);
    if (head.length < 6) {
      return Optional.empty();
    }
    Optional<Instant> ts =
        head[0].equals("-") ? Optional.empty() : Timestamps.isoWithOffset(head[0]);
    if (ts.isEmpty()) {
      return Optional.empty();
    }
    String remainder = head[5];
    String sd;
    String msg;
    if (remainder.startsWith("-")) {
      sd = null;
      msg = remainder.length() > 1 ? remainder.substring(remainder.charAt(1) == ' ' ? 2 : 1) : "";
    } else if (remainder.startsWith("[")) {
      int end = structuredDataEnd(remainder);
      if (end < 0) {
        return Optional.empty();
      }
      sd = remainder.substring(0, end);
      msg = end < remainder.length() ? remainder.substring(end).stripLeading() : "";
    } else {
      return Optional.empty();
    }
    if (msg.startsWith("\uFEFF")) {
      msg = msg.substring(1);
    }
    return Optional.of(
        new SyslogMessage(
            priority,
            ts.get(),
            false,
            nil(head[1]),
            nil(head[2]),
            nil(head[3]),
            nil(head[4]),
            sd,
            msg));
  }

  /** Index just past the last SD-ELEMENT, honouring quoted values with \" \\ \] escapes. */
  private static int structuredDataEnd(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '[') {
      boolean quoted = false;
      i++;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (quoted && c == '\\') {
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = !quoted;
        } else if (c == ']' && !quoted) {
          break;
        }
        i++;
      }
      if (i >= s.length()) {
        return -1;
      }
      i++;
    }
    return i;
  }

  private static Optional<SyslogMessage> rfc3164(
      int priority, String line, Instant now, ZoneId zone) {
    Instant ts;
    boolean inferred;
    String rest;
    Matcher bsd = BSD_TS.matcher(line);
    Matcher iso = ISO_TS.matcher(line);
    if (bsd.find()) {
      Optional<Instant> parsed = bsdTime(bsd, now, zone);
      if (parsed.isEmpty()) {
        return Optional.empty();
      }
      ts = parsed.get();
      inferred = true;
      rest = line.substring(bsd.end());
    } else if (iso.find()) {
      Optional<Instant> parsed = Timestamps.isoWithOffset(iso.group(1));
      if (parsed.isEmpty()) {
        return Optional.empty();
      }
      ts = parsed.get();
      inferred = false;
      rest = line.substring(iso.end());
    } else {
      return Optional.empty();
    }
    String host = null;
    Matcher tag = TAG.matcher(rest);
    if (!tag.find()) {
      int space = rest.indexOf(' ');
      if (space > 0) {
        host = rest.substring(0, space);
        rest = rest.substring(space + 1);
        tag = TAG.matcher(rest);
      }
      if (space <= 0 || !tag.find()) {
        // no TAG: the whole remainder is the message (allowed by RFC 3164)
        return Optional.of(
            new SyslogMessage(priority, ts, inferred, host, null, null, null, null, rest));
      }
    }
    return Optional.of(
        new SyslogMessage(
            priority,
            ts,
            inferred,
            host,
            tag.group("app"),
            tag.group("pid"),
            null,
            null,
            rest.substring(tag.end())));
  }

  /** A BSD timestamp ({@code Mmm dd hh:mm:ss}), the year inferred; empty when it is no date. */
  private static Optional<Instant> bsdTime(Matcher bsd, Instant now, ZoneId zone) {
    int month = month(bsd.group("mon"));
    if (month < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Timestamps.inferYear(
              MonthDay.of(month, Integer.parseInt(bsd.group("day"))),
              Integer.parseInt(bsd.group("h")),
              Integer.parseInt(bsd.group("m")),
              Integer.parseInt(bsd.group("s")),
              Timestamps.fractionToNanos(bsd.group("f")),
              now,
              zone));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static int month(String mon) {
    String m = mon.toLowerCase(Locale.ROOT);
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equals(m)) {
        return i + 1;
      }
    }
    return -1;
  }

  private static String nil(String s) {
    return s.equals("-") ? null : s;
  }
}
