#!/usr/bin/env python3
# The flatpak manifest cannot be built here (no Flathub), so this checks
# what a build would trip on first: the runtime whose GTK and libadwaita
# match the versions the code is written for, a module for every library
# the desk links that the GNOME runtime lacks, sources pinned by hash,
# and the desk itself built last from this checkout.
import json
import re
import sys

manifest = json.load(open(sys.argv[1]))
errors = []

if manifest.get("id") != "io.github.wangban.Desk":
    errors.append("the id is not io.github.wangban.Desk")
# GNOME 43 ships GTK 4.8 and libadwaita 1.2, as Debian 12 does.
if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("runtime-version") != "43":
    errors.append("the runtime is not org.gnome.Platform 43")
if manifest.get("command") != "wangban-desk":
    errors.append("the command is not wangban-desk")

modules = manifest.get("modules", [])
names = [m.get("name") for m in modules]
for needed in ("libsodium", "openjpeg", "poppler"):
    if needed not in names:
        errors.append(f"no module builds {needed}, which the GNOME runtime lacks")
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
