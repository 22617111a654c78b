package dev.vigil.ingest.parse;

import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.Signal;
import dev.vigil.schemas.avro.SignalOrigin;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authentication failures in syslog (auth.log, /var/log/secure, or a syslog listener) →
 * SecuritySignal with origin SYSLOG and category {@code auth}. Rules (signature, severity):
 *
 * <ul>
 *   <li>sshd {@code Failed <method> for [invalid user] U from IP port N} → {@code
 *       sshd.failed_password} (method password) or {@code sshd.failed_auth}, LOW
 *   <li>sshd {@code Invalid user U from IP [port N]} → {@code sshd.invalid_user}, LOW
 *   <li>sudo {@code pam_unix(sudo:auth): authentication failure; … user=U} → {@code
 *       sudo.authentication_failure}, MEDIUM
 *   <li>sudo {@code U : N incorrect password attempts ; …} → {@code
 *       sudo.incorrect_password_attempts}, MEDIUM
 *   <li>sudo {@code U : user NOT in sudoers ; …} → {@code sudo.user_not_in_sudoers}, MEDIUM
 * </ul>
 *
 * sshd's own {@code pam_unix(sshd:auth): authentication failure} lines are Skipped: every one is
 * followed by a {@code Failed password} line, and counting both would double brute-force counts.
 * Single failures are LOW; correlation over a window decides when many become an incident.
 */
public final class SyslogAuthParser implements RecordParser {

  private static final Pattern SSHD_FAILED =
      Pattern.compile(
          "^Failed (?<method>\\S+) for (?<invalid>invalid user )?(?<user>.*?) from (?<ip>\\S+) port (?<port>\\d+)(?: (?<proto>ssh\\d?))?.*$");
  private static final Pattern SSHD_INVALID =
      Pattern.compile("^Invalid user (?<user>.*?) from (?<ip>\\S+)(?: port (?<port>\\d+))?\\s*$");
  private static final Pattern SUDO_PAM =
      Pattern.compile("^pam_unix\\(sudo:auth\\): authentication failure;(?<kv>.*)$");
  private static final Pattern SUDO_ATTEMPTS =
      Pattern.compile("^\\s*(?<user>\\S+) : (?<n>\\d+) incorrect password attempts? ;(?<rest>.*)$");
  private static final Pattern SUDO_NOT_IN_SUDOERS =
      Pattern.compile("^\\s*(?<user>\\S+) : user NOT in sudoers ;(?<rest>.*)$");
  private static final Pattern KV = Pattern.compile("(\\w+)=(\\S*)");
  private static final Pattern SUDO_FIELD = Pattern.compile("(TTY|USER)=([^;]*?)\\s*(?:;|$)");

  private final SourceContext ctx;
  private final Clock clock;

  public SyslogAuthParser(SourceContext ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  @Override
  public ParseResult parse(RawRecord record) {
    if (record.text().isBlank()) {
      return new ParseResult.Skipped("blank line");
    }
    Optional<SyslogMessage> parsed =
        SyslogEnvelope.parse(record.text(), clock.instant(), ctx.zone());
    if (parsed.isEmpty()) {
      return new ParseResult.Rejected("not an RFC 5424 or RFC 3164 syslog line");
    }
    SyslogMessage msg = parsed.get();
    String app = msg.appName() == null ? "" : msg.appName();
    Map<String, String> attributes = new LinkedHashMap<>();
    Signal.Builder signal = Signal.newBuilder();
    boolean matched =
        switch (app) {
          case "sshd" -> sshd(msg.message(), signal, attributes);
          case "sudo" -> sudo(msg.message(), signal, attributes);
          default -> false;
        };
    if (!matched) {
      return new ParseResult.Skipped("no auth rule for program " + Vocabulary.safe(app));
    }
    attributes.put("program", app);
    if (msg.procId() != null) {
      attributes.put("pid", msg.procId());
    }
    if (msg.priority() >= 0) {
      attributes.put("facility", String.valueOf(msg.priority() / 8));
      attributes.put("syslog_severity", String.valueOf(msg.priority() % 8));
    }
    if (msg.yearInferred()) {
      attributes.put("year_inferred", "true");
    }
    signal
        .setOrigin(SignalOrigin.SYSLOG)
        .setCategory("auth")
        .setHost(msg.hostname())
        .setMessage(msg.message())
        .setAttributes(attributes);
    return ParseResult.Parsed.of(
        Events.signal(ctx, EventIds.forRecord(ctx, record, 0), msg.timestamp(), signal.build()));
  }

  private static boolean sshd(String text, Signal.Builder signal, Map<String, String> attributes) {
    Matcher m = SSHD_FAILED.matcher(text);
    if (m.matches()) {
      String method = m.group("method");
      signal
          .setSignature(method.equals("password") ? "sshd.failed_password" : "sshd.failed_auth")
          .setSeverity(Severity.LOW)
          .setUser(m.group("user"))
          .setSrcIp(m.group("ip"));
      attributes.put("auth_method", method);
      attributes.put("invalid_user", String.valueOf(m.group("invalid") != null));
      attributes.put("src_port", m.group("port"));
      return true;
    }
    m = SSHD_INVALID.matcher(text);
    if (m.matches()) {
      signal
          .setSignature("sshd.invalid_user")
          .setSeverity(Severity.LOW)
          .setUser(m.group("user"))
          .setSrcIp(m.group("ip"));
      attributes.put("invalid_user", "true");
      if (m.group("port") != null) {
        attributes.put("src_port", m.group("port"));
      }
      return true;
    }
    return false;
  }

  private static boolean sudo(String text, Signal.Builder signal, Map<String, String> attributes) {
    Matcher m = SUDO_PAM.matcher(text);
    if (m.matches()) {
      Map<String, String> kv = new LinkedHashMap<>();
      Matcher pairs = KV.matcher(m.group("kv"));
      while (pairs.find()) {
        kv.put(pairs.group(1), pairs.group(2));
      }
      String user = nonEmpty(kv.get("user")).orElse(nonEmpty(kv.get("ruser")).orElse(null));
      signal.setSignature("sudo.authentication_failure").setSeverity(Severity.MEDIUM).setUser(user);
      nonEmpty(kv.get("ruser")).ifPresent(v -> attributes.put("ruser", v));
      nonEmpty(kv.get("uid")).ifPresent(v -> attributes.put("uid", v));
      nonEmpty(kv.get("tty")).ifPresent(v -> attributes.put("tty", v));
      nonEmpty(kv.get("rhost")).ifPresent(signal::setSrcIp);
      return true;
    }
    m = SUDO_ATTEMPTS.matcher(text);
    if (m.matches()) {
      signal.setSignature("sudo.incorrect_password_attempts").setSeverity(Severity.MEDIUM);
      signal.setUser(m.group("user"));
      attributes.put("attempts", m.group("n"));
      sudoFields(m.group("rest"), attributes);
      return true;
    }
    m = SUDO_NOT_IN_SUDOERS.matcher(text);
    if (m.matches()) {
      signal.setSignature("sudo.user_not_in_sudoers").setSeverity(Severity.MEDIUM);
      signal.setUser(m.group("user"));
      sudoFields(m.group("rest"), attributes);
      return true;
    }
    return false;
  }

  private static void sudoFields(String rest, Map<String, String> attributes) {
    Matcher f = SUDO_FIELD.matcher(rest);
    while (f.find()) {
      attributes.put(f.group(1).equals("USER") ? "target_user" : "tty", f.group(2).trim());
    }
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
