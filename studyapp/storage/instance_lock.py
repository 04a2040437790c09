"""One DeepStudy per data folder: an exclusive lock on the folder itself (on Windows, on a
file in it), taken before the database is opened.

The single-instance socket alone let two launches started within a tenth of a second both
become writers (each asked before the other listened), and their undo histories then
disagreed about the same cards. The operating system's lock is atomic: exactly one process
holds it, it is let go when that process ends however it ends (a SIGKILL included), and no
other user can take it from outside the folder. Only the holder may open the database for
writing; everyone else hands over to it. Locking the folder rather than a file in it adds
nothing to the folder: a database DeepStudy must not touch (a newer version's) is left with
exactly the files it had.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType

LOCK_FILE = "deepstudy.lock"


class InstanceLock:
    """`acquire()` takes the folder's lock without waiting; `release()` (or the end of the
    process) lets it go."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir
        self.path = data_dir / LOCK_FILE if sys.platform == "win32" else data_dir
        self._handle: int | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool:
        """True if this process now holds the lock; False if another one does. A folder that
        cannot be opened counts as held: the database open then says what is wrong with it."""
        if self._handle is not None:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = _open(self.path)
        except OSError:
            return True  # nothing can be written there either; the open reports the folder
        if not _try_lock(handle):
            os.close(handle)
            return False
        self._handle = handle
        return True

    def wait(self, seconds: float, step: float = 0.05) -> bool:
        """Try for up to `seconds`: the holder may be a launch that is just quitting."""
        deadline = time.monotonic() + seconds
        while not self.acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(step)
        return True

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            os.close(self._handle)
            self._handle = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _open(path: Path) -> int:
        return os.open(path, os.O_RDWR | os.O_CREAT)

    def _try_lock(handle: int) -> bool:
        try:
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _open(path: Path) -> int:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # a file system without locks: behave as before, unlocked
            return True
        return True

    def _unlock(handle: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
