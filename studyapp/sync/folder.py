"""The device logs in a sync folder: `<folder>/DeepStudy/<device id>/000001.jsonl`, …

Each device only ever appends to files in its own subfolder, so no two devices write the
same file and a sync tool never has to merge one; the live database never goes there (a
database synced while open can be corrupted). A file is closed for good, and the next one
begun, when it passes SEGMENT_BYTES or when its end is not a whole record (a crash while
writing): what was written is never rewritten.

Reading goes from a cursor (file number, byte offset) and stops before an incomplete last
record, which is left for the next read: the sync tool may still be copying it. A damaged
line with whole records after it, or at the end of a file that has a successor, cannot be
one still arriving; it is passed over and counted.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.storage.atomic_file import replaced_on_success
from studyapp.sync.records import DeviceRecord, Record, RecordError, decode, encode

ROOT_NAME = "DeepStudy"
SEGMENT_BYTES = 4 * 2**20
_SEGMENT = re.compile(r"^(\d{6})\.jsonl$")


class FolderMissingError(OSError):
    """The sync folder (or this device's files in it) is not there: a USB drive removed,
    a network share not mounted."""


@dataclass(frozen=True)
class Cursor:
    segment: int = 0
    offset: int = 0


@dataclass
class ReadResult:
    records: list[Record] = field(default_factory=list)
    cursor: Cursor = Cursor()
    skipped: int = 0  # damaged lines passed over
    waiting: bool = False  # an incomplete record at the end, left for later


def sync_root(folder: Path) -> Path:
    return folder / ROOT_NAME


def device_dir(folder: Path, device: str) -> Path:
    return sync_root(folder) / device


def devices_in(folder: Path) -> list[str]:
    """The device ids with a subfolder in the sync folder (any order of discovery)."""
    root = sync_root(folder)
    if not folder.is_dir():
        raise FolderMissingError(f"{folder} is not there")
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.isalnum())


def segments(directory: Path) -> list[tuple[int, Path]]:
    found = []
    try:
        entries = list(directory.iterdir())
    except FileNotFoundError:
        return []
    for path in entries:
        match = _SEGMENT.match(path.name)
        if match and path.is_file():
            found.append((int(match.group(1)), path))
    return sorted(found)


def read_device(directory: Path, cursor: Cursor) -> ReadResult:
    """Every whole record after `cursor` in one device's files, and the cursor after them."""
    result = ReadResult(cursor=cursor)
    files = [(n, p) for n, p in segments(directory) if n >= cursor.segment]
    for index, (number, path) in enumerate(files):
        start = cursor.offset if number == cursor.segment else 0
        final = index < len(files) - 1  # a later file exists: nothing more will arrive here
        with path.open("rb") as handle:
            handle.seek(start)
            data = handle.read()
        consumed, skipped, waiting = _read_lines(data, final, result.records)
        result.skipped += skipped
        result.cursor = Cursor(number, start + consumed)
        if waiting:
            result.waiting = True
            break
    return result


def _read_lines(data: bytes, final: bool, into: list[Record]) -> tuple[int, int, bool]:
    """Decode the whole lines of `data`; returns bytes consumed, damaged lines skipped and
    whether an incomplete end was left for later."""
    consumed = 0
    position = 0
    pending_bad = 0
    skipped = 0
    while True:
        end = data.find(b"\n", position)
        if end < 0:
            break
        line = data[position:end]
        position = end + 1
        try:
            into.append(decode(line))
        except RecordError:
            pending_bad += 1
            continue
        skipped += pending_bad
        pending_bad = 0
        consumed = position
    tail = position < len(data)
    if pending_bad or tail:
        if final:
            return len(data), skipped + pending_bad + (1 if tail else 0), False
        return consumed, skipped, True
    return consumed, skipped, False


def append_records(directory: Path, header: DeviceRecord, records: list[Record]) -> Cursor:
    """Append `records` to this device's newest file (a new one when it is full or ends in
    an incomplete record), flushed to the disk; returns the cursor after them."""
    directory.mkdir(parents=True, exist_ok=True)
    files = segments(directory)
    number, path = files[-1] if files else (0, directory / "000000.jsonl")
    fresh = not files or path.stat().st_size >= SEGMENT_BYTES or not _ends_whole(path)
    if fresh:
        number += 1
        path = directory / f"{number:06d}.jsonl"
    payload = b"".join(encode(r) for r in ([header] if fresh else []) + records)
    with path.open("ab") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
        size = handle.tell()
    return Cursor(number, size)


def _ends_whole(path: Path) -> bool:
    size = path.stat().st_size
    if size == 0:
        return True
    with path.open("rb") as handle:
        handle.seek(size - 1)
        return handle.read(1) == b"\n"


def read_file(path: Path) -> ReadResult:
    """A single progress file (File > Export progress file): every whole record in it."""
    records: list[Record] = []
    data = path.read_bytes()
    consumed, skipped, waiting = _read_lines(data, False, records)
    return ReadResult(records, Cursor(0, consumed), skipped, waiting)


def write_file(path: Path, header: DeviceRecord, records: list[Record]) -> None:
    """A single progress file with every record, written beside `path` and moved over it
    only when complete, so a failure keeps the earlier file."""
    with replaced_on_success(path, newline="") as out:
        out.write(encode(header).decode())
        for record in records:
            out.write(encode(record).decode())
