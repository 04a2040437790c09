"""Ways a database file gets damaged in real life, reproduced on purpose for the tests."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path


def _settle(path: Path) -> int:
    """Fold the WAL into the file so every page is in it; returns the page size."""
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode=DELETE")
        return int(raw.execute("PRAGMA page_size").fetchone()[0])


def truncate(path: Path, keep: float = 0.5) -> None:
    """The tail of the file is lost, as after a copy cut short or a full disk."""
    _settle(path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def random_bytes(path: Path, seed: int = 7) -> None:
    """The file is overwritten with noise, as when another program saved over it."""
    size = max(path.stat().st_size, 4096)
    path.write_bytes(random.Random(seed).randbytes(size))


def break_table_page(path: Path, table: str = "reviews") -> None:
    """A torn write in the middle of a table: the file opens and its schema reads fine, but
    SQLite's integrity check fails on that page."""
    page_size = _settle(path)
    with sqlite3.connect(path) as raw:
        root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()
    offset = (int(root[0]) - 1) * page_size
    data = bytearray(path.read_bytes())
    data[offset + 3 : offset + 5] = (2000).to_bytes(2, "big")  # cell count far past the page
    data[offset + 8 : offset + 64] = b"\xff" * 56  # and the cell pointers point nowhere
    path.write_bytes(bytes(data))


def alter_index_key(path: Path, index: str = "ix_reviews_question_time") -> None:
    """One key in an index no longer matches its row (a flipped bit in the index's page):
    `quick_check` does not compare indexes with tables and passes; `integrity_check` fails."""
    page_size = _settle(path)
    with sqlite3.connect(path) as raw:
        root = raw.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (index,)).fetchone()
    start = (int(root[0]) - 1) * page_size
    data = bytearray(path.read_bytes())
    page = data[start : start + page_size]
    at = page.find(b".000000")  # the fractional seconds of a stored review time
    assert at >= 0, "the index page holds no review time"
    data[start + at + 6] = ord("1")  # ...000001: same order, another key than the row's
    path.write_bytes(bytes(data))
