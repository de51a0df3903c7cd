#!/bin/sh
# Fails unless every user-visible string has a Chinese translation: the
# desk must read as Chinese throughout under LANG=zh_CN.UTF-8.
set -e
po=$1
top=$2
pot=$(mktemp)
merged=$(mktemp)
trap 'rm -f "$pot" "$merged"' EXIT
cd "$top"
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --files-from=po/POTFILES.in --output="$pot" 2>/dev/null
msgmerge --quiet --no-fuzzy-matching --output-file="$merged" "$po" "$pot"
stats=$(msgfmt --statistics -o /dev/null "$merged" 2>&1)
echo "$stats"
case "$stats" in
  *untranslated*|*fuzzy*) exit 1 ;;
esac
