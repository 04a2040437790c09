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
def replaced_when_written(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` for a writer that wants a file name (zipfile,
    genanki); what it wrote there replaces `path` when the block ends without an error."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def replaced_on_success(path: Path, newline: str | None = None) -> Iterator[TextIO]:
    """A text handle whose content replaces `path` when the block ends without an error."""
    with (
        replaced_when_written(path) as temporary,
        open(temporary, "w", encoding="utf-8", newline=newline) as out,
    ):
        yield out
        out.flush()
