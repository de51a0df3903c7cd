#!/usr/bin/env bash
# The document viewer against poppler's own pdftoppm:
#   1. wangban-render and pdftoppm -r 150 on the same pages, as ratios
#   2. opening scan-a4-300dpi-20p.pdf in the desk to its first page on
#      screen, against pdftoppm's time for that page
#   3. the desk's resident memory after paging through all 352 pages of
#      freeculture.pdf, against the page cache budget
#
#   bench/viewer.sh [BUILD_DIR]
#
# Parts 2 and 3 run the real desk window (bench/viewer-probe.c) against a
# real wangban-server, inside tests/desk/session-wrapper.sh (its own
# D-Bus, keyring and Xvfb), with GTK's software renderer as in the tests.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
corpus=$top/../shared/pdf-corpus
runs=${WB_BENCH_RUNS:-5}

ninja -C "$build" src/render/wangban-render bench/viewer-probe >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Median wall time of a command over $runs runs, in milliseconds.
median_ms() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

echo "== 1. one page at 150 dpi, median wall time of $runs runs (ms)"
echo "   wangban-render always writes a PNG; pdftoppm writes PPM by default,"
echo "   and PNG with -png. 'in poppler' is wangban-render's own figure for"
echo "   the page (its JSON), without start-up and PNG encoding."
printf '%-24s %4s %9s %10s %8s %6s %8s %6s\n' file page render 'in poppler' pdftoppm ratio '-png' ratio
for spec in scan-a4-300dpi-20p.pdf:1 scan-a4-300dpi-20p.pdf:10 scan-a4-300dpi-20p.pdf:20 \
            tracemonkey.pdf:1 tracemonkey.pdf:7 tracemonkey.pdf:14; do
  file=${spec%%:*} page=${spec##*:}
  ours=$(median_ms "$build/src/render/wangban-render" --pages "$page-$page" --dpi 150 --output "$out" "$corpus/$file")
  inside=$("$build/src/render/wangban-render" --pages "$page-$page" --dpi 150 --output "$out" "$corpus/$file" \
           | sed -n 's/.*"ms":\([0-9.]*\).*/\1/p')
  ppm=$(median_ms pdftoppm -r 150 -f "$page" -l "$page" "$corpus/$file" "$out/p")
  png=$(median_ms pdftoppm -png -r 150 -f "$page" -l "$page" "$corpus/$file" "$out/p")
  printf '%-24s %4s %9s %10s %8s %6s %8s %6s\n' "$file" "$page" "$ours" "$inside" \
    "$ppm" "$(awk -v a="$ours" -v b="$ppm" 'BEGIN { printf "%.2f", a / b }')" \
    "$png" "$(awk -v a="$ours" -v b="$png" 'BEGIN { printf "%.2f", a / b }')"
done

probe() {
  GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GSK_RENDERER=cairo \
  GTK_A11Y=none NO_AT_BRIDGE=1 WB_SOURCE_DIR="$top" WB_BUILD_DIR="$build" \
    "$top/tests/desk/session-wrapper.sh" "$build/bench/viewer-probe" "$@" 2>/dev/null | grep '"measure"'
}

echo
echo "== 2. open the scan in the desk to its first page on screen (ms)"
echo "   from case.open-material to the frame after the page arrived: first"
echo "   downloaded from the server, then again from the local cache"
first_page=$(median_ms pdftoppm -r 150 -f 1 -l 1 "$corpus/scan-a4-300dpi-20p.pdf" "$out/p")
for _ in 1 2 3; do probe open "$corpus/scan-a4-300dpi-20p.pdf"; done
echo "pdftoppm -r 150 -f 1 -l 1, median: $first_page"
uptime

echo
echo "== 3. desk memory after paging through freeculture.pdf (KiB)"
echo "   before: signed in with the case open; after: every page shown once"
probe rss "$corpus/freeculture.pdf"
