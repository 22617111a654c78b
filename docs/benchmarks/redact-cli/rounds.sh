#!/usr/bin/env bash
# Rounds of `vigil redact` against @redactpii/node on the same NDJSON, back to back.
# Usage: rounds.sh EVENTS.ndjson KEYS_DIR N [OTHER_VIGIL_TREE]
#   EVENTS.ndjson: `node bench/js/make-events.js 100000 > events.ndjson`; KEYS_DIR: a redaction
#   keyset dir (`vigil keys`, or DATA_DIR/keys/redaction of a `vigil run`); `npm ci` in bench/js first.
#   With OTHER_VIGIL_TREE (another checkout, built), it runs there too in each round (before/after).
# Prints per round: load at the start, then wall s and user CPU s of each tool, and node's own
# loop timer. Output files go to a temporary dir and are compared (Vigil trees must agree).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
IN="$1"; KEYS="$2"; N="$3"; OTHER="${4:-}"
RULES="$ROOT/redaction-rules/src/main/resources/rules/default.yaml"
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT
timed() { # label, dir, command...
  local label="$1" dir="$2"; shift 2
  (cd "$dir" && /usr/bin/time -f "%e %U" -o "$T/time" "$@" >"$T/$label.stdout" 2>"$T/$label.stderr")
  printf ' | %s %s' "$label" "$(tr '\n' ' ' <"$T/time")"
}
for i in $(seq 1 "$N"); do
  printf 'round %s load %s' "$i" "$(cut -d' ' -f1 /proc/loadavg)"
  timed vigil "$ROOT" env VIGIL_SKIP_BUILD=1 ./vigil redact --keys "$KEYS" --rules "$RULES" --in "$IN" --out "$T/vigil.ndjson"
  if [ -n "$OTHER" ]; then
    timed other "$OTHER" env VIGIL_SKIP_BUILD=1 ./vigil redact --keys "$KEYS" --rules "$RULES" --in "$IN" --out "$T/other.ndjson"
    cmp -s "$T/vigil.ndjson" "$T/other.ndjson" || echo " OUTPUTS DIFFER"
  fi
  timed node "$ROOT/bench/js" node redact-js.js redactpii "$IN" "$T/node.ndjson"
  printf ' (loop %s)\n' "$(grep -o 'in [0-9.]* s' "$T/node.stderr" | cut -d' ' -f2)"
done
