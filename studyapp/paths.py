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
LIBRARY_CACHE_FILE = "content.pickle"
RENDER_CACHE_FOLDER = "render"


def prerendered_dir() -> Path:
    """The read-only seed of the content caches (parsed library, rendered answers) made at
    build time by `python -m studyapp.content.prerender`; it may be missing, which only
    makes the first start slower."""
    return install_root() / "prerendered"


def default_data_dir() -> Path:
    """The platform's usual per-user application data folder."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
        return base / APP_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_NAME.lower()


def resolve_data_dir(cli_value: str | None, environ: dict[str, str] | None = None) -> Path:
    """Command line beats environment beats the platform default."""
    env = os.environ if environ is None else environ
    chosen = cli_value or env.get(DATA_DIR_ENV)
    return Path(chosen).expanduser().resolve() if chosen else default_data_dir()
