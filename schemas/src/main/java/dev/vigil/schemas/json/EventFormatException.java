package dev.vigil.schemas.json;

/**
 * A JSON event does not match its Avro schema.
 *
 * <p>The message is {@code <path>: <problem>}, for example {@code check.status: expected one of
 * [PASS, WARN, FAIL] but got "OK"}. The path is relative to the JSON value being parsed (never a
 * line number; callers add those). The message never carries free-text payload values, so it is
 * safe to log and to return to a client; see {@code schemas/README.md} for the exact policy.
 */
public final class EventFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How the document root is named in messages. */
  public static final String ROOT = "(root)";

  private final String path;
  private final String problem;

  /**
   * @param path dotted field path, empty for the document root
   * @param problem what is wrong, without the path
   */
  public EventFormatException(String path, String problem) {
    super((path.isEmpty() ? ROOT : path) + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  /** Dotted field path ({@code signal.attributes.x}, {@code gates[0].gate}); empty for root. */
  public String path() {
    return path;
  }

  /** The problem without the path. */
  public String problem() {
    return problem;
  }
}
