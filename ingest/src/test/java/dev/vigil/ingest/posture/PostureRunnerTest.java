package dev.vigil.ingest.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsServer;
import dev.vigil.ingest.TestTls;
import dev.vigil.ingest.probe.CertificateInfo;
import dev.vigil.ingest.spool.AppendResult;
import dev.vigil.ingest.spool.OutgoingEvent;
import dev.vigil.schemas.avro.EvidenceScope;
import dev.vigil.schemas.avro.Finding;
import dev.vigil.schemas.avro.FindingStatus;
import dev.vigil.schemas.avro.PostureCheck;
import dev.vigil.schemas.avro.PostureFinding;
import dev.vigil.schemas.avro.Severity;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostureRunnerTest {
  @TempDir Path dir;
  final List<OutgoingEvent> sent = new ArrayList<>();

  @Test
  void shouldReportFileAndConfigKeyDriftWithExpectedAndObservedOnly() throws Exception {
    // Given hardened files, then a changed banner, a changed sshd key and a YAML key
    Path banner = Files.writeString(dir.resolve("issue.net"), "Authorised use only\n");
    String bannerHash = DriftCheck.sha256(banner);
    Path sshd =
        Files.writeString(
            dir.resolve("sshd_config"),
            "# comment\nPort 22\nPermitRootLogin yes\nPermitRootLogin no\nPassword secret-ish\n");
    Path sysctl = Files.writeString(dir.resolve("sysctl.conf"), "net.ipv4.ip_forward = 0\n");
    Path app =
        Files.writeString(dir.resolve("app.yaml"), "server:\n  tls:\n    minVersion: TLSv1.2\n");
    Path baseline =
        Files.writeString(
            dir.resolve("baseline.yaml"),
            "controls:\n"
                + "  - control_id: BANNER\n    path: "
                + banner
                + "\n    sha256: "
                + bannerHash
                + "\n"
                + "  - control_id: GONE\n    path: "
                + dir.resolve("missing")
                + "\n    severity: HIGH\n"
                + "  - control_id: CIS-5.2.10\n    file: "
                + sshd
                + "\n    key: PermitRootLogin\n"
                + "    expected: \"no\"\n    severity: HIGH\n"
                + "  - control_id: FWD\n    file: "
                + sysctl
                + "\n    key: net.ipv4.ip_forward\n"
                + "    expected: \"0\"\n"
                + "  - control_id: TLS-MIN\n    file: "
                + app
                + "\n    key: server.tls.minVersion\n"
                + "    expected: TLSv1.3\n"
                + "  - control_id: ABSENT\n    file: "
                + sysctl
                + "\n    key: kernel.kptr_restrict\n"
                + "    expected: \"2\"\n");
    Files.writeString(banner, "Welcome!\n");

    // When the checks run
    List<Finding> findings =
        runner(spec(Optional.of(baseline), List.of(), Optional.empty())).runOnce();

    // Then one DRIFT finding per control with the right verdicts
    assertThat(findings)
        .extracting(Finding::getControlId)
        .containsExactly("BANNER", "GONE", "CIS-5.2.10", "FWD", "TLS-MIN", "ABSENT");
    assertThat(findings).allMatch(f -> f.getCheck() == PostureCheck.DRIFT);
    Finding changed = findings.get(0);
    assertThat(changed.getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(changed.getExpected()).isEqualTo(bannerHash);
    assertThat(changed.getObserved()).isEqualTo(DriftCheck.sha256(banner)).isNotEqualTo(bannerHash);
    assertThat(changed.getDetails()).containsEntry("reason", "content changed");
    assertThat(findings.get(1).getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(findings.get(1).getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(findings.get(1).getDetails()).containsEntry("reason", "missing");
    // sshd reads the first occurrence: "yes"
    Finding root = findings.get(2);
    assertThat(root.getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(root.getExpected()).isEqualTo("no");
    assertThat(root.getObserved()).isEqualTo("yes");
    assertThat(root.getDetails())
        .containsEntry("key", "PermitRootLogin")
        .containsEntry("reason", "value differs");
    Finding fwd = findings.get(3);
    assertThat(fwd.getStatus()).isEqualTo(FindingStatus.OK);
    assertThat(fwd.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(fwd.getObserved()).isEqualTo("0");
    assertThat(findings.get(4).getObserved()).isEqualTo("TLSv1.2");
    assertThat(findings.get(4).getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(findings.get(5).getObserved()).isNull();
    assertThat(findings.get(5).getDetails()).containsEntry("reason", "key absent");
    // no other file content ever leaves: the unrelated "Password secret-ish" line appears nowhere
    assertThat(sent).hasSize(6);
    assertThat(sent.toString()).doesNotContain("secret-ish").doesNotContain("Authorised");
    PostureFinding event = (PostureFinding) sent.get(0).value();
    assertThat(event.getSite()).isEqualTo("primary");
    assertThat(event.getSource()).isEqualTo("edge-1");
    assertThat(sent.get(0).topic()).isEqualTo("vigil.posture.raw.v1");
    assertThat(sent.get(0).key()).isEqualTo("platform");
    assertThat(event.getScope()).isEqualTo(EvidenceScope.SERVICE);
  }

  @Test
  void shouldSendSiteWideFindingsKeyedBySiteAndSegmentFindingsBySiteAndSegment() throws Exception {
    // Given a key report, checked site-wide and then for the segment "dmz"
    Path report = Files.writeString(dir.resolve("keys"), "signing 7\n");
    Optional<PostureSpec.KeyReportSource> keys =
        Optional.of(
            new PostureSpec.KeyReportSource(Optional.of(report), List.of(), Duration.ofSeconds(5)));
    PostureSpec siteWide =
        new PostureSpec(
            "primary",
            "",
            "edge-1",
            Optional.empty(),
            List.of(),
            keys,
            Duration.ofMinutes(5),
            EvidenceScope.SITE,
            Optional.empty());
    PostureSpec segment =
        new PostureSpec(
            "primary",
            "",
            "edge-1",
            Optional.empty(),
            List.of(),
            keys,
            Duration.ofMinutes(5),
            EvidenceScope.SEGMENT,
            Optional.of("dmz"));

    // When both run
    runner(siteWide).runOnce();
    runner(segment).runOnce();

    // Then the findings declare their scope, carry no service, and are keyed by scope
    assertThat(sent).hasSize(2);
    PostureFinding site = (PostureFinding) sent.get(0).value();
    assertThat(site.getScope()).isEqualTo(EvidenceScope.SITE);
    assertThat(site.getService()).isEmpty();
    assertThat(site.getFinding().getKeyVersion()).isEqualTo("7");
    assertThat(sent.get(0).key()).isEqualTo("primary");
    PostureFinding dmz = (PostureFinding) sent.get(1).value();
    assertThat(dmz.getScope()).isEqualTo(EvidenceScope.SEGMENT);
    assertThat(dmz.getSegment()).isEqualTo("dmz");
    assertThat(sent.get(1).key()).isEqualTo("primary/dmz");
  }

  @Test
  void shouldRefuseASegmentSpecWithoutASegment() {
    assertThatThrownBy(
            () ->
                new PostureSpec(
                    "primary",
                    "",
                    "edge-1",
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    Duration.ofMinutes(5),
                    EvidenceScope.SEGMENT,
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segment must be set when scope is segment");
  }

  @Test
  void shouldRejectABaselineWithAnUnknownFieldNamingTheEntry() throws Exception {
    Path baseline =
        Files.writeString(dir.resolve("b.yaml"), "- control_id: X\n  path: /etc/x\n  sha: abc\n");
    assertThatThrownBy(() -> Baseline.load(baseline))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 1")
        .hasMessageContaining("unknown field 'sha'");
  }

  @Test
  void shouldJudgeCertificatesFromPemAndFromATlsEndpoint() throws Exception {
    // Given a certificate valid for 10 days (PEM) and one valid for 400 days served over TLS
    TestTls soon = TestTls.create(dir, "soon", 10);
    TestTls fine = TestTls.create(dir, "fine", 400);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(fine.configurator());
    https.start();
    String fp = CertificateInfo.fingerprint(fine.certificate());
    List<PostureSpec.CertificateTarget> certs =
        List.of(
            new PostureSpec.CertificateTarget(
                "cert-soon",
                Optional.of(soon.pem()),
                Optional.empty(),
                Optional.empty(),
                Duration.ofDays(30)),
            new PostureSpec.CertificateTarget(
                "cert-endpoint",
                Optional.empty(),
                Optional.of("127.0.0.1:" + https.getAddress().getPort()),
                Optional.of(fp.replace(":", "").toLowerCase()),
                Duration.ofDays(30)),
            new PostureSpec.CertificateTarget(
                "cert-pinned-wrong",
                Optional.of(fine.pem()),
                Optional.empty(),
                Optional.of(CertificateInfo.fingerprint(soon.certificate())),
                Duration.ofDays(30)),
            new PostureSpec.CertificateTarget(
                "cert-missing",
                Optional.of(dir.resolve("nope.pem")),
                Optional.empty(),
                Optional.empty(),
                Duration.ofDays(30)));

    // When checked
    List<Finding> findings;
    try {
      findings = runner(spec(Optional.empty(), certs, Optional.empty())).runOnce();
    } finally {
      https.stop(0);
    }

    // Then: within margin → VIOLATION; endpoint matching its pin → OK; wrong pin → VIOLATION;
    // unreadable → VIOLATION
    assertThat(findings).allMatch(f -> f.getCheck() == PostureCheck.CERTIFICATE);
    assertThat(findings.get(0).getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(findings.get(0).getDetails()).containsEntry("reason", "expires within the margin");
    assertThat(findings.get(0).getNotAfter())
        .isEqualTo(soon.certificate().getNotAfter().toInstant());
    assertThat(findings.get(0).getCertFingerprint())
        .isEqualTo(CertificateInfo.fingerprint(soon.certificate()));
    assertThat(findings.get(1).getStatus()).isEqualTo(FindingStatus.OK);
    assertThat(findings.get(1).getCertFingerprint()).isEqualTo(fp);
    assertThat(findings.get(1).getExpected()).isEqualTo(fp);
    assertThat(findings.get(1).getDetails()).containsEntry("subject", "CN=fine,O=Vigil Test");
    assertThat(findings.get(2).getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(findings.get(2).getSeverity()).isEqualTo(Severity.HIGH);
    assertThat(findings.get(2).getDetails())
        .containsEntry("reason", "fingerprint differs from the pinned one");
    assertThat(findings.get(3).getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(findings.get(3).getDetails().get("reason")).startsWith("cannot read certificate");
  }

  @Test
  void shouldReportOneFindingPerKeyFromAFileAndFromACommand() throws Exception {
    // Given a report file with three formats, a comment and a broken line
    Path report =
        Files.writeString(
            dir.resolve("keys.txt"),
            "# key versions\nredaction-hmac 7\ntls-session=3\nkms/alias/db: v12\n!!\n");

    // When read from the file and from a command printing the same
    List<Finding> fromFile =
        runner(
                spec(
                    Optional.empty(),
                    List.of(),
                    Optional.of(
                        new PostureSpec.KeyReportSource(
                            Optional.of(report), List.of(), Duration.ofSeconds(5)))))
            .runOnce();
    List<Finding> fromCommand =
        runner(
                spec(
                    Optional.empty(),
                    List.of(),
                    Optional.of(
                        new PostureSpec.KeyReportSource(
                            Optional.empty(),
                            List.of("cat", report.toString()),
                            Duration.ofSeconds(5)))))
            .runOnce();

    // Then each key has key_id and key_version, and the broken line is one VIOLATION naming its
    // line
    assertThat(fromFile)
        .extracting(f -> f.getKeyId() + "=" + f.getKeyVersion())
        .containsExactly("redaction-hmac=7", "tls-session=3", "kms/alias/db=v12", "null=null");
    assertThat(fromFile.get(3).getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(fromFile.get(3).getDetails())
        .containsEntry("reason", "line 5 is not 'key_id version'");
    assertThat(fromFile).allMatch(f -> f.getCheck() == PostureCheck.KEY_VERSION);
    assertThat(fromCommand.toString()).isEqualTo(fromFile.toString());
  }

  @Test
  void shouldCarryAKeysetFingerprintFromTheReportIntoTheFindingDetails() throws Exception {
    // Given a report as `vigil keys report` prints it, next to a plain key line
    String fp = "sha256:" + "ab".repeat(32);
    Path report =
        Files.writeString(
            dir.resolve("keys.txt"), "redaction/vigil-pseudonym 1a2b3c4d " + fp + "\nplain 3\n");

    // When read
    List<Finding> findings =
        runner(
                spec(
                    Optional.empty(),
                    List.of(),
                    Optional.of(
                        new PostureSpec.KeyReportSource(
                            Optional.of(report), List.of(), Duration.ofSeconds(5)))))
            .runOnce();

    // Then the keyset's finding carries its fingerprint, the plain key none
    assertThat(findings)
        .extracting(f -> f.getKeyId() + "=" + f.getKeyVersion())
        .containsExactly("redaction/vigil-pseudonym=1a2b3c4d", "plain=3");
    assertThat(findings.get(0).getDetails()).containsEntry(KeyVersionReport.FINGERPRINT, fp);
    assertThat(findings.get(1).getDetails()).doesNotContainKey(KeyVersionReport.FINGERPRINT);
    assertThat(findings).allMatch(f -> f.getStatus() == FindingStatus.OK);
  }

  @Test
  void shouldReportAFailingKeyReportCommandAsAViolation() {
    List<Finding> findings =
        runner(
                spec(
                    Optional.empty(),
                    List.of(),
                    Optional.of(
                        new PostureSpec.KeyReportSource(
                            Optional.empty(), List.of("false"), Duration.ofSeconds(5)))))
            .runOnce();
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0).getStatus()).isEqualTo(FindingStatus.VIOLATION);
    assertThat(findings.get(0).getDetails().get("reason")).startsWith("cannot read key report");
  }

  private PostureSpec spec(
      Optional<Path> baseline,
      List<PostureSpec.CertificateTarget> certs,
      Optional<PostureSpec.KeyReportSource> keys) {
    return new PostureSpec(
        "primary", "platform", "edge-1", baseline, certs, keys, Duration.ofMinutes(5));
  }

  private PostureRunner runner(PostureSpec spec) {
    return new PostureRunner(
        spec,
        events -> {
          sent.addAll(events);
          return new AppendResult(events.size(), 0, -1);
        },
        Clock.systemUTC(),
        OpenTelemetry.noop());
  }
}
