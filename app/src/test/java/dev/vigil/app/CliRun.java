package dev.vigil.app;

import dev.vigil.schemas.catalog.Principal;
import dev.vigil.testkit.VigilPlatform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code vigil} command run in this JVM ({@link Main#execute}): its exit code, standard output
 * and standard error.
 *
 * @param code the exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
public record CliRun(int code, String out, String err) {

  /** Runs {@code vigil args…}. */
  public static CliRun vigil(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs {@code vigil args…}. */
  public static CliRun vigil(List<String> args) {
    return vigil(args.toArray(String[]::new));
  }

  /**
   * Runs {@code vigil command args…} against the platform as {@code principal}'s own user: {@code
   * --bootstrap}, {@code --registry} and a {@code --client-config} file are appended.
   */
  public static CliRun against(
      VigilPlatform platform, Principal principal, String command, String... args) {
    List<String> argv = new ArrayList<>(List.of(command));
    argv.addAll(List.of(args));
    return vigil(
        withConnection(
            platform, platform.clientConfigFile(principal), argv.toArray(String[]::new)));
  }

  /** {@code args} followed by the platform's addresses and {@code clientConfig}. */
  public static List<String> withConnection(
      VigilPlatform platform, Path clientConfig, String... args) {
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(
        List.of(
            "--bootstrap",
            platform.bootstrapServers(),
            "--registry",
            platform.registryUrl(),
            "--client-config",
            clientConfig.toString()));
    return argv;
  }

  /** Standard output, then standard error: for assertions that do not care which. */
  public String output() {
    return out + err;
  }
}
