#!/usr/bin/env bash
# The inbox benchmark: one unit, one state, sorted by deadline, a page of
# 50, 32 connections, against a server holding a million cases. Prints
# req/s, p50/p99 latency, the same SQL timed in the sqlite3 shell, and the
# ratio of the two.
#
#   bench/inbox.sh [BUILD_DIR]        (default: build)
#
# The million-case database is made once in $WB_BENCH_DIR (default
# /tmp/wangban-bench-1m) and reused.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$top/build}
server=$build/src/server/wangban-server
dir=${WB_BENCH_DIR:-/tmp/wangban-bench-1m}
cases=${WB_BENCH_CASES:-1000000}
duration=${WB_BENCH_SECONDS:-30}
unit=210102
state=unit_review

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }

mkdir -p "$dir"
log=$dir/server.log
out=$dir/server.out
started=$(date +%s)
"$server" --demo-scale "$cases" --data-dir "$dir" --listen 127.0.0.1:0 >"$out" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until grep -q '^listening on ' "$out" 2>/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "server failed:"; tail "$log"; exit 1; }
  sleep 0.5
done
echo "server ready after $(( $(date +%s) - started )) s (seeding included on first run)"
base=$(sed -n 's/^listening on \(.*\)\/$/\1/p' "$out")

token=$(curl -sf -X POST "$base/api/v1/sessions" -H 'Content-Type: application/json' \
  -d "{\"username\":\"handler.$unit\",\"password\":\"Wangban-Demo-2026\"}" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
url="$base/api/v1/cases?unit=$unit&state=$state&sort=deadline&limit=50"
rows=$(sqlite3 "$dir/wangban.db" "SELECT COUNT(*) FROM cases")
matching=$(sqlite3 "$dir/wangban.db" "SELECT COUNT(*) FROM cases WHERE unit_code='$unit' AND state='$state'")
echo "cases: $rows; in unit $unit and state $state: $matching"

# Warm the page cache, then measure.
WB_TOKEN=$token wrk -t2 -c32 -d3s -s "$top/bench/inbox.lua" "$url" >/dev/null
wrk_out=$(WB_TOKEN=$token wrk -t2 -c32 -d"${duration}s" --latency -s "$top/bench/inbox.lua" "$url")
echo "$wrk_out"

to_ms() {
  awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.3f", v }'
}
# One connection: the time the server spends on one request, with no
# queueing behind the other 31; this is what the raw query compares with.
single_out=$(WB_TOKEN=$token wrk -t1 -c1 -d10s --latency -s "$top/bench/inbox.lua" "$url")
rps=$(echo "$wrk_out" | awk '/Requests\/sec/ { print $2 }')
p50=$(echo "$wrk_out" | awk '$1 == "50%" { print $2 }' | to_ms)
p99=$(echo "$wrk_out" | awk '$1 == "99%" { print $2 }' | to_ms)
errors=$(echo "$wrk_out" | grep -c 'Non-2xx' || true)
single_p50=$(echo "$single_out" | awk '$1 == "50%" { print $2 }' | to_ms)
single_rps=$(echo "$single_out" | awk '/Requests\/sec/ { print $2 }')

# The statement the server runs for this page (wb-store-cases.c), timed
# in the sqlite3 shell over many runs.
sql="SELECT c.id, c.case_no, c.upstream_id, c.source, c.item_code, c.item_version, i.name,
 c.unit_code, c.state, c.stage, c.assignee_id, a.username, a.display_name,
 c.applicant_name, c.applicant_id_number, c.applicant_phone, c.applicant_address,
 c.submitted_at, c.received_on, c.deadline, c.clock_stopped_on, c.deadline_extended,
 c.supplement_count, c.delivery_method, c.delivery_address, c.tracking_no, c.pickup_slot,
 c.result, c.refusal_basis, c.refusal_reason, c.fees_collected, c.version, c.updated_at
 FROM cases c JOIN items i ON i.code = c.item_code AND i.version = c.item_version
 LEFT JOIN users a ON a.id = c.assignee_id
 WHERE 1 = 1 AND c.unit_code IN ('$unit') AND c.state IN ('$state')
 ORDER BY c.deadline ASC, c.id ASC LIMIT 51;"
runs=2000
script=$(mktemp)
{ for _ in $(seq $runs); do echo "$sql"; done; } > "$script"
t0=$(date +%s%N)
sqlite3 "$dir/wangban.db" < "$script" > /dev/null
t1=$(date +%s%N)
rm -f "$script"
raw_ms=$(awk -v a="$t0" -v b="$t1" -v n=$runs 'BEGIN { printf "%.3f", (b - a) / 1e6 / n }')
ratio=$(awk -v s="$single_p50" -v r="$raw_ms" 'BEGIN { printf "%.1f", s / r }')

echo
echo "inbox page (unit $unit, state $state, by deadline, 50 rows)"
echo "32 connections, ${duration} s:"
echo "  requests/s:       $rps"
echo "  latency p50:      $p50 ms"
echo "  latency p99:      $p99 ms   (target <= 20 ms)"
echo "one connection, 10 s:"
echo "  requests/s:       $single_rps"
echo "  latency p50:      $single_p50 ms"
echo "raw SQL in the sqlite3 shell: $raw_ms ms per query (mean of $runs runs)"
echo "server (one connection, p50) / raw SQL: ${ratio}x   (target <= 2x)"
[ "$errors" -eq 0 ] || echo "  WARNING: wrk saw non-2xx answers"
