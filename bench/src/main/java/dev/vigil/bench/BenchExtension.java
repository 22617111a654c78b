package dev.vigil.bench;

import dev.vigil.app.cli.CommandExtension;

/** Registers {@code vigil bench} with the {@code vigil} command (found by ServiceLoader). */
public final class BenchExtension implements CommandExtension {
  @Override
  public Object command() {
    return new BenchCommand();
  }
}
