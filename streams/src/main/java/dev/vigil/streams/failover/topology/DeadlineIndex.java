package dev.vigil.streams.failover.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Services by the wall-clock millisecond their next tick is due: a tick visits only the services
 * whose deadline has come instead of scanning the store. In memory only, rebuilt from the store by
 * a full tick after every init (the store stays the source of truth); kept up to date on every
 * state write.
 */
final class DeadlineIndex {
  private final TreeMap<Long, TreeSet<String>> byDue = new TreeMap<>();
  private final Map<String, Long> dueOf = new HashMap<>();

  /** Sets {@code key}'s deadline; {@code Long.MAX_VALUE} removes it (nothing will fall due). */
  void schedule(String key, long dueMs) {
    Long old = dueOf.get(key);
    if (old != null && old == dueMs) {
      return;
    }
    remove(key);
    if (dueMs == Long.MAX_VALUE) {
      return;
    }
    dueOf.put(key, dueMs);
    byDue.computeIfAbsent(dueMs, d -> new TreeSet<>()).add(key);
  }

  void remove(String key) {
    Long old = dueOf.remove(key);
    if (old != null) {
      TreeSet<String> keys = byDue.get(old);
      keys.remove(key);
      if (keys.isEmpty()) {
        byDue.remove(old);
      }
    }
  }

  /** Removes and returns, sorted by key, every key due at or before {@code nowMs}. */
  List<String> pollDue(long nowMs) {
    NavigableMap<Long, TreeSet<String>> due = byDue.headMap(nowMs, true);
    TreeSet<String> keys = new TreeSet<>();
    due.values().forEach(keys::addAll);
    due.clear();
    keys.forEach(dueOf::remove);
    return new ArrayList<>(keys);
  }

  /** The deadline of {@code key}, or null when it has none. */
  Long dueOf(String key) {
    return dueOf.get(key);
  }

  int size() {
    return dueOf.size();
  }

  void clear() {
    byDue.clear();
    dueOf.clear();
  }
}
