package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code vigil operator}'s usage errors (the round trip is in {@link OperatorCliIT}). */
class OperatorCliTest {
  @Test
  void shouldRejectIncompleteCommandsBeforeSendingAnything() {
    // No broker behind these addresses: a usage error must come before any connection attempt
    String[][] cases = {
      {"waive", "--service", "s", "--reason", "r", "--for", "5m"},
      {"waive", "--service", "s", "--reason", "r", "--gate", "drift"},
      {"waive", "--service", "s", "--reason", "r", "--gate", "drift", "--for", "soon"},
      {"waive", "--service", "s", "--reason", "r", "--gate", "firewall", "--for", "5m"},
      {"abort", "--service", "s", "--reason", "r", "--gate", "drift"},
      {"approve", "--service", "s", "--reason", "r", "--for", "5m"},
      {"reboot", "--service", "s", "--reason", "r"},
      {"approve", "--service", "s", "--reason", " "},
      {"approve", "--service", "s\u202Eevil", "--reason", "r"},
      {"approve", "--service", "s", "--reason", "r", "--operator", "bob\u0000"},
    };
    String[] expected = {
      "waive needs --gate",
      "waive needs --for",
      "expected a duration like 500ms",
      "--gate must be one of drift, ids-heartbeat, certificate, key-sync, intrusion but was"
          + " 'firewall'",
      "--gate applies to waive and revoke-waiver only",
      "--for applies to waive only",
      "ACTION must be one of approve, force, abort, waive, revoke-waiver, failback but was"
          + " 'reboot'",
      "--reason must not be blank",
      "--service: contains a format character (bidi override or zero-width)",
      "--operator: contains a control character",
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new ArrayList<>(List.of("operator"));
      args.addAll(List.of(cases[i]));
      args.addAll(List.of("--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1"));
      CliRun run = CliRun.vigil(args.toArray(String[]::new));
      assertThat(run.code()).as(String.join(" ", cases[i])).isEqualTo(2);
      assertThat(run.err()).as(String.join(" ", cases[i])).contains(expected[i]);
      assertThat(run.err()).doesNotContain("evil");
    }
  }

  @Test
  void shouldRefuseEveryHostileServiceAndOperatorNamingTheRuleWithoutEchoingIt() {
    String[] hostile = {
      "EVIL".repeat(75_000), "EVIL\u0000", "EVIL\u202Egnp", "EVIL\u200Bx", "EVIL\uD800x"
    };
    String[] rule = {
      "longer than 64 characters",
      "contains a control character",
      "contains a format character (bidi override or zero-width)",
      "contains a format character (bidi override or zero-width)",
      "contains a lone surrogate"
    };
    for (String option : List.of("--service", "--operator")) {
      for (int i = 0; i < hostile.length; i++) {
        List<String> args = new ArrayList<>(List.of("operator", "approve", "--reason", "r"));
        args.addAll(List.of("--service", "shop", "--operator", "alice"));
        args.set(args.indexOf(option) + 1, hostile[i]);
        args.addAll(List.of("--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1"));

        CliRun run = CliRun.vigil(args.toArray(String[]::new));

        assertThat(run.code()).as("%s %s", option, rule[i]).isEqualTo(2);
        assertThat(run.err()).contains(option + ": " + rule[i]).doesNotContain("EVIL");
      }
    }
  }
}
