package dev.vigil.streams.ocsf;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The posture violations currently open, by {@code finding_info.uid}, with a fingerprint of what
 * was last reported (severity and the expected/observed values), so the export reports a change of
 * a control, not every repetition: a new violation creates the finding, a different one updates it,
 * the pass that clears it closes it, and unchanged repeats and passes of a healthy control produce
 * nothing. The topology keeps it in a changelogged store.
 */
public interface PostureLedger {
  Optional<String> open(String findingUid);

  void open(String findingUid, String fingerprint);

  void close(String findingUid);

  /** A ledger in memory (tests). */
  static PostureLedger inMemory() {
    Map<String, String> open = new HashMap<>();
    return new PostureLedger() {
      @Override
      public Optional<String> open(String findingUid) {
        return Optional.ofNullable(open.get(findingUid));
      }

      @Override
      public void open(String findingUid, String fingerprint) {
        open.put(findingUid, fingerprint);
      }

      @Override
      public void close(String findingUid) {
        open.remove(findingUid);
      }
    };
  }
}
