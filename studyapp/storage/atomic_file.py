"""Writing a file the person asked for so that a failure never leaves half of it behind.

A CSV export that failed half-way used to leave a header-only file over the previous export
of the same name (review C4). The new file is written beside the old one under a temporary
name, flushed, and renamed over it only when complete; on any failure the temporary file is
removed (M2: partial files left behind once ate the last free space) and the old file stays.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replaced_on_success(path: Path, newline: str | None = None) -> Iterator[TextIO]:
    """A text handle whose content replaces `path` when the block ends without an error."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
