package dev.vigil.streams.failover.topology;

import dev.vigil.streams.failover.ServiceState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded service states, at most {@code maxEntries}, least recently used evicted first. The store
 * stays the source of truth: an evicted service is decoded from it again on its next decision.
 */
final class LiveCache {
  private final LinkedHashMap<String, ServiceState> map;
  private final Runnable onEviction;

  LiveCache(int maxEntries, Runnable onEviction) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    this.onEviction = onEviction;
    this.map =
        new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ServiceState> eldest) {
            if (size() > maxEntries) {
              LiveCache.this.onEviction.run();
              return true;
            }
            return false;
          }
        };
  }

  /** Takes {@code service}'s state out of the cache (null when absent). */
  ServiceState remove(String service) {
    return map.remove(service);
  }

  void put(String service, ServiceState state) {
    map.put(service, state);
  }

  int size() {
    return map.size();
  }

  void clear() {
    map.clear();
  }
}
