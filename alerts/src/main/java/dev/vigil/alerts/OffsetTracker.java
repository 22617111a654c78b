package dev.vigil.alerts;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: a record's offset counts as done once every destination it was
 * handed to has delivered (or parked) it; per partition the commit point is the first offset not
 * yet done. Thread-safe: deliveries finish on the destinations' threads.
 */
final class OffsetTracker {
  private final Map<TopicPartition, TreeMap<Long, int[]>> pending = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** Registers {@code offset} as waiting for one more delivery (call before handing it over). */
  synchronized void add(TopicPartition tp, long offset) {
    pending.computeIfAbsent(tp, k -> new TreeMap<>()).computeIfAbsent(offset, k -> new int[1])[0]++;
  }

  /** One delivery of {@code offset} finished. */
  synchronized void done(TopicPartition tp, long offset) {
    TreeMap<Long, int[]> offsets = pending.get(tp);
    if (offsets == null) {
      return; // partition revoked meanwhile
    }
    int[] count = offsets.get(offset);
    if (count != null && count[0] > 0) {
      count[0]--;
    }
  }

  /** The commit points that moved since the last call. */
  synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (Map.Entry<TopicPartition, TreeMap<Long, int[]>> e : pending.entrySet()) {
      Long next = null;
      Iterator<Map.Entry<Long, int[]>> it = e.getValue().entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, int[]> o = it.next();
        if (o.getValue()[0] > 0) {
          break;
        }
        next = o.getKey() + 1;
        it.remove();
      }
      if (next != null && !next.equals(committed.get(e.getKey()))) {
        committed.put(e.getKey(), next);
        out.put(e.getKey(), new OffsetAndMetadata(next));
      }
    }
    return out;
  }

  /** Records waiting for a delivery, over all partitions. */
  synchronized int waiting() {
    int n = 0;
    for (TreeMap<Long, int[]> offsets : pending.values()) {
      for (int[] c : offsets.values()) {
        if (c[0] > 0) {
          n++;
        }
      }
    }
    return n;
  }

  /** Forgets revoked partitions (their deliveries still finish; the new owner may repeat them). */
  synchronized void forget(Iterable<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      pending.remove(tp);
      committed.remove(tp);
    }
  }
}
