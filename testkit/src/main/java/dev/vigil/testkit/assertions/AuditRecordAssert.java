package dev.vigil.testkit.assertions;

import dev.vigil.schemas.avro.AuditRecord;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * Domain assertions on one {@link AuditRecord}; messages name the record by chain and sequence
 * number and never print its payload.
 */
public final class AuditRecordAssert extends AbstractObjectAssert<AuditRecordAssert, AuditRecord> {
  AuditRecordAssert(AuditRecord actual) {
    super(actual, AuditRecordAssert.class);
  }

  /** The record's action is {@code action} (e.g. {@code keys.created}). */
  public AuditRecordAssert hasAction(String action) {
    isNotNull();
    if (!action.equals(actual.getAction())) {
      failWithMessage(
          "Expected audit record %s to be %s but it was %s", name(), action, actual.getAction());
    }
    return this;
  }

  /** The record names {@code actor} as the one who acted. */
  public AuditRecordAssert byActor(String actor) {
    isNotNull();
    if (!actor.equals(actual.getActor())) {
      failWithMessage(
          "Expected audit record %s by <%s> but it names <%s>", name(), actor, actual.getActor());
    }
    return this;
  }

  /** The record's details hold {@code key} with {@code value}. */
  public AuditRecordAssert hasDetail(String key, String value) {
    isNotNull();
    String found = actual.getDetails().get(key);
    if (!Objects.equals(value, found)) {
      failWithMessage(
          "Expected audit record %s to have detail %s=<%s> but it had <%s>",
          name(), key, value, found);
    }
    return this;
  }

  /** The record carries a MAC under a key id (keyed with the audit keys). */
  public AuditRecordAssert isKeyed() {
    isNotNull();
    if (actual.getKeyId() == null || actual.getMac() == null) {
      failWithMessage(
          "Expected audit record %s to be keyed (key id and MAC) but it is not", name());
    }
    return this;
  }

  private String name() {
    return actual.getChain() + "#" + actual.getSeq() + " (" + actual.getAction() + ")";
  }
}
