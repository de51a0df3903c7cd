#!/bin/sh
# Runs a desk test inside its own D-Bus session with gnome-keyring (a real
# Secret Service) and a virtual X display. The keyring is a plain,
# unlocked one made for the run, so nothing prompts for a password.
set -e
home=$(mktemp -d /tmp/wangban-desk-test-XXXXXX)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
       XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME/keyrings"
chmod 700 "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME/keyrings"
cat > "$XDG_DATA_HOME/keyrings/login.keyring" <<KEYRING
[keyring]
display-name=login
ctime=0
mtime=0
lock-on-idle=false
lock-after=false
KEYRING
echo login > "$XDG_DATA_HOME/keyrings/default"

# The keyring daemon must not outlive the test: a leftover process that
# holds the output open keeps the test runner waiting.
dbus-run-session -- sh -c '
  gnome-keyring-daemon --foreground --components=secrets </dev/null >/dev/null 2>&1 &
  keyring=$!
  status=0
  xvfb-run -a -s "-screen 0 1400x900x24" "$@" || status=$?
  kill $keyring 2>/dev/null || true
  exit $status
' sh "$@"
