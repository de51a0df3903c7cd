#!/bin/sh
# End to end: `wangban-desk --demo` starts its own demo server, a person
# signs in with a demo account, and the inbox shows rows. The desk reports
# its milestones (WANGBAN_TRACE) and any main-loop iteration over 100 ms
# (WANGBAN_WATCHDOG); one slow iteration fails the test.
set -u
desk=$1
log=$(mktemp)
fail() { echo "not ok 1 - $1"; echo "# desk log:"; sed 's/^/#   /' "$log"; kill "$pid" 2>/dev/null; exit 1; }

echo "1..1"
WANGBAN_TRACE=1 WANGBAN_WATCHDOG=100 "$desk" --demo 2>"$log" &
pid=$!

wait_for() {
  i=0
  while ! grep -q "$1" "$log"; do
    i=$((i + 1))
    [ $i -le 600 ] || fail "no $1 within 60 s"
    kill -0 "$pid" 2>/dev/null || fail "the desk exited before $1"
    sleep 0.1
  done
}

i=0
wid=
while [ -z "$wid" ]; do
  i=$((i + 1))
  [ $i -le 300 ] || fail "no window appeared within 30 s"
  kill -0 "$pid" 2>/dev/null || fail "the desk exited before showing a window"
  wid=$(xdotool search --onlyvisible --name "Wangban Desk" 2>/dev/null | head -n1)
  sleep 0.1
done
wait_for '"event":"server-ready"'
sleep 1
# Type as a person would: the username field has the focus.
xdotool mousemove --window "$wid" 400 300
xdotool type --delay 15 "handler.210102"
xdotool key Return
xdotool type --delay 15 "Wangban-Demo-2026"
xdotool key Return
wait_for '"event":"first-rows"'

kill -TERM "$pid"
wait "$pid" 2>/dev/null
if grep -q '"event":"slow-iteration"' "$log"; then
  fail "a main-loop iteration took longer than 100 ms"
fi
grep '"event"' "$log" | sed 's/^/# /'
echo "ok 1 - the desk signs in to its demo server and shows the inbox"
