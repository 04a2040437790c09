#!/usr/bin/env bash
# Turn the PyInstaller folder dist/DeepStudy into the two things a Linux user installs:
#   dist/deepstudy_<version>_<arch>.deb            apt install ./deepstudy_...deb
#   dist/deepstudy-<version>-linux-<machine>.tar.gz  unpack, then ./install.sh (no root needed)
# Usage: packaging/linux/build_packages.sh [BUNDLE_DIR [OUT_DIR]]   (./dev.sh dist calls it)
# Needs dpkg-deb, objdump (binutils) and ldconfig; the .deb's Depends are read from the bundle.
set -euo pipefail
shopt -s inherit_errexit  # a failure inside $(...) stops the script too
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUNDLE="$(cd "${1:-$ROOT/dist/DeepStudy}" && pwd)"
OUT="$(mkdir -p "${2:-$ROOT/dist}" && cd "${2:-$ROOT/dist}" && pwd)"
HERE="$ROOT/packaging/linux"

INIT="$ROOT/studyapp/__init__.py"
field() { sed -n "s/^$1 = \"\(.*\)\"$/\1/p" "$INIT"; }
APP_NAME="$(field APP_NAME)"   # DeepStudy: the executable's name
APP_ID="$(field APP_ID)"       # org.deepstudy.DeepStudy: desktop entry and icon name
VERSION="$(field __version__)"
PKG="$(printf '%s' "$APP_NAME" | tr '[:upper:]' '[:lower:]')"  # deepstudy: package and command
ARCH="$(dpkg --print-architecture)"
MACHINE="$(uname -m)"
DESKTOP_SRC="$ROOT/resources/linux/$APP_ID.desktop"
ICONS="$ROOT/resources/icons"

say() { printf '\033[1;34m[package]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[package]\033[0m %s\n' "$*" >&2; exit 1; }

[ -x "$BUNDLE/$APP_NAME" ] || die "no bundle at $BUNDLE (build it first: ./dev.sh dist)"
command -v objdump >/dev/null || die "objdump not found (apt-get install binutils)"
LDCONFIG="$(command -v ldconfig || echo /sbin/ldconfig)"  # /sbin is not on a user's PATH

# Freedesktop files shared by both packages: the desktop entry and the icon at every size
# we have, so menus, docks and task switchers never scale a blurry one.
install_share() {  # $1 = a .../share folder
    local share="$1" png size
    install -D -m 644 "$DESKTOP_SRC" "$share/applications/$APP_ID.desktop"
    for png in "$ICONS"/"$PKG"-*.png; do
        size="${png##*-}"
        size="${size%.png}"
        install -D -m 644 "$png" "$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    install -D -m 644 "$ICONS/$PKG.svg" "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
}

# The Debian packages owning the shared libraries the bundle links against but does not ship
# (build.spec leaves the desktop's own libraries to the system).
system_depends() {
    local needed shipped soname path candidate owner
    needed="$(find "$BUNDLE" -type f \( -name '*.so*' -o -name "$APP_NAME" \) -print0 \
        | xargs -0 -n 50 objdump -p 2>/dev/null | awk '$1 == "NEEDED" {print $2}' | sort -u)"
    shipped="$(find "$BUNDLE" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u)"
    for soname in $(comm -23 <(printf '%s\n' "$needed") <(printf '%s\n' "$shipped")); do
        # awk reads to the end (no early exit): under pipefail a SIGPIPE would fail the pipeline.
        path="$("$LDCONFIG" -p | awk -v so="$soname" '$1 == so && !found {print $NF; found = 1}')"
        [ -n "$path" ] || die "$soname (needed by the bundle) is not installed here, so its package is unknown; install Qt's X11 libraries first (./dev.sh dist does)"
        owner=""
        for candidate in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
            owner="$(dpkg -S "$candidate" 2>/dev/null | awk -F: 'NR == 1 {print $1}')" && [ -n "$owner" ] && break
        done
        [ -n "$owner" ] || die "no Debian package owns $path ($soname)"
        printf '%s\n' "$owner"
    done | sort -u
}

build_deb() {
    local stage="$OUT/deb-root" deb="$OUT/${PKG}_${VERSION}_${ARCH}.deb" depends
    rm -rf "$stage"
    mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/doc/$PKG"
    cp -a "$BUNDLE" "$stage/opt/$PKG"
    # The bootloader finds its files through /proc/self/exe, so a symlink on the PATH works.
    ln -s "/opt/$PKG/$APP_NAME" "$stage/usr/bin/$PKG"
    install_share "$stage/usr/share"
    install -m 644 "$HERE/copyright" "$stage/usr/share/doc/$PKG/copyright"
    # fontconfig-config: the font configuration (and, through it, at least one font) Qt needs.
    say "reading the bundle's system libraries for the .deb's Depends"
    depends="$(system_depends)"
    depends="$(printf '%s\nfontconfig-config\n' "$depends" | sort -u | paste -sd, | sed 's/,/, /g')"
    cat > "$stage/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: DeepStudy team <deepstudy@example.org>
Section: education
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Depends: $depends
Description: study deep-learning interview questions offline
 DeepStudy holds 50 classic deep-learning interview questions with model
 answers (formulas, code, figures), a self-assessment quiz scheduled by
 FSRS spaced repetition, and a dashboard showing weak topics. It never
 uses the network; progress is kept in ~/.local/share/$PKG.
EOF
    # Checksums of every installed file, for `dpkg --verify deepstudy`.
    (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' \
        | LC_ALL=C sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
    # No maintainer scripts: dpkg triggers of desktop-file-utils and the hicolor icon theme
    # refresh the menu and icon caches. xz keeps the download small; gzip when speed matters.
    say "compressing the .deb with ${DEB_COMPRESSION:-xz} (the longest step: up to a minute or two)"
    dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$stage" "$deb" >/dev/null
    rm -rf "$stage"
    say "built $deb ($(du -h "$deb" | cut -f1))"
}

build_tarball() {
    local name="$PKG-$VERSION-linux-$MACHINE" stage="$OUT/tar-root"
    rm -rf "$stage"
    mkdir -p "$stage/$name"
    cp -a "$BUNDLE" "$stage/$name/$APP_NAME"
    install_share "$stage/$name/share"
    install -m 755 "$HERE/install.sh" "$stage/$name/install.sh"
    say "packing the .tar.gz (about half a minute)"
    tar -C "$stage" -czf "$OUT/$name.tar.gz" "$name"
    rm -rf "$stage"
    say "built $OUT/$name.tar.gz ($(du -h "$OUT/$name.tar.gz" | cut -f1))"
}

build_deb
build_tarball
