package dev.vigil.app.drill;

import java.util.Locale;

/**
 * The three locations of docs/deployment.md: a broker each; Vigil instances at the two sites, none
 * at the witness. Losing one is losing its broker and, where it has one, its Vigil instance.
 */
public enum Location {
  PRIMARY(true),
  BACKUP(true),
  WITNESS(false);

  private final boolean hostsVigil;

  Location(boolean hostsVigil) {
    this.hostsVigil = hostsVigil;
  }

  /** The {@code broker.rack} of its broker, and the {@code instance.site} of its Vigil instance. */
  public String rack() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a Vigil instance runs there (the witness holds a broker only). */
  public boolean hostsVigil() {
    return hostsVigil;
  }

  /** The other site with a Vigil instance: backup for primary, primary for backup and witness. */
  Location otherSite() {
    return this == PRIMARY ? BACKUP : PRIMARY;
  }
}
