package dev.vigil.app.cli;

/**
 * A {@code vigil} subcommand that lives outside the product's main sources (e.g. {@code vigil
 * bench} in the {@code bench} module), found with {@link java.util.ServiceLoader} when its jar is
 * on the class path. {@code ./vigil} puts the bench module's jar there when it has been built.
 */
public interface CommandExtension {
  /** A picocli command object (a class annotated with {@code @Command}). */
  Object command();
}
