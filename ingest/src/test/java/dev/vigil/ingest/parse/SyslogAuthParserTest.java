package dev.vigil.ingest.parse;

import static dev.vigil.ingest.parse.Parsing.CTX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.avro.SecuritySignal;
import dev.vigil.schemas.avro.Severity;
import dev.vigil.schemas.avro.SignalOrigin;
import dev.vigil.testkit.SharedData;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyslogAuthParserTest {

  private static final Clock MARCH_2026 =
      Clock.fixed(Instant.parse("2026-03-02T08:15:04Z"), ZoneOffset.UTC);
  private final SyslogAuthParser parser = new SyslogAuthParser(CTX, MARCH_2026);

  @Test
  void shouldTurnFilebeatAuthLogIntoSignalsForFailuresOnly() {
    // Given 10 auth.log lines: accepted logins, invalid user, failed password, sudo, useradd
    List<ParseResult> results =
        Parsing.parseLines(
            parser, SharedData.lines("elastic-beats-filebeat-tests/system-auth/test.log"), "auth");

    // When
    List<SecuritySignal> signals = Parsing.signals(results);

    // Then
    assertThat(signals)
        .extracting(e -> e.getSignal().getSignature())
        .containsExactly("sshd.invalid_user", "sshd.failed_password", "sudo.user_not_in_sudoers");
    assertThat(results).noneMatch(ParseResult.Rejected.class::isInstance);
    assertThat(results)
        .extracting(r -> r instanceof ParseResult.Skipped s ? s.reason() : "parsed")
        .containsExactly(
            "no auth rule for program sshd",
            "no auth rule for program sshd",
            "parsed",
            "parsed",
            "no auth rule for program sudo",
            "no auth rule for program sshd",
            "no auth rule for program sudo",
            "parsed",
            "no auth rule for program groupadd",
            "no auth rule for program useradd");

    SecuritySignal invalid = signals.get(0);
    assertThat(invalid.getObservedAt()).isEqualTo(Instant.parse("2026-02-21T21:56:12Z"));
    assertThat(invalid.getSignal().getOrigin()).isEqualTo(SignalOrigin.SYSLOG);
    assertThat(invalid.getSignal().getCategory()).isEqualTo("auth");
    assertThat(invalid.getSignal().getSeverity()).isEqualTo(Severity.LOW);
    assertThat(invalid.getSignal().getUser()).isEqualTo("test");
    assertThat(invalid.getSignal().getSrcIp()).isEqualTo("10.0.2.2");
    assertThat(invalid.getSignal().getHost()).isEqualTo("localhost");
    assertThat(invalid.getSignal().getAttributes())
        .containsEntry("program", "sshd")
        .containsEntry("pid", "3430")
        .containsEntry("year_inferred", "true")
        .doesNotContainKey("src_port");

    SecuritySignal failed = signals.get(1);
    assertThat(failed.getObservedAt()).isEqualTo(Instant.parse("2026-02-20T08:35:22Z"));
    assertThat(failed.getSignal().getUser()).isEqualTo("root");
    assertThat(failed.getSignal().getSrcIp()).isEqualTo("216.160.83.57");
    assertThat(failed.getSignal().getHost()).isEqualTo("slave22");
    assertThat(failed.getSignal().getMessage())
        .isEqualTo("Failed password for root from 216.160.83.57 port 29160 ssh2");
    assertThat(failed.getSignal().getAttributes())
        .containsEntry("src_port", "29160")
        .containsEntry("invalid_user", "false")
        .containsEntry("auth_method", "password");

    SecuritySignal sudo = signals.get(2);
    assertThat(sudo.getSignal().getUser()).isEqualTo("tsg");
    assertThat(sudo.getSignal().getSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(sudo.getSignal().getHost()).isEqualTo("precise32");
    assertThat(sudo.getSignal().getAttributes())
        .containsEntry("target_user", "root")
        .containsEntry("tty", "pts/1");
  }

  @Test
  void shouldCountEveryFailedPasswordOfTheRhel7BruteForcePerSourceIp() {
    // Given the first 40 lines of a real /var/log/secure with two brute-forcing IPs
    List<SecuritySignal> signals =
        Parsing.signals(
            Parsing.parseLines(
                parser,
                SharedData.lines(
                    "elastic-beats-filebeat-tests/system-auth/secure-rhel7.excerpt-first-40-lines.log"),
                "secure"));

    // Then: only "Failed password" lines count, pam_unix(sshd:auth) lines are not doubled
    assertThat(signals)
        .allSatisfy(
            e -> {
              assertThat(e.getSignal().getSignature()).isEqualTo("sshd.failed_password");
              assertThat(e.getSignal().getUser()).isEqualTo("root");
            });
    assertThat(signals)
        .filteredOn(e -> e.getSignal().getSrcIp().equals("202.109.143.106"))
        .hasSize(12);
    assertThat(signals)
        .filteredOn(e -> e.getSignal().getSrcIp().equals("116.31.116.27"))
        .hasSize(3);
    assertThat(signals.get(0).getObservedAt()).isEqualTo(Instant.parse("2026-02-22T16:45:20Z"));
    // two identical lines at different offsets are two events
    assertThat(signals).extracting(SecuritySignal::getEventId).doesNotHaveDuplicates();
  }

  @Test
  void shouldParseRfc5424EnvelopeWithStructuredDataAndTruncatedLastLine() {
    // Given Metron's RFC 5424 sample (its last line has no newline)
    List<String> lines = SharedData.lines("apache-metron-samples/syslog5424/raw/Syslog5424Output");

    // When
    List<SyslogMessage> messages =
        lines.stream()
            .map(l -> SyslogEnvelope.parse(l, MARCH_2026.instant(), ZoneOffset.UTC).orElseThrow())
            .toList();

    // Then
    assertThat(messages).hasSize(3);
    SyslogMessage second = messages.get(1);
    assertThat(second.priority()).isEqualTo(14);
    assertThat(second.timestamp()).isEqualTo(Instant.parse("2014-06-20T09:14:08Z"));
    assertThat(second.yearInferred()).isFalse();
    assertThat(second.hostname()).isEqualTo("loggregator");
    assertThat(second.appName()).isEqualTo("d0602076-b14a-4c55-852a-981e7afeed40");
    assertThat(second.procId()).isEqualTo("DEA");
    assertThat(second.msgId()).isEqualTo("MSG-02");
    assertThat(second.structuredData())
        .isEqualTo(
            "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][exampleSDID@32480 iut=\"4\" eventSource=\"Other Application\" eventID=\"2022\"]");
    assertThat(second.message()).isEqualTo("Removing instance");
    assertThat(messages.get(0).msgId()).isNull();
    assertThat(messages.get(0).structuredData()).isNull();
    assertThat(messages.get(2).message()).isEqualTo("Removing instance");
    // and the auth parser skips them: not sshd/sudo
    assertThat(parser.parse(RawRecord.of(lines.get(0), "s")))
        .isInstanceOf(ParseResult.Skipped.class);
  }

  @Test
  void shouldParseRfc5424SshdFailureAndCrlfAndLinesWithoutHostname() {
    String rfc5424 =
        "<38>1 2026-03-02T08:01:02.123+01:00 bastion-1 sshd 4242 - - Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2\r\n";
    SecuritySignal e = Parsing.signal(parser.parse(RawRecord.of(rfc5424, "udp")));
    assertThat(e.getObservedAt()).isEqualTo(Instant.parse("2026-03-02T07:01:02.123Z"));
    assertThat(e.getSignal().getUser()).isEqualTo("admin");
    assertThat(e.getSignal().getHost()).isEqualTo("bastion-1");
    assertThat(e.getSignal().getAttributes())
        .containsEntry("invalid_user", "true")
        .containsEntry("facility", "4")
        .containsEntry("syslog_severity", "6")
        .doesNotContainKey("year_inferred");

    // RFC 3164 over the network: PRI, no hostname, CRLF
    String noHost = "<86>Feb 21 21:56:12 sshd[3430]: Invalid user test from 10.0.2.2 port 40022\r";
    SecuritySignal n = Parsing.signal(parser.parse(RawRecord.of(noHost, "udp")));
    assertThat(n.getSignal().getHost()).isNull();
    assertThat(n.getSignal().getUser()).isEqualTo("test");
    assertThat(n.getSignal().getAttributes())
        .containsEntry("src_port", "40022")
        .containsEntry("pid", "3430");
  }

  @Test
  void shouldMapSudoPamFailureAndIncorrectPasswordAttempts() {
    String pam =
        "Mar  1 10:00:00 web-2 sudo: pam_unix(sudo:auth): authentication failure; logname=alice uid=1001 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice";
    SecuritySignal p = Parsing.signal(parser.parse(RawRecord.of(pam, "f")));
    assertThat(p.getSignal().getSignature()).isEqualTo("sudo.authentication_failure");
    assertThat(p.getSignal().getUser()).isEqualTo("alice");
    assertThat(p.getSignal().getSrcIp()).isNull();
    assertThat(p.getSignal().getAttributes())
        .containsEntry("uid", "1001")
        .containsEntry("tty", "/dev/pts/0");
    assertThat(p.getObservedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));

    String attempts =
        "Mar  1 10:00:05 web-2 sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id";
    SecuritySignal a = Parsing.signal(parser.parse(RawRecord.of(attempts, "f")));
    assertThat(a.getSignal().getSignature()).isEqualTo("sudo.incorrect_password_attempts");
    assertThat(a.getSignal().getUser()).isEqualTo("alice");
    assertThat(a.getSignal().getAttributes())
        .containsEntry("attempts", "3")
        .containsEntry("target_user", "root")
        .containsEntry("tty", "pts/0");
  }

  @Test
  void shouldReadYearlessTimestampsInTheConfiguredZone() {
    SourceContext berlin =
        new SourceContext("primary", "payments", "host-1", ZoneId.of("Europe/Berlin"));
    SyslogAuthParser p = new SyslogAuthParser(berlin, MARCH_2026);
    String line = SharedData.lines("elastic-beats-filebeat-tests/system-auth/test.log").get(3);
    assertThat(Parsing.signal(p.parse(RawRecord.of(line, "f"))).getObservedAt())
        .isEqualTo(Instant.parse("2026-02-20T07:35:22Z"));
  }

  @Test
  void shouldRejectNonSyslogWithoutQuotingIt() {
    ParseResult r = parser.parse(RawRecord.of("password=hunter2 is not syslog", "f"));
    assertThat(r).isEqualTo(new ParseResult.Rejected("not an RFC 5424 or RFC 3164 syslog line"));
    assertThat(parser.parse(RawRecord.of("<999>1 2026-03-02T08:00:00Z h a - - - x", "f")))
        .isInstanceOf(ParseResult.Rejected.class);
    assertThat(
            parser.parse(RawRecord.of("<13>1 2026-03-02T08:00:00Z h a - - [unterminated x", "f")))
        .isInstanceOf(ParseResult.Rejected.class);
    assertThat(SyslogEnvelope.parse("Foo 30 10:00:00 h x: y", Instant.EPOCH, ZoneOffset.UTC))
        .isEqualTo(Optional.empty());
  }
}
