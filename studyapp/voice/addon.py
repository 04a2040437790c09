"""Finding the voice add-on of an installed DeepStudy.

The installed app is a frozen bundle with its own Python and no pip. The deepstudy-voice
package (packaging/linux/build_voice_addon.sh) puts the voice extra's packages, built for the
bundle's Python, into a `site-packages` folder beside the app's folder:
`/opt/deepstudy-voice/site-packages` next to `/opt/deepstudy`, or
`~/.local/lib/deepstudy-voice/site-packages` next to the tarball's `~/.local/lib/deepstudy`.
When a spoken answer is first asked for, that folder joins `sys.path` (at its end, so the
bundle's own modules always win); start-up never looks. A marker file says which Python the
packages were built for, since native modules load only into that version.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import os
import sys
from collections.abc import Mapping, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

ADDON_NAME = "deepstudy-voice"
ADDON_ENV = "DEEPSTUDY_VOICE_ADDON"  # a folder to use instead (tests, unusual installs)
MARKER = "deepstudy-voice.json"  # {"python": "3.11", "version": "..."}


def candidate_folders(program_folder: Path, environ: Mapping[str, str]) -> list[Path]:
    """Where the add-on's site-packages may be, in the order they are tried."""
    found = [Path(environ[ADDON_ENV])] if environ.get(ADDON_ENV) else []
    found.append(program_folder.parent / ADDON_NAME / "site-packages")
    return found


def find_addon(
    program_folder: Path, environ: Mapping[str, str] | None = None
) -> tuple[Path | None, str | None]:
    """The add-on's folder if one fits this Python, else None and (if one was found but does
    not fit) the reason, for the message that says how to add voice."""
    env = os.environ if environ is None else environ
    wanted = f"{sys.version_info.major}.{sys.version_info.minor}"
    for folder in candidate_folders(program_folder, env):
        try:
            marker = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        built_for = marker.get("python") if isinstance(marker, dict) else None
        if built_for == wanted:
            return folder, None
        return None, (
            f"The voice add-on in {folder} was built for Python {built_for}, but this "
            f"DeepStudy runs Python {wanted}: install the deepstudy-voice package of the same "
            "release as DeepStudy."
        )
    return None, None


class AddonFinder(importlib.abc.MetaPathFinder):
    """Finds the add-on's own top-level packages in its folder, ahead of the bundle: the
    bundle may hold a trimmed copy of one (PyInstaller collects only the submodules the app
    imports; `tqdm` without `tqdm.auto` broke faster-whisper), and its frozen importer would
    answer first. Everything else, and whatever is already imported, stays the bundle's."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names = {
            entry.name.removesuffix(".py")
            for entry in folder.iterdir()
            if entry.suffix in ("", ".py") and not entry.name.endswith(".dist-info")
        } | {entry.name.split(".")[0] for entry in folder.glob("*.so")}

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if "." in name or name not in self.names:
            return None  # submodules follow their package's __path__, into the add-on
        return importlib.machinery.PathFinder.find_spec(name, [str(self.folder)])


def activate_addon(program_folder: Path | None = None) -> str | None:
    """Make the add-on importable if it is installed and fits; returns a problem to report,
    or None (activated, or simply not installed)."""
    folder, problem = find_addon(program_folder or _program_folder())
    if folder is not None and str(folder) not in sys.path:
        sys.path.append(str(folder))  # its packages' metadata, and anything else it holds
        sys.meta_path.insert(0, AddonFinder(folder))
    return problem


def _program_folder() -> Path:
    """The installed app's folder (the frozen executable's), or the checkout's root."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]
