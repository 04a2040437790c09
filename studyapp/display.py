"""Whether a window can be shown at all, asked before Qt is: without a display Qt aborts the
process with a message about a missing xcb-cursor library, which sends a person hunting for
packages that are installed (newcomer review, 4)."""

from __future__ import annotations

import sys
from collections.abc import Mapping

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
