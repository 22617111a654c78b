package dev.vigil.app.cli;

import dev.vigil.app.runtime.Clients;
import dev.vigil.redactionrules.keys.KeyException;
import dev.vigil.redactionrules.keys.KeyInfo;
import dev.vigil.redactionrules.keys.KeyPurpose;
import dev.vigil.redactionrules.keys.KeyStatus;
import dev.vigil.redactionrules.keys.KeysetStore;
import dev.vigil.redactionrules.keys.RedactionKeyset;
import dev.vigil.redactionrules.keys.Reidentifier;
import dev.vigil.schemas.avro.AuditRecord;
import dev.vigil.schemas.signing.SigningKey;
import dev.vigil.schemas.signing.TrustedKey;
import dev.vigil.streams.audit.AuditAction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil keys}: the redaction keysets (Tink), listed and rotated with an audit record. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Redaction keysets: Tink JSON keyset files (mode 600) in a directory, one pseudonym (PRF)"
          + " and one encryption (AES-SIV) keyset per name. Never prints key material.",
      "create, rotate, list and reidentify append a record to the 'keys' chain of vigil.audit.v1 (the"
          + " trail is read before anything changes, so an unreachable broker changes nothing);"
          + " report prints the posture check's key report and audits nothing."
    },
    subcommands = {
      KeysCommand.Create.class,
      KeysCommand.Rotate.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Report.class,
      KeysCommand.Reidentify.class,
      KeysCommand.SigningKeygen.class
    })
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --dir} and {@code --actor}, shared by the subcommands. */
  static final class Where {
    @Option(
        names = "--dir",
        paramLabel = "D",
        defaultValue = ".vigil/keys/redaction",
        description =
            "Keyset directory (redaction.keysDir; default: the one vigil run uses with the"
                + " default data dir, ${DEFAULT-VALUE}).")
    Path dir;

    KeysetStore store() {
      try {
        return KeysetStore.open(dir);
      } catch (KeyException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  /** Who acts, for the audit record. */
  static final class Actor {
    @Option(
        names = "--actor",
        paramLabel = "WHO",
        description = "Who acts (audited). Default: the USER environment variable.")
    Optional<String> actor = Optional.empty();

    String who() {
      return actor.orElseGet(Clients::defaultActor);
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Generates keyset NAME (one primary key per purpose); audited.")
  static final class Create implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Keyset name, as in rule sets.")
    String name;

    @Mixin Where where;
    @Mixin Actor actor;
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return audited(
          client,
          spec,
          (audit, out) -> {
            RedactionKeyset k = where.store().create(name, Instant.now());
            AuditRecord r =
                audit.append(actor.who(), AuditAction.KEYS_CREATED, subject(k), details(k));
            print(out, k);
            return r;
          });
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Adds a new primary key to each purpose of keyset NAME; the former keys stay enabled, so"
            + " pseudonyms and tokens written before still resolve (they carry their key id).",
        "Running redactors read keysets at start: restart them on both sites after copying the"
            + " keyset files, then check the KEY_SYNC gate (same fingerprint on both sites)."
      })
  static final class Rotate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Keyset name.")
    String name;

    @Mixin Where where;
    @Mixin Actor actor;
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return audited(
          client,
          spec,
          (audit, out) -> {
            KeysetStore store = where.store();
            String before = store.keyset(name).fingerprint();
            RedactionKeyset k = store.rotate(name, Instant.now());
            Map<String, String> details = details(k);
            details.put("previous_fingerprint", before);
            AuditRecord r =
                audit.append(actor.who(), AuditAction.KEYS_ROTATED, subject(k), details);
            print(out, k);
            return r;
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "Every keyset (or NAME): its fingerprint, and per key purpose, id, status"
              + " (primary/enabled/disabled) and creation time; audited.")
  static final class ListKeys implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One keyset.")
    Optional<String> name = Optional.empty();

    @Mixin Where where;
    @Mixin Actor actor;
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return audited(
          client,
          spec,
          (audit, out) -> {
            KeysetStore store = where.store();
            List<String> names = name.isPresent() ? List.of(name.get()) : store.names();
            Map<String, String> details = new TreeMap<>();
            details.put("dir", where.dir.toString());
            for (String n : names) {
              RedactionKeyset k = store.keyset(n);
              print(out, k);
              details.put("fingerprint." + n, k.fingerprint());
            }
            if (names.isEmpty()) {
              out.println("no keysets in " + where.dir);
            }
            return audit.append(
                actor.who(),
                AuditAction.KEYS_LISTED,
                "keysets:" + String.join(",", names),
                details);
          });
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
        "Prints one line per keyset for the posture check's key report (ingest posture"
            + " keyReport.command): 'redaction/NAME PRIMARY-PSEUDONYM-KEY-ID FINGERPRINT'.",
        "Public facts only; not audited (it runs every posture interval)."
      })
  static final class Report implements Callable<Integer> {
    @Mixin Where where;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try {
        KeysetStore store = where.store();
        PrintWriter out = spec.commandLine().getOut();
        for (String n : store.names()) {
          RedactionKeyset k = store.keyset(n);
          out.printf("redaction/%s %s %s%n", n, k.primaryPseudonymKeyId(), k.fingerprint());
        }
        out.flush();
        return 0;
      } catch (KeyException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "reidentify",
      mixinStandardHelpOptions = true,
      description = {
        "Authorised re-identification: prints the value of an enc: token (written with any"
            + " enabled key of its keyset, before or after rotations), or with --value checks"
            + " whether a pn: pseudonym is that value's.",
        "Audited first (keyset, key id, reason, actor; never the value): no audit, no value."
      })
  static final class Reidentify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TOKEN", description = "An enc: or pn: token.")
    String token;

    @Option(
        names = "--value",
        paramLabel = "V",
        description = "For a pn: token: the candidate value to check.")
    Optional<String> value = Optional.empty();

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why (audited).")
    String reason;

    @Mixin Where where;
    @Mixin Actor actor;
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      RedactionKeyset.Token t = Reidentifier.parse(token);
      if (t.scheme().equals("pn") && value.isEmpty()) {
        throw new IllegalStateException("a pn: pseudonym is one-way: give --value to check one");
      }
      return audited(
          client,
          spec,
          (audit, out) -> {
            Reidentifier r = new Reidentifier(where.store());
            Map<String, String> details = new TreeMap<>();
            details.put("key_id", t.keyIdHex());
            details.put("scheme", t.scheme());
            details.put("reason", reason);
            AuditRecord rec =
                audit.append(
                    actor.who(), AuditAction.KEYS_REIDENTIFIED, "keyset:" + t.keyset(), details);
            if (t.scheme().equals("enc")) {
              out.println(r.decrypt(token));
            } else {
              out.println(r.isPseudonymOf(token, value.get()) ? "match" : "no match");
            }
            return rec;
          });
    }
  }

  /** What an audited subcommand does with the open audit: prints, and returns its record. */
  @FunctionalInterface
  interface AuditedAction {
    AuditRecord run(KeyAudit audit, PrintWriter out) throws Exception;
  }

  /**
   * Runs {@code action} with the audit open, then prints which record audited it; a key error stops
   * the command with its message.
   */
  static int audited(ClientOptions client, CommandSpec spec, AuditedAction action)
      throws Exception {
    try (KeyAudit audit = KeyAudit.open(client)) {
      PrintWriter out = spec.commandLine().getOut();
      AuditRecord r = action.run(audit, out);
      out.printf("audited: chain=%s seq=%d%n", r.getChain(), r.getSeq());
      out.flush();
      return 0;
    } catch (KeyException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static String subject(RedactionKeyset k) {
    return "keyset:" + k.name();
  }

  /** Public facts for the audit record: fingerprint, primary key ids, key counts. */
  static Map<String, String> details(RedactionKeyset k) {
    Map<String, String> d = new TreeMap<>();
    d.put("fingerprint", k.fingerprint());
    for (KeyInfo i : k.keys()) {
      if (i.status() == KeyStatus.PRIMARY) {
        d.put("primary." + i.purpose().tag(), i.idHex());
      }
    }
    for (KeyPurpose p : KeyPurpose.values()) {
      d.put(
          "keys." + p.tag(),
          Long.toString(k.keys().stream().filter(i -> i.purpose() == p).count()));
    }
    return d;
  }

  static void print(PrintWriter out, RedactionKeyset k) {
    out.printf("keyset %s fingerprint %s%n", k.name(), k.fingerprint());
    for (KeyInfo i : k.keys()) {
      out.printf(
          "  %-9s %s %-8s %s%n",
          i.purpose().tag(),
          i.idHex(),
          i.status().name().toLowerCase(java.util.Locale.ROOT),
          i.created().map(Instant::toString).orElse("created unknown"));
    }
  }

  /** {@code vigil keys signing-keygen}: an Ed25519 key pair for an operator or rule publisher. */
  @Command(
      name = "signing-keygen",
      aliases = "operator-keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Writes a new Ed25519 signing key (mode 600) for `vigil operator --key` or `vigil rules"
            + " publish --key`, and prints the line that lists its public key in the config:"
            + " under failover.commands.keys (operators) or redaction.ruleKeys (rule publishers).",
        "Never overwrites a file; prints no private key material."
      })
  static final class SigningKeygen implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Key file.")
    Path out;

    @Option(
        names = "--key-id",
        paramLabel = "ID",
        description = "Key id (default: OWNER-<yyyyMMdd>).")
    Optional<String> keyId = Optional.empty();

    @Option(
        names = "--owner",
        paramLabel = "WHO",
        description =
            "Who holds the key; the audit trail names this owner for what the key signs."
                + " Default: the USER environment variable.")
    Optional<String> owner = Optional.empty();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String who = owner.orElseGet(Clients::defaultActor);
      String id =
          keyId.orElseGet(
              () ->
                  who.replaceAll("[^A-Za-z0-9_.-]", "-")
                      + "-"
                      + DateTimeFormatter.BASIC_ISO_DATE
                          .withZone(ZoneOffset.UTC)
                          .format(Instant.now()));
      SigningKey key;
      try {
        key = SigningKey.generate(id);
        new TrustedKey(who, key.publicKeyBase64());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      SigningKeyFiles.write(out, key);
      PrintWriter w = spec.commandLine().getOut();
      w.printf("wrote signing key %s to %s (mode 600)%n", key.keyId(), out);
      w.println("list its public key under failover.commands.keys or redaction.ruleKeys:");
      w.println("  " + SigningKeyFiles.configLine(key, who));
      w.flush();
      return 0;
    }
  }
}
