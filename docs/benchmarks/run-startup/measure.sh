#!/usr/bin/env bash
# Times `vigil run` to its ready line and sums the RSS of every process naming the data dir.
# Usage: measure.sh DATA_DIR [LOG]   (an empty/absent DATA_DIR = first start; again = restart)
# Prints: wall_ms reported_ms rss_mb load
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
sleep 2
rss=$(ps -eo rss=,args= | grep -F -- "$D" | grep -v -e grep -e measure.sh | awk '{s+=$1} END {print int(s/1024)}')
kill -TERM "$pid"; wait "$pid" || true
reported=$(grep -o 'vigil ready in [0-9]*' "$LOG" | awk '{print $4}')
echo "$(( (t1 - t0) / 1000000 )) $reported $rss $load"
