"""What the on-disk caches of content share: a key that changes with the code that filled
them, and writes that never leave half a file behind."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from studyapp import __version__


def code_fingerprint(*sources: Path) -> str:
    """Changes whenever one of `sources` does, so a cache never outlives the code that filled
    it (a frozen bundle has no sources; its version number stands in for them)."""
    sha = hashlib.sha1(__version__.encode())
    for source in sources:
        with contextlib.suppress(OSError):
            sha.update(source.read_bytes())
    return sha.hexdigest()


def write_cache_file(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step, so readers never see half a file. A cache is
    only an optimisation: a write that fails is dropped, never reported."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        pass
