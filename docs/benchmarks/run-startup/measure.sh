#!/usr/bin/env bash
# Times `vigil run` to its ready line and sums the RSS of every process naming the data dir.
# Usage: measure.sh DATA_DIR [LOG]   (an empty/absent DATA_DIR = first start; again = restart)
# Prints: wall_ms reported_ms rss_mb load
# With CPU=1 it first prints, at the ready line, the CPU seconds (user + system) each of those
# processes has used so far. VIGIL_JAVA_OPTS etc. pass through to ./vigil.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
D="$(mkdir -p "$1" && cd "$1" && pwd)"
LOG="${2:-$D.log}"
load=$(cut -d' ' -f1 /proc/loadavg)
t0=$(date +%s%N)
VIGIL_SKIP_BUILD=1 "$ROOT/vigil" run --data-dir "$D" >"$LOG" 2>&1 &
pid=$!
until grep -q "vigil ready in" "$LOG"; do
  kill -0 "$pid" 2>/dev/null || { echo "vigil exited; see $LOG" >&2; exit 1; }
  sleep 0.05
done
t1=$(date +%s%N)
if [ "${CPU:-0}" = "1" ]; then
  for p in $(pgrep -f -- "$D"); do
    [ "$p" = "$$" ] && continue # this script names the dir too
    [ -r "/proc/$p/stat" ] || continue
    what=$(tr '\0' ' ' <"/proc/$p/cmdline" | grep -o -e 'dev.vigil.app.Main' -e 'apicurio-registry-app' -e '^sh -c' | head -1 || true)
    awk -v w="${what:-other}" '{printf "%s cpu=%.2fs\n", w, ($14+$15)/100}' "/proc/$p/stat"
  done
fi
sleep 2
rss=$(ps -eo rss=,args= | grep -F -- "$D" | grep -v -e grep -e measure.sh | awk '{s+=$1} END {print int(s/1024)}')
kill -TERM "$pid"; wait "$pid" || true
reported=$(grep -o 'vigil ready in [0-9]*' "$LOG" | awk '{print $4}')
echo "$(( (t1 - t0) / 1000000 )) $reported $rss $load"
