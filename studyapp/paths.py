"""Where things live: bundled read-only resources and the user's writable data folder.

Resources are located relative to the running code so the same lookup works in a source
checkout and inside a PyInstaller bundle (where files sit under ``sys._MEIPASS``). User data
never goes next to the program: an installed copy under /opt or Program Files is read-only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from studyapp import APP_NAME

DATA_DIR_ENV = "DEEPSTUDY_DATA_DIR"
DATABASE_FILE = "deepstudy.sqlite3"


def install_root() -> Path:
    """The folder holding `content/` and `resources/`, in a checkout or a frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def content_dir() -> Path:
    return install_root() / "content"


def resources_dir() -> Path:
    return install_root() / "resources"


# The content caches, laid out the same in a data folder's cache/ and in the shipped seed.
LIBRARY_CACHE_FILE = "content.json"
RENDER_CACHE_FOLDER = "render"


def prerendered_dir() -> Path:
    """The read-only seed of the content caches (parsed library, rendered answers) made at
    build time by `python -m studyapp.content.prerender`; it may be missing, which only
    makes the first start slower."""
    return install_root() / "prerendered"


class NoDataFolderError(Exception):
    """No data folder can be worked out (no HOME, and no passwd entry for the user)."""


def default_data_dir() -> Path:
    """The platform's usual per-user application data folder."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError) as error:
        raise NoDataFolderError(
            "Your home folder cannot be found (HOME is not set), so DeepStudy does not know "
            "where to keep your progress. Set HOME, or choose a folder with --data-dir."
        ) from error
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
        return base / APP_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    # The XDG spec says a relative value must be ignored: it would put progress under
    # whatever folder the app happened to be started from.
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_NAME.lower()


def resolve_data_dir(cli_value: str | None, environ: dict[str, str] | None = None) -> Path:
    """Command line beats environment beats the platform default."""
    env = os.environ if environ is None else environ
    chosen = cli_value or env.get(DATA_DIR_ENV)
    if not chosen:
        return default_data_dir()
    try:
        return Path(chosen).expanduser().resolve()
    except (RuntimeError, KeyError) as error:  # `~` with no home folder to expand it to
        raise NoDataFolderError(
            f"The data folder {chosen} starts with ~, but your home folder cannot be found. "
            "Give the full path instead."
        ) from error
