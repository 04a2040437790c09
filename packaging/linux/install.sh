#!/bin/sh
# Install DeepStudy for the current user, without root:
#   ./install.sh              copy the app to ~/.local/lib/deepstudy, put `deepstudy` in
#                             ~/.local/bin and DeepStudy in the applications menu
#   ./install.sh --uninstall  remove all of that again (your study progress stays)
# Your progress lives in ~/.local/share/deepstudy (or $XDG_DATA_HOME/deepstudy), never in the
# program folder, so reinstalling or uninstalling the app never touches it.
set -eu

APP_NAME=DeepStudy
APP_ID=org.deepstudy.DeepStudy
PKG=deepstudy

HERE="$(cd "$(dirname "$0")" && pwd)"
SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
APP_DIR="$HOME/.local/lib/$PKG"
BIN_DIR="$HOME/.local/bin"
DESKTOP_FILE="$SHARE/applications/$APP_ID.desktop"

refresh_caches() {
    # Menus and icon themes notice new files by themselves on most desktops; these just help.
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$SHARE/icons/hicolor/index.theme" ] \
        && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
}

uninstall() {
    rm -rf "$APP_DIR"
    # Remove the command only if it is ours, never someone else's `deepstudy`.
    if [ -L "$BIN_DIR/$PKG" ] && [ "$(readlink "$BIN_DIR/$PKG")" = "$APP_DIR/$APP_NAME" ]; then
        rm -f "$BIN_DIR/$PKG"
    fi
    rm -f "$DESKTOP_FILE"
    find "$SHARE/icons/hicolor" -path "*/apps/$APP_ID.*" -delete 2>/dev/null || true
    refresh_caches
    echo "$APP_NAME removed. Your progress is still in ${XDG_DATA_HOME:-$HOME/.local/share}/$PKG;"
    echo "delete that folder too if you want to forget it."
}

install_app() {
    [ -x "$HERE/$APP_NAME/$APP_NAME" ] || { echo "install.sh: $HERE/$APP_NAME/$APP_NAME not found" >&2; exit 1; }
    rm -rf "$APP_DIR"
    mkdir -p "$APP_DIR" "$BIN_DIR" "$SHARE/applications"
    cp -R "$HERE/$APP_NAME/." "$APP_DIR/"
    cp "$HERE/install.sh" "$APP_DIR/install.sh"  # so `--uninstall` works after this folder is gone
    ln -sfn "$APP_DIR/$APP_NAME" "$BIN_DIR/$PKG"
    (cd "$HERE/share" && find icons -type f) | while read -r icon; do
        mkdir -p "$(dirname "$SHARE/$icon")"
        cp "$HERE/share/$icon" "$SHARE/$icon"
    done
    # ~/.local/bin is not on every desktop session's PATH: the menu entry uses the full path,
    # quoted as the desktop entry specification asks (\ " ` $ escaped).
    exec_path="$(printf '%s' "$APP_DIR/$APP_NAME" | sed 's/[\\"`$]/\\\\&/g')"
    while IFS= read -r line; do
        case "$line" in
            Exec=*) printf 'Exec="%s"\n' "$exec_path" ;;
            *) printf '%s\n' "$line" ;;
        esac
    done < "$HERE/share/applications/$APP_ID.desktop" > "$DESKTOP_FILE"
    refresh_caches
    echo "$APP_NAME installed in $APP_DIR."
    echo "Start it from your applications menu, or run: $BIN_DIR/$PKG"
    case ":$PATH:" in
        *":$BIN_DIR:"*) ;;
        *) echo "(add $BIN_DIR to your PATH to start it as plain \`$PKG\`)" ;;
    esac
    echo "Uninstall with: $APP_DIR/install.sh --uninstall"
}

case "${1:-}" in
    "") install_app ;;
    --uninstall) uninstall ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) echo "install.sh: unknown option '$1' (use --uninstall or --help)" >&2; exit 2 ;;
esac
