#!/usr/bin/env bash
# Starts `vigil run` on DATA_DIR and, at its ready line, prints the CPU seconds (user + system) each
# process naming the data dir has used so far, then the wall and reported times; then stops it.
# Usage: cpu.sh DATA_DIR   (VIGIL_JAVA_OPTS etc. pass through)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
D="$(mkdir -p "$1" && cd "$1" && pwd)"
LOG="$D.cpu.log"
t0=$(date +%s%N)
VIGIL_SKIP_BUILD=1 "$ROOT/vigil" run --data-dir "$D" >"$LOG" 2>&1 &
pid=$!
until grep -q "vigil ready in" "$LOG"; do
  kill -0 "$pid" 2>/dev/null || { echo "vigil exited; see $LOG" >&2; exit 1; }
  sleep 0.05
done
t1=$(date +%s%N)
for p in $(pgrep -f -- "$D"); do
  [ "$p" = "$$" ] && continue # this script names the dir too
  [ -r "/proc/$p/stat" ] || continue
  what=$(tr '\0' ' ' <"/proc/$p/cmdline" | grep -o -e 'dev.vigil.app.Main' -e 'apicurio-registry-app' -e '^sh -c' | head -1 || true)
  awk -v w="${what:-other}" '{printf "%s cpu=%.2fs\n", w, ($14+$15)/100}' "/proc/$p/stat"
done
echo "wall $(( (t1 - t0) / 1000000 )) ms; $(grep -o 'vigil ready in [0-9]* ms' "$LOG")"
kill -TERM "$pid"; wait "$pid" || true
