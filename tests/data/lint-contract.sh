#!/usr/bin/env bash
# Lints the OpenAPI contract with Redocly. build-aux/wb test installs the
# pinned linter into the build directory first; without it this fails.
set -euo pipefail
redocly=$1/redocly/node_modules/.bin/redocly
contract=$2
if [ ! -x "$redocly" ]; then
  echo "Redocly CLI is not installed in $1/redocly; run build-aux/wb test" >&2
  exit 1
fi
"$redocly" lint --format=stylish "$contract"
