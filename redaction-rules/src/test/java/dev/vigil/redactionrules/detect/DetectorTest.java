package dev.vigil.redactionrules.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every built-in detector: true positives (the exact sensitive span, marked with ⟦ ⟧) and near
 * misses that must not be detected. Texts use documentation values (RFC 5737/3849/2606, vendor test
 * cards and IBANs).
 */
class DetectorTest {

  /** Spans of {@code type} found by the whole built-in scanner, as ⟦marked⟧ text. */
  private static String mark(String type, String text) {
    List<Detector> all = new ArrayList<>();
    BuiltInDetectors.names().forEach(n -> all.add(BuiltInDetectors.byName(n).orElseThrow()));
    StringBuilder b = new StringBuilder();
    int last = 0;
    for (Span s : new Scanner(all).scan(text)) {
      if (!s.type().equals(type)) {
        continue;
      }
      b.append(text, last, s.start()).append('⟦').append(text, s.start(), s.end()).append('⟧');
      last = s.end();
    }
    return b.append(text.substring(last)).toString();
  }

  private static void expect(String type, String marked) {
    String text = marked.replace("⟦", "").replace("⟧", "");
    assertThat(mark(type, text)).as("%s in: %s", type, text).isEqualTo(marked);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          email | mail from ⟦gurpartap@patriots.in⟧ to <⟦raj_deol2002in@yahoo.co.in⟧>
          email | "Albert Zaharovits" <⟦albert.z+tag@example.com⟧>, ⟦x@sub.example.org⟧.
          email | msg id <000301ca4581$ef9e57f0$cedb07d0$@in> and user@localhost and @example.com
          email | a..b@ and name@.example.com and name@example.c
          ipv4  | from ⟦192.0.2.1⟧ port 22; ⟦198.51.100.255⟧,⟦203.0.113.0⟧/24 and inside:⟦10.22.8.205⟧/0
          ipv4  | 256.1.1.1 1.2.3 1.2.3.4.5 OID 1.3.6.1.4.1 v10.0.0.1x 01.2.3.4 and 000.111.222.10
          ipv6  | client ⟦2001:db8::1⟧, ⟦fe80::1ff:fe23:4567:890a⟧ and [⟦2001:0db8:0000:0000:0000:ff00:0042:8329⟧]:443
          ipv6  | mapped ⟦::ffff:192.0.2.128⟧ snort ⟦2001:db8:0:0:1:0:0:1⟧:80 and inside:⟦fe80::1⟧.
          ipv6  | time 12:30:45 mac 00:1d:a2:af:32:a1 sep ::~~ 1:: and a::b::c and 39:33:99:e9:a0:dc:f2:33:a3:e5:72:3b:7c:3a:56:84
          card  | card ⟦4242424242424242⟧ or ⟦4242 4242 4242 4242⟧ or ⟦5555-5555-5555-4444⟧ amex ⟦3782 822463 10005⟧
          card  | ref 12 ⟦4111 1111 1111 1111⟧ and maestro ⟦6799998900000099990⟧ and ⟦2223003122003222⟧
          card  | bad luhn 4242424242424241 mixed 4242-4242 4242 4242 prefix 1234567812345670 short 424242424242
          card  | flow 71234567812345678901 and 4242 42424242 4242
          card  | maestro-12 ⟦501800000009⟧ ⟦6759 0000 0000⟧ jcb-15 ⟦180000000000002⟧ ⟦2131 0000 0000 001⟧ mir ⟦2200000000000004⟧
          card  | unionpay ⟦6221 2600 0000 0000 00⟧ verve ⟦650002000000000000⟧ troy ⟦9792000000000003⟧ rupay ⟦8100-0000-0000-0002⟧
          card  | no network: visa-15 424242424242424 visa-18 411111111111111118 unassigned 7000000000000005 123456789012347 jcb-14 35301113333000
          card  | phone +6759649826438453 and 4242 4242 4242 4242 4242 4242
          iban  | pay ⟦DE89370400440532013000⟧ or ⟦GB29 NWBK 6016 1331 9268 19⟧ or ⟦FR1420041010050500013M02606⟧ EUR
          iban  | bad DE89370400440532013001 DR75512108001245126199 DE755121080012451261 DE755121080012451261991
          iban  | lower ⟦de89370400440532013000⟧ ⟦gb29 nwbk 6016 1331 9268 19⟧ ⟦Fr14 2004 1010 0505 0001 3m02 606⟧ XX1234567890123456 GB29NWBK6016133192681
          iban  | two ⟦DE89 3704 0044 0532 0130 00⟧ and ⟦GB29NWBK60161331926819⟧; honduras ⟦HN88CABF00000000000250005469⟧; bad bban DE89370400440532O13000 de89 3704 0044 0532 0130 01
          ssn   | ssn ⟦531-21-7351⟧ and ⟦403 57 9558⟧ ok
          ssn   | invalid 000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000 mixed 123-45 6789 long 1-531-21-7351
          phone | call ⟦(96) 627-277⟧ or ⟦+1-944-435-4352x04732⟧ or ⟦001-420-335-7509x38548⟧ or ⟦986.291.2294⟧
          phone | on ⟦21 212 133 2727⟧, ⟦027 896 92 86⟧ or ⟦+14155552671⟧ or ⟦(07) 5331 0577⟧
          phone | date 2016-01-27 27-01-2016 time 08:52:35 tz +0530 ip 192.168.133.100 ver 10.12.11.1 Chrome/70.0.3538.102 conn 488167725 ts 1402307733.473 port 1786
          phone | intl ⟦+49 30 901820⟧, ⟦+44 7700 900123⟧, ⟦0044 20 7946 0958⟧, ⟦+44 (0)20 7946 0958⟧, ⟦+33 1 23 45 67 89⟧ and tel:⟦+14155552671⟧
          phone | call ⟦2015550123⟧ or ⟦(201) 555-0123⟧, ⟦07700 900123⟧, ⟦030 901820⟧, ⟦01 23 45 67 89⟧, ⟦98765 43210⟧, ⟦1-800-555-0199⟧ ⟦020 7946 0958 ext. 12⟧
          phone | decoys v1.2.3.4 build 2.4.18.1234 at 2026-03-02 08:15:04.123 epoch 1772439304 ms 1772439304123 port 8443 pid 23817 bytes 2147483647 count 123456789 ip 203.0.113.54 on 02.03.2026
          phone | Mobile: ⟦07700900123⟧, phone=⟦+442079460958⟧, fax ⟦0033123456789⟧; sip:16178766111@example.com from ⟦16178766111⟧
          phone | more decoys id=0000012345 seq 20260302081504 uuid 123e4567-e89b-12d3-a456-426614174000 ver 10.0.19045.3693 +12345678
          jwt   | Authorization token ⟦eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U⟧ end
          jwt   | not a jwt eyJub3RhIjoiand0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc and eyJ.eyJ.x
          aws_key | key ⟦AKIAIOSFODNN7EXAMPLE⟧ and ⟦ASIAY34FZKBOKMUTVV7A⟧
          aws_key | AKIAIOSFODNN7EXAMPL too short, XAKIAIOSFODNN7EXAMPLE glued, akiaiosfodnn7example lower
          auth_header | Authorization: Bearer ⟦mF_9.B5f-4.1JqM2024⟧ and basic ⟦dXNlcjpwYXNzd29yZA==⟧
          auth_header | basic authentication failed; bearer tokens expired; Basic aGVsbG8gd29ybGQ=
          password_pair | login password=⟦hunter2⟧&user=x, "api_key": "⟦abc123def⟧", db_password: ⟦s3cr3t⟧; pwd=⟦x1⟧
          password_pair | Failed password for root from 192.0.2.1; PWD=/home/vagrant ; password changed; Password:
          mac   | dmac=⟦00:1d:a2:af:32:a1⟧ and ⟦00-1D-A2-AF-32-A1⟧ or ⟦001d.a2af.32a1⟧
          mac   | fingerprint 39:33:99:e9:a0:dc:f2:33:a3:e5:72:3b:7c:3a:56:84 and 00:1d:a2:af:32 and 00:1d:a2:af:32:a1:ff
          """)
  void shouldDetectExactlyTheMarkedSpans(String type, String marked) {
    expect(type.strip(), marked.strip());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fetch ftp://⟦deploy:Tr0ub4dor&3⟧@files.example.com/x.tgz
          redis://⟦:p4ss⟧@cache.example.net:6379 and postgres://⟦app:s3cret⟧@db.example.org/app
          no password https://user@example.com/ and https://example.com/a:b@c
          """)
  void shouldDetectUserAndPasswordOfAUrl(String marked) {
    expect("url_password", marked.strip());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ⟦-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----⟧ tail
          x ⟦-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA truncated⟧
          -----BEGIN CERTIFICATE-----\\nMIIB-----END CERTIFICATE----- and -----BEGIN PUBLIC KEY-----
          """)
  void shouldDetectPrivateKeyBlocksEvenWhenTruncated(String marked) {
    expect("private_key", marked.strip().replace("\\n", "\n"));
  }
}
