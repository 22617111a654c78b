package dev.vigil.redactionrules;

/**
 * A rule file is invalid. The message is {@code <source>:<line>: <path>: <problem>}, where path is
 * the location inside the rule file (e.g. {@code fields.security[2].operator}). Messages quote rule
 * text, never event data or key material.
 */
public final class RuleSetException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final int line;
  private final String path;
  private final String problem;

  public RuleSetException(String source, int line, String path, String problem) {
    super(source + ":" + line + ": " + path + ": " + problem);
    this.source = source;
    this.line = line;
    this.path = path;
    this.problem = problem;
  }

  /** File name (or the name given to {@link RuleSetLoader#load(String, String, KeyProvider)}). */
  public String source() {
    return source;
  }

  /** 1-based line in the source; 0 if the problem concerns the whole file. */
  public int line() {
    return line;
  }

  public String path() {
    return path;
  }

  public String problem() {
    return problem;
  }
}
