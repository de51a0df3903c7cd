#!/usr/bin/env bash
# Fails when the server serves a route the contract does not describe, or
# the contract describes one the server does not serve.
set -euo pipefail
server=$1
contract=$2

served=$(mktemp); described=$(mktemp)
trap 'rm -f "$served" "$described"' EXIT

"$server" --print-routes | sort > "$served"

# Paths sit at two spaces under `paths:`, their methods at four.
awk '
  /^paths:/ { in_paths = 1; next }
  /^[^ #]/ { in_paths = 0 }
  in_paths && /^  \/[^ ]*:[ ]*$/ { path = $1; sub(/:$/, "", path); next }
  in_paths && /^    (get|put|post|delete|patch|head|options):[ ]*$/ {
    m = $1; sub(/:$/, "", m); print toupper(m) " " path
  }
' "$contract" | sort > "$described"

echo "1..2"
if missing=$(comm -23 "$served" "$described") && [ -z "$missing" ]; then
  echo "ok 1 - every served route is in the contract"
else
  echo "not ok 1 - served but not described:"; echo "$missing" | sed 's/^/#   /'
  fail=1
fi
if extra=$(comm -13 "$served" "$described") && [ -z "$extra" ]; then
  echo "ok 2 - every described route is served"
else
  echo "not ok 2 - described but not served:"; echo "$extra" | sed 's/^/#   /'
  fail=1
fi
[ "${fail:-0}" -eq 0 ] && [ -s "$served" ]
