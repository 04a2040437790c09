"""One DeepStudy per data folder: an exclusive lock on a file in the folder, taken before the
database is opened.

The single-instance socket alone let two launches started within a tenth of a second both
become writers (each asked before the other listened), and their undo histories then
disagreed about the same cards. The operating system's lock is atomic: exactly one process
holds it, it is let go when that process ends however it ends (a SIGKILL included), and no
other user can take it from outside the folder. Only the holder may open the database for
writing; everyone else hands over to it.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

LOCK_FILE = "deepstudy.lock"


class InstanceLock:
    """`acquire()` takes the folder's lock without waiting; `release()` (or the end of the
    process) lets it go."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._handle: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> bool:
        """True if this process now holds the lock; False if another one does. A folder in
        which no lock file can be made (read-only) counts as held: nothing can be written
        there anyway, so two readers cannot disagree."""
        if self._handle is not None:
            return True
        handle: IO[bytes]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+b")  # noqa: SIM115 (kept open while the lock is held)
        except OSError:
            try:
                handle = open(self.path, "rb")  # noqa: SIM115
            except OSError:
                return True
        if not _try_lock(handle):
            handle.close()
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
            self._handle.close()
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

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # a file system without locks: behave as before, unlocked
            return True
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
