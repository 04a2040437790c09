"""Anki packages (.apkg, .colpkg): the current layout (collection.anki21b, zstd-compressed,
schema 18, a protobuf media list) and the legacy one (collection.anki21 / .anki2, a JSON
media list), read in memory: note fields become question and answer, the deck the topic,
tags stay tags, pictures are kept, and optionally each card's review history comes along.

Modern exports also carry a dummy legacy collection ("please update Anki"), so the current
layout is read first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studyapp.domain import Rating
from studyapp.interchange.anki_html import field_to_markdown, plain_title
from studyapp.interchange.drafts import (
    MAX_QUESTIONS,
    DraftQuestion,
    DraftSet,
    ImportedReview,
    ImportFileError,
    clip,
)
from studyapp.interchange.safe_zip import SafeZip

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
MAX_MEDIA_FILE = 50 * 2**20
_IMAGE = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


def read_anki_package(path: Path, with_history: bool = False) -> DraftSet:
    with SafeZip(path) as archive:
        names = set(archive.names())
        chosen = next((name for name in COLLECTIONS if name in names), None)
        if chosen is None:
            raise ImportFileError(f"{path.name} holds no Anki collection")
        data = archive.read(chosen)
        if chosen.endswith("b"):
            data = _unzstd(data, f"{path.name}: {chosen}")
        media_names = _media_map(archive, names, modern=chosen.endswith("b"))
        db = _open(data, path.name)
        try:
            decks = _decks(db)
            fields = _field_names(db)
            notes = list(_notes(db, decks, fields))
            history = _history(db) if with_history else {}
        finally:
            db.close()
        wanted = {
            name: index
            for name, index in media_names.items()
            if name.lower().endswith(_IMAGE) and index in names
        }
        questions: list[DraftQuestion] = []
        used_media: dict[str, bytes] = {}
        problems: list[str] = []
        for note_id, deck, values, tags in notes:
            if len(questions) >= MAX_QUESTIONS:
                raise ImportFileError(f"{path.name} has more than {MAX_QUESTIONS:,} notes")
            title = plain_title(values[0]) if values else ""
            if not title:
                problems.append(f"note {note_id}: empty first field, skipped")
                continue
            answer_parts = []
            media: list[str] = []
            for value in values[1:]:
                text, shown = field_to_markdown(value, set(wanted))
                if text:
                    answer_parts.append(text)
                media.extend(shown)
            for name in media:
                if name not in used_media:
                    blob = archive.read(wanted[name], MAX_MEDIA_FILE)
                    used_media[name] = _unzstd(blob, name) if chosen.endswith("b") else blob
            questions.append(
                DraftQuestion(
                    title=clip(title, f"note {note_id}"),
                    answer=clip("\n\n".join(answer_parts), f"note {note_id}"),
                    topic=deck,
                    tags=tags,
                    source=f"note {note_id}",
                    media=tuple(dict.fromkeys(media)),
                    reviews=history.get(note_id, ()),
                )
            )
    return DraftSet(tuple(questions), used_media, tuple(problems))


def _unzstd(data: bytes, what: str) -> bytes:
    import zstandard

    try:
        reader = zstandard.ZstdDecompressor().stream_reader(data)
        out = reader.read(1024 * 2**20 + 1)
    except zstandard.ZstdError as error:
        raise ImportFileError(f"{what} cannot be decompressed ({error})") from None
    if len(out) > 1024 * 2**20:
        raise ImportFileError(f"{what} unpacks to more than 1 GB; it was not opened")
    return out


def _open(data: bytes, name: str) -> sqlite3.Connection:
    """The collection as an in-memory database: nothing of it touches the disk.

    Anki's own exports (schema 18) are WAL-mode files, which SQLite will not open from
    memory, and index names with Anki's `unicase` collation, without which even the
    integrity check fails: the header is marked as a rollback-journal file (bytes 18-19;
    the content is the same) and the collation is supplied."""
    db = sqlite3.connect(":memory:")
    db.create_collation("unicase", _unicase)
    if len(data) >= 100 and data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x02\x02":
        data = data[:18] + b"\x01\x01" + data[20:]
    try:
        db.deserialize(data)
        if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise sqlite3.DatabaseError("quick_check failed")
        db.execute("SELECT count(*) FROM notes").fetchone()
    except sqlite3.Error:
        db.close()
        raise ImportFileError(
            f"the Anki collection inside {name} is damaged or not a collection"
        ) from None
    return db


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _col_json(db: sqlite3.Connection, column: str) -> dict[str, Any]:
    try:
        row = db.execute(f"SELECT {column} FROM col").fetchone()
        value = json.loads(row[0]) if row and row[0] else {}
    except (sqlite3.Error, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _decks(db: sqlite3.Connection) -> dict[int, str]:
    if "decks" in _tables(db):  # schema 18
        rows = db.execute("SELECT id, name FROM decks").fetchall()
        return {int(i): str(n).replace("\x1f", "::") for i, n in rows}
    return {
        int(k): str(v.get("name", ""))
        for k, v in _col_json(db, "decks").items()
        if isinstance(v, dict)
    }


def _field_names(db: sqlite3.Connection) -> dict[int, list[str]]:
    if "fields" in _tables(db):
        names: dict[int, list[str]] = {}
        for ntid, _, name in db.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
            names.setdefault(int(ntid), []).append(str(name))
        return names
    models = _col_json(db, "models")
    return {
        int(mid): [str(f.get("name", "")) for f in model.get("flds", [])]
        for mid, model in models.items()
        if isinstance(model, dict)
    }


def _notes(
    db: sqlite3.Connection, decks: dict[int, str], fields: dict[int, list[str]]
) -> Iterator[tuple[int, str, list[str], tuple[str, ...]]]:
    deck_of = {
        int(nid): decks.get(int(did), "")
        for nid, did in db.execute("SELECT nid, did FROM cards ORDER BY ord DESC")
    }
    for note_id, _mid, raw_fields, raw_tags in db.execute(
        "SELECT id, mid, flds, tags FROM notes ORDER BY id"
    ):
        values = str(raw_fields or "").split("\x1f")
        tags = tuple(t for t in str(raw_tags or "").split() if t)
        deck = deck_of.get(int(note_id), "").split("::")[-1]
        yield int(note_id), deck, values, tags


def _history(db: sqlite3.Connection) -> dict[int, tuple[ImportedReview, ...]]:
    """Each note's reviews, from its first card (the one a question maps onto)."""
    first_card = {
        int(nid): int(cid) for cid, nid in db.execute("SELECT id, nid FROM cards ORDER BY ord DESC")
    }
    note_of = {cid: nid for nid, cid in first_card.items()}
    history: dict[int, list[ImportedReview]] = {}
    for rid, cid, ease, taken in db.execute("SELECT id, cid, ease, time FROM revlog ORDER BY id"):
        nid = note_of.get(int(cid))
        if nid is None or int(ease) not in (1, 2, 3, 4):
            continue  # another card of the note, or a manual reschedule (ease 0)
        when = datetime.fromtimestamp(int(rid) / 1000, tz=UTC)
        history.setdefault(nid, []).append(
            ImportedReview(when, Rating(int(ease)), max(0, min(int(taken), 3_600_000)))
        )
    return {nid: tuple(items) for nid, items in history.items()}


