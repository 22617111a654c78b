package dev.vigil.redactionrules.keys;

/** A key is missing, malformed or unreadable. Messages name the key id, never key material. */
public class KeyException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyException(String message) {
    super(message);
  }
}
