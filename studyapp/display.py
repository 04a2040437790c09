"""What Qt needs from the session, settled before Qt loads: a display to draw on (without one
Qt aborts the process with a message about a missing xcb-cursor library, which sends a person
hunting for packages that are installed; newcomer review, 4) and a UTF-8 locale (7)."""

from __future__ import annotations

import sys
from collections.abc import Mapping, MutableMapping

from studyapp import APP_NAME

# Qt's platform plugins that need a running desktop: the X11 and Wayland clients.
_DESKTOP_PLATFORMS = {"", "xcb", "wayland", "wayland-egl"}


def missing_display(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """A plain message when this is a Linux/BSD session with no desktop to draw on, else None.
    Windows and macOS always have one; a platform chosen in QT_QPA_PLATFORM other than X11
    or Wayland (offscreen, vnc, eglfs) needs none."""
    if platform.startswith(("win", "darwin")):
        return None
    wanted = {name.strip() for name in environ.get("QT_QPA_PLATFORM", "").split(";")}
    if not wanted <= _DESKTOP_PLATFORMS:
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        f"{APP_NAME} needs a desktop to show its window, and none was found: neither DISPLAY "
        "nor WAYLAND_DISPLAY is set (a text console, or an SSH login without -X). Start it "
        f"from your desktop session, or with `ssh -X`. To check it works on this machine "
        f"without a desktop, run `{APP_NAME.lower()} --smoke-test`."
    )


def utf8_locale_for_qt(environ: MutableMapping[str, str], platform: str = sys.platform) -> bool:
    """In a C or POSIX locale (a minimal system, a service, `env -i`) give Qt a UTF-8 one
    before it starts, as Python's own start-up does for a source run (PEP 538); the frozen
    bundle's interpreter does not, and Qt then printed four lines of warning on every start.
    Only the character type changes, so messages and formats stay as the system has them;
    an LC_ALL the person set is theirs to keep. True when it changed something."""
    if platform.startswith(("win", "darwin")) or environ.get("LC_ALL"):
        return False
    current = environ.get("LC_CTYPE") or environ.get("LANG") or ""
    if "utf-8" in current.lower() or "utf8" in current.lower():
        return False
    if current not in ("", "C", "POSIX"):
        return False  # another character set chosen on purpose (ISO-8859-1): leave it
    environ["LC_CTYPE"] = "C.UTF-8"
    return True
