package dev.vigil.redactionrules;

import dev.vigil.redactionrules.ops.Operator;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;

/** The compiled per-field work of a rule set: one target per string or string-map field. */
final class Targets {
  private Targets() {}

  /** Work on one field of a (deep-copied) event. */
  interface Target {
    String path();

    void apply(IndexedRecord root, RecordContext ctx) throws Exception;
  }

  private static IndexedRecord parent(IndexedRecord root, int[] pos) {
    IndexedRecord r = root;
    for (int i = 0; i < pos.length - 1 && r != null; i++) {
      r = (IndexedRecord) r.get(pos[i]);
    }
    return r;
  }

  /** A string field: its rule if it has one, else the scan. */
  record StringTarget(String path, int[] pos, boolean nullable, Operator rule) implements Target {
    @Override
    public void apply(IndexedRecord root, RecordContext ctx) throws Exception {
      IndexedRecord p = parent(root, pos);
      int at = pos[pos.length - 1];
      Object v = p == null ? null : p.get(at);
      if (v == null) {
        return;
      }
      String s = v.toString();
      if (rule == null) {
        String r = ctx.scan(path, s);
        if (r != s) {
          p.put(at, r);
        }
      } else if (!rule.keeps()) {
        ctx.at(path, rule.name());
        p.put(at, rule.drops() ? (nullable ? null : "") : rule.apply(s, "redacted"));
        ctx.operatorApplied(rule.name());
      }
    }
  }

  /** A map of strings: per-key rules, then the {@code *} rule, else the scan of each value. */
  record MapTarget(
      String path, int[] pos, Map<String, Operator> keyRules, Operator wildcard, Operator whole)
      implements Target {
    @Override
    public void apply(IndexedRecord root, RecordContext ctx) throws Exception {
      IndexedRecord p = parent(root, pos);
      int at = pos[pos.length - 1];
      @SuppressWarnings("unchecked")
      Map<Object, Object> m = p == null ? null : (Map<Object, Object>) p.get(at);
      if (m == null || m.isEmpty()) {
        return;
      }
      if (whole != null) {
        ctx.at(path, whole.name());
        m.clear(); // whole-map rules are always drop
        ctx.operatorApplied(whole.name());
        return;
      }
      Iterator<Map.Entry<Object, Object>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Object, Object> e = it.next();
        if (e.getValue() == null) {
          continue;
        }
        String value = e.getValue().toString();
        Operator rule = keyRules.isEmpty() ? null : keyRules.get(e.getKey().toString());
        if (rule == null) {
          rule = wildcard;
        }
        if (rule == null) {
          String r = ctx.scan(path, value);
          if (r != value) {
            e.setValue(r);
          }
        } else if (!rule.keeps()) {
          ctx.at(path, rule.name());
          if (rule.drops()) {
            it.remove();
          } else {
            e.setValue(rule.apply(value, "redacted"));
          }
          ctx.operatorApplied(rule.name());
        }
      }
    }
  }
}
