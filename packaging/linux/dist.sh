#!/usr/bin/env bash
# Build the PyInstaller bundle, then the .deb and the .tar.gz from it.
# Usage: packaging/linux/dist.sh [DIST_DIR [WORK_DIR]]   (defaults: dist/ and build/)
# `./dev.sh dist` installs what this needs first (PyInstaller, binutils, Qt's X11 libraries);
# the packaging test calls it with temporary folders so parallel runs never share one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
DIST="$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)"
WORK="${2:-$ROOT/build}"

say() { printf '\033[1;34m[dist]\033[0m %s\n' "$*" >&2; }

started=$SECONDS
say "building the bundle with PyInstaller (a few minutes the first time)"
"$PY" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$ROOT/build.spec"
say "bundle: $DIST/DeepStudy, $(du -sh "$DIST/DeepStudy" | cut -f1), built in $((SECONDS - started)) s"
bash "$ROOT/packaging/linux/build_packages.sh" "$DIST/DeepStudy" "$DIST"
say "done in $((SECONDS - started)) s"
