#!/usr/bin/env bash
# DeepStudy developer entry point. On a fresh Debian/Ubuntu machine with bash and python3:
#   ./dev.sh run     set up and launch the app (--voice, or VOICE=1: with Speak mode's
#                    offline speech-to-text, recording and replay, ~270 MB more)
#   ./dev.sh test    set up and run every check (ruff, mypy, pytest)
#   ./dev.sh bench   set up and run the benchmarks
#   ./dev.sh check   validate the content files
#   ./dev.sh snippets  run every python and pytorch block of the answers over 50 seeds
#   ./dev.sh dist    build the installable app: dist/DeepStudy/, a .deb and a .tar.gz
#   ./dev.sh voice-addon  build the deepstudy-voice add-on .deb for the built bundle
# Each step is skipped when already done, so a second run starts at once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
STAMP="$VENV/.deepstudy-installed"

# Qt's libraries: offscreen needs the first set, a real X11 window the second too.
QT_OFFSCREEN_PKGS=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0)
QT_X11_PKGS=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
             libxcb-shape0 libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0)
FONT_PKGS=(fonts-dejavu-core)
# Packaging: objdump and strip (binutils) for PyInstaller and the .deb's Depends, the Wayland
# client libraries the bundle links against, desktop-file-validate for the packaging test.
DIST_PKGS=(binutils desktop-file-utils libwayland-client0 libwayland-cursor0 libwayland-egl1)
# A virtual X display, so the packaging test can open the bundle in a real X11 window.
XVFB_PKGS=(xvfb xauth)
# Speak mode records and replays through PortAudio (sounddevice's Linux wheels leave it to
# the system); the tests' spoken answers come from espeak-ng (tests/core/test_voice.py).
VOICE_PKGS=(libportaudio2)
VOICE_TEST_PKGS=(espeak-ng "${VOICE_PKGS[@]}")

say() { printf '\033[1;34m[dev.sh]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[dev.sh]\033[0m %s\n' "$*" >&2; exit 1; }

missing_debs() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || printf '%s ' "$pkg"
    done
}

# Debian/Ubuntu split venv and ensurepip out of python3: the versioned package matches this
# interpreter, python3-venv is the fallback on older lists. Nothing when .venv exists already.
venv_debs() {
    [ -x "$PY" ] && return 0
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 && return 0
    local ver
    ver="$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    if apt-cache show "python${ver}-venv" >/dev/null 2>&1; then
        printf '%s\n' "python${ver}-venv"
    else
        printf '%s\n' python3-venv
    fi
}

# PyInstaller copies libpythonX.Y.so into the bundle; Debian ships it apart from python3, in
# the libpythonX.Y package, which a machine with only python3 may lack. Asked of python3 (the
# interpreter .venv is made from), so it is known before the venv exists.
libpython_debs() {
    local so libdir
    so="$(python3 -c 'import sysconfig; print(sysconfig.get_config_var("INSTSONAME") or "")')"
    libdir="$(python3 -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR") or "")')"
    case "$so" in libpython*.so*) ;; *) return 0 ;; esac
    [ -e "$libdir/$so" ] && return 0
    # grep reads all of ldconfig's output: an early exit would fail the pipe under pipefail.
    "$(command -v ldconfig || echo /sbin/ldconfig)" -p | grep -F "$so" >/dev/null && return 0
    printf '%s\n' "${so%%.so*}"
}

# Everything any command below needs, so that a person without root is told once.
all_debs() {
    printf '%s\n' "${QT_OFFSCREEN_PKGS[@]}" "${QT_X11_PKGS[@]}" "${FONT_PKGS[@]}" \
        "${DIST_PKGS[@]}" "${XVFB_PKGS[@]}" "${VOICE_TEST_PKGS[@]}"
    venv_debs
    libpython_debs
}

# The line a person pastes to install `$*`: with sudo where there is one, else through su
# (on a machine without sudo, "sudo apt-get" only says "command not found").
install_line() {
    local apt="apt-get update && apt-get install -y --no-install-recommends $*"
    if command -v sudo >/dev/null 2>&1; then
        printf 'sudo sh -c %s' "'$apt'"
    else
        printf "su -c '%s'" "$apt"
    fi
}

ensure_debs() {
    command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian system: skipping system packages"; return 0; }
    local missing
    missing="$(missing_debs "$@")"
    [ -z "$missing" ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo="sudo"
        else
            local -a wanted
            local everything
            mapfile -t wanted < <(all_debs)
            everything="$(missing_debs "${wanted[@]}" | sed 's/ *$//')"
            die "missing system packages, and no root to install them. As root (or with sudo), install what every ./dev.sh command needs (run, test, dist) in one go:
    $(install_line "$everything")
then run ./dev.sh $cmd again."
        fi
    fi
    say "installing system packages with apt-get (a minute or two the first time): $missing"
    # shellcheck disable=SC2086  # $sudo may be empty; $missing is one word per package
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        || ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing; then
        die "apt-get could not install: $missing"
    fi
}

# The stamp records the pyproject.toml it installed from and every extra installed so far:
# `run` (dev) after `test` (dev,build,voice) finds all it needs and installs nothing, and a
# command needing more installs the union, so switching back does not reinstall either.
stamp_hash() { sha256sum < "$ROOT/pyproject.toml" | cut -d' ' -f1; }

stamped_extras() {  # the extras the stamp holds for this pyproject.toml, one a line
    [ -f "$STAMP" ] || return 0
    local hash extras
    { read -r hash; read -r extras; } < "$STAMP" || true
    [ "$hash" = "$(stamp_hash)" ] || return 0
    printf '%s\n' "${extras//,/$'\n'}" | sed '/^$/d'
}

needed_extras() {  # $1 = comma-separated extras: those not installed yet, comma-separated
    local have extra out=""
    have=" $(stamped_extras | tr '\n' ' ') "
    for extra in ${1//,/ }; do
        case "$have" in *" $extra "*) ;; *) out="${out:+$out,}$extra" ;; esac
    done
    printf '%s' "$out"
}