def _media_map(archive: SafeZip, names: set[str], modern: bool) -> dict[str, str]:
    """Media file name -> the zip entry that holds it."""
    if "media" not in names:
        return {}
    data = archive.read("media", 64 * 2**20)
    if modern:
        try:
            return {
                name: str(index)
                for index, name in enumerate(_protobuf_names(_unzstd(data, "the media list")))
            }
        except ImportFileError:
            pass  # some exporters leave a JSON list even beside anki21b
    try:
        mapping = json.loads(data.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(mapping, dict):
        return {}
    return {str(name): str(index) for index, name in mapping.items() if _plain(str(name))}


def _plain(name: str) -> bool:
    """A media name is a bare file name: no folder, no way out of the media folder."""
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def _protobuf_names(data: bytes) -> list[str]:
    """The names in Anki's MediaEntries message (field 1: repeated MediaEntry, whose field 1
    is the name), read with a ten-line varint decoder rather than a protobuf dependency."""
    names: list[str] = []
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        if key != (1 << 3 | 2):
            raise ImportFileError("the media list is not in Anki's format")
        length, position = _varint(data, position)
        entry = data[position : position + length]
        position += length
        inner = 0
        name = ""
        while inner < len(entry):
            tag, inner = _varint(entry, inner)
            kind = tag & 7
            if kind == 2:
                size, inner = _varint(entry, inner)
                if tag >> 3 == 1:
                    name = entry[inner : inner + size].decode("utf-8", "replace")
                inner += size
            elif kind == 0:
                _, inner = _varint(entry, inner)
            else:
                raise ImportFileError("the media list is not in Anki's format")
        names.append(name if _plain(name) else "")
    return names


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(data) or shift > 63:
            raise ImportFileError("the media list is cut short")
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
