"""Letting go of module source text that PySide's import hook reads and nobody needs.

Once PySide6 is imported, its import hook checks every later module for the word "PySide6"
by reading the module's whole source through `inspect.getsource`. `linecache` then keeps
those lines for the life of the process: about 10 MB after a start that typesets formulas.
Tracebacks do not need them kept, because `linecache` reads a file again when asked.
"""

from __future__ import annotations

import linecache
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def drop_module_sources() -> int:
    """Forget every source file `linecache` read from disk; returns how many it held.

    Entries without a modification time were put there by code (generated sources with no
    file to read again), so they are kept; so are the lazy entries not read yet."""
    # A snapshot of the items (taken in one step), and pop rather than del: the cache stays
    # consistent even if some other thread reads a traceback's source meanwhile.
    read_from_disk = [
        name
        for name, entry in list(linecache.cache.items())
        if len(entry) == 4 and entry[1] is not None
    ]
    for name in read_from_disk:
        linecache.cache.pop(name, None)
    return len(read_from_disk)


class _Forgetful(dict[str, Any]):
    """A linecache that keeps no source read from a file (what drop_module_sources drops).
    The rest is kept: linecache reads a lazy entry back as soon as it has stored it (that is
    how source comes out of a frozen bundle's loader)."""

    def __setitem__(self, key: str, value: Any) -> None:
        if len(value) == 4 and value[1] is not None:
            return
        super().__setitem__(key, value)


@contextmanager
def sources_not_kept() -> Iterator[None]:
    """For a block that imports many modules once PySide is loaded (the ORM, after the first
    paint): the source its import hook reads is dropped at once instead of piling up until
    the next drop_module_sources(), where it would raise the app's peak memory. Nothing that
    linecache held before is touched."""
    kept = linecache.cache
    linecache.cache = _Forgetful()
    try:
        yield
    finally:
        linecache.cache = kept