ensure_venv() {
    if [ ! -x "$PY" ]; then
        local -a venv_pkgs
        mapfile -t venv_pkgs < <(venv_debs)
        ensure_debs "${venv_pkgs[@]}"
        say "creating virtual environment in .venv"
        python3 -m venv "$VENV" || die "python3 -m venv failed"
    fi
    local missing union
    missing="$(needed_extras "$1")"
    [ -z "$missing" ] && return 0
    union="$( { stamped_extras; printf '%s\n' "${1//,/$'\n'}"; } | sed '/^$/d' | sort -u | paste -sd, -)"
    say "installing DeepStudy and its Python dependencies ($union) into .venv with pip"
    "$PY" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    "$PY" -m pip install --progress-bar on -e "${ROOT}[${union}]" || die "pip install failed"
    printf '%s\n%s\n' "$(stamp_hash)" "$union" > "$STAMP"
}

ensure_libpython() {
    local -a pkgs
    mapfile -t pkgs < <(libpython_debs)
    ensure_debs "${pkgs[@]}"
}

# The read-only seed of the content caches (prerendered/, see studyapp/content/prerender.py),
# so a source run's first start is like an installed copy's; instant when already current.
# Only an optimisation: the app works without it, so a failure just says so.
ensure_seed() {
    (cd "$ROOT" && "$PY" -m studyapp.content.prerender >&2) \
        || say "could not prerender the answers; the first start will only be slower"
}

cmd="${1:-run}"
shift || true
case "$cmd" in
    run)
        extras=dev
        if [ "${1:-}" = "--voice" ]; then
            VOICE=1
            shift
        fi
        if [ "${VOICE:-0}" = "1" ]; then
            ensure_debs "${VOICE_PKGS[@]}"
            extras=dev,voice
        fi
        ensure_debs "${QT_OFFSCREEN_PKGS[@]}" "${QT_X11_PKGS[@]}" "${FONT_PKGS[@]}"
        ensure_venv "$extras"
        ensure_seed
        exec "$PY" "$ROOT/main.py" "$@"
        ;;
    test)
        # The packaging test (tests/packaging/) builds the bundle and the .deb, so the test
        # step needs everything `dist` needs.
        ensure_debs "${QT_OFFSCREEN_PKGS[@]}" "${QT_X11_PKGS[@]}" "${FONT_PKGS[@]}" \
            "${DIST_PKGS[@]}" "${XVFB_PKGS[@]}" "${VOICE_TEST_PKGS[@]}"
        ensure_venv dev,build,voice,anki-oracle
        ensure_libpython
        ensure_seed
        cd "$ROOT"
        say "ruff"
        "$VENV/bin/ruff" check studyapp tests benchmarks tools main.py
        "$VENV/bin/ruff" format --check studyapp tests benchmarks tools main.py \
            || die "ruff format would reformat the files listed above: run .venv/bin/ruff format"
        say "mypy"
        "$VENV/bin/mypy"
        say "pytest"
        exec "$PY" -m pytest "$@"
        ;;
    check)
        ensure_venv dev
        exec "$PY" "$ROOT/main.py" --check-content "$@"
        ;;
    bench)
        ensure_debs "${QT_OFFSCREEN_PKGS[@]}" "${FONT_PKGS[@]}"
        ensure_venv dev
        ensure_seed
        cd "$ROOT"
        exec "$PY" -m benchmarks "$@"
        ;;
    snippets)
        # PyTorch stays out of the app's environment: the answers' `pytorch` blocks run in an
        # environment of their own with CPU torch (pinned; about 750 MB the first time).
        ensure_venv dev
        SNIP="$ROOT/.venv-snippets"
        if [ ! -x "$SNIP/bin/python" ] || ! "$SNIP/bin/python" -c "import torch, numpy" 2>/dev/null; then
            say "creating .venv-snippets with CPU PyTorch (first run only)"
            python3 -m venv "$SNIP" || die "python3 -m venv failed"
            "$SNIP/bin/pip" install -q "torch==2.13.0" "numpy>=1.26,<3" || die "pip could not install torch"
        fi
        cd "$ROOT"
        exec "$PY" tools/run_snippets.py --python "$SNIP/bin/python" "$@"
        ;;
    dist)
        ensure_debs "${QT_OFFSCREEN_PKGS[@]}" "${QT_X11_PKGS[@]}" "${FONT_PKGS[@]}" "${DIST_PKGS[@]}"
        ensure_venv dev,build
        ensure_libpython
        exec bash "$ROOT/packaging/linux/dist.sh" "$@"
        ;;
    voice-addon)
        ensure_debs "${DIST_PKGS[@]}"
        ensure_venv dev,build
        exec bash "$ROOT/packaging/linux/build_voice_addon.sh" "$@"
        ;;
    *)
        die "unknown command '$cmd' (use: run [--voice], test, check, bench, snippets, dist, voice-addon)"
        ;;
esac
