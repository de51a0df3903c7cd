#!/usr/bin/env python3
# The flatpak manifest cannot be built here (no Flathub), so this checks
# what a build would trip on first: a runtime with at least the GTK and
# libadwaita the code is written for, a module for every library the
# desk needs that the GNOME runtime lacks, Debian's security fixes on the
# libraries that read applicants' PDFs, sources pinned by hash, and the
# desk itself built last from this checkout.
import json
import re
import sys

manifest = json.load(open(sys.argv[1]))
errors = []

if manifest.get("id") != "io.github.wangban.Desk":
    errors.append("the id is not io.github.wangban.Desk")
# GNOME 43 ships GTK 4.8 and libadwaita 1.2, as Debian 12 does.
version = manifest.get("runtime-version", "")
if manifest.get("runtime") != "org.gnome.Platform" or not version.isdigit() or int(version) < 43:
    errors.append("the runtime is not org.gnome.Platform 43 or later")
if manifest.get("command") != "wangban-desk":
    errors.append("the command is not wangban-desk")

modules = manifest.get("modules", [])
names = [m.get("name") for m in modules]
# poppler-data holds the CMaps of Chinese forms whose fonts are not
# embedded; without it their text does not show.
for needed in ("libsodium", "openjpeg", "poppler-data", "poppler"):
    if needed not in names:
        errors.append(f"no module builds {needed}, which the GNOME runtime lacks")
# Debian's released tarballs carry none of its later fixes; its patch
# series does.
for patched in ("openjpeg", "poppler"):
    module = modules[names.index(patched)] if patched in names else {}
    sources = module.get("sources", [])
    has_series = any(s.get("type") == "archive" and s.get("dest") == "debian" for s in sources)
    applies = any(s.get("type") == "shell" and any("debian/patches/series" in c for c in s.get("commands", []))
                  for s in sources)
    if patched in names and not (has_series and applies):
        errors.append(f"{patched} is built without Debian's patch series")
if not names or names[-1] != "wangban":
    errors.append("the wangban module is not built last")
else:
    sources = modules[-1].get("sources", [])
    if sources != [{"type": "dir", "path": ".."}]:
        errors.append("the wangban module does not build this checkout")

for module in modules:
    for source in module.get("sources", []):
        if source.get("type") == "archive" and not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
            errors.append(f"{module.get('name')}: an archive without a sha256")

for error in errors:
    print(error)
sys.exit(1 if errors else 0)
