"""Recorded answers kept in the data folder's audio/, one FLAC file per spoken review, named
by the review's uid; how long they are kept is a setting (0 days: never kept).

The review log keeps every transcript and its delivery figures for good; the recordings are
a convenience for replay, so backups copy the database only and never the audio folder.
Numpy-free and Qt-free: the start-up's clean-up runs it without loading any voice code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.storage.tables import new_review_uid

if TYPE_CHECKING:
    import numpy as np

AUDIO_FOLDER = "audio"
SUFFIX = ".flac"


@dataclass(frozen=True)
class AudioUse:
    files: int
    bytes: int


class Recordings:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / AUDIO_FOLDER

    def keep(self, samples: np.ndarray, keep_days: int) -> tuple[str, str | None]:
        """A uid for the review about to be written and, unless recordings are not kept,
        the file its recording was saved to (the name goes into the review's row)."""
        uid = new_review_uid()
        if keep_days <= 0 or not len(samples):
            return uid, None
        from studyapp.voice.spoken import save_recording

        name = uid + SUFFIX
        save_recording(samples, self.folder / name)
        return uid, name

    def path(self, name: str) -> Path | None:
        """The file of a stored name, if it is still there (never outside the folder)."""
        candidate = self.folder / Path(name).name
        return candidate if candidate.is_file() else None

    def discard(self, name: str | None) -> None:
        """A recording whose rating was not saved (or was undone)."""
        if name:
            (self.folder / Path(name).name).unlink(missing_ok=True)

    def prune(self, keep_days: int, now: datetime) -> int:
        """Delete recordings older than `keep_days` (all of them at 0) and any file a crash
        left half-written; returns how many went."""
        cutoff = (now - timedelta(days=max(0, keep_days))).timestamp()
        removed = 0
        for entry in self._entries():
            try:
                old = keep_days <= 0 or entry.stat().st_mtime < cutoff
                if old or entry.name.endswith(".part"):
                    Path(entry.path).unlink()
                    removed += 1
            except OSError:
                continue  # gone already, or not ours to delete: the next start tries again
        return removed

    def use(self) -> AudioUse:
        files = size = 0
        for entry in self._entries():
            try:
                size += entry.stat().st_size
                files += 1
            except OSError:
                continue
        return AudioUse(files, size)

    def _entries(self) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self.folder) as listing:
                return [e for e in listing if e.is_file(follow_symlinks=False)]
        except OSError:  # no folder yet, or unreadable
            return []
