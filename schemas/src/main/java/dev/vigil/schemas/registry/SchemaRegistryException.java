package dev.vigil.schemas.registry;

/**
 * A registry call failed. {@link #status()} is the HTTP status (0 when no response arrived) and
 * {@link #errorCode()} the Confluent {@code error_code} (e.g. 40401 subject not found, 40402
 * version not found, 40403 schema not found, 409 incompatible; 0 when none). Messages never carry
 * schemas, payloads or credentials.
 */
public class SchemaRegistryException extends RuntimeException {

  public static final int SUBJECT_NOT_FOUND = 40401;
  public static final int VERSION_NOT_FOUND = 40402;
  public static final int SCHEMA_NOT_FOUND = 40403;
  public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
  public static final int INCOMPATIBLE_SCHEMA = 409;
  public static final int INCOMPATIBLE_SCHEMA_V82 = 40901;
  public static final int INVALID_SCHEMA = 42201;

  private final int status;
  private final int errorCode;

  public SchemaRegistryException(int status, int errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }

  /** True for "subject, version or schema not found" (40401, 40402, 40403). */
  public boolean isNotFound() {
    return errorCode == SUBJECT_NOT_FOUND
        || errorCode == VERSION_NOT_FOUND
        || errorCode == SCHEMA_NOT_FOUND;
  }

  /** True for an incompatible registration, in both the old (409) and the new (40901) code. */
  public boolean isIncompatible() {
    return errorCode == INCOMPATIBLE_SCHEMA || errorCode == INCOMPATIBLE_SCHEMA_V82;
  }
}
