"""Makes Anki packages for the tests and the import benchmark (dev only, never shipped).

Just enough of Anki's two layouts for the importer: the legacy `collection.anki2` with a
JSON media list, and the current zstd-compressed `collection.anki21b` (schema 18) with a
protobuf one. Each note is a Basic (Front/Back) note in one deck, with one card and,
optionally, a review history in `revlog`.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# A 1x1 PNG, enough for an image that must be copied and shown.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass(frozen=True)
class Note:
    front: str
    back: str
    tags: str = ""
    # (epoch milliseconds, ease 1-4, milliseconds spent) per review, oldest first
    reviews: tuple[tuple[int, int, int], ...] = ()


@dataclass
class Deck:
    notes: list[Note]
    name: str = "Imported::Deck"
    media: dict[str, bytes] = field(default_factory=dict)


def collection_bytes(deck: Deck, modern: bool) -> bytes:
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE col (id, crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags);"
        "CREATE TABLE notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data);"
        "CREATE TABLE cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps,"
        " lapses, left, odue, odid, flags, data);"
        "CREATE TABLE revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type);"
    )
    models = {"1": {"name": "Basic", "flds": [{"name": "Front"}, {"name": "Back"}]}}
    decks = {"7": {"name": deck.name}}
    if modern:
        db.executescript(
            "CREATE TABLE notetypes (id, name, mtime_secs, usn, config);"
            "CREATE TABLE fields (ntid, ord, name, config);"
            "CREATE TABLE decks (id, name, mtime_secs, usn, common, kind);"
            "INSERT INTO notetypes VALUES (1, 'Basic', 0, 0, x'');"
            "INSERT INTO fields VALUES (1, 0, 'Front', x''), (1, 1, 'Back', x'');"
        )
        db.execute(
            "INSERT INTO decks VALUES (7, ?, 0, 0, x'', x'')", (deck.name.replace("::", "\x1f"),)
        )
        db.execute("INSERT INTO col VALUES (1,0,0,0,18,0,0,0,'{}','{}','{}','{}','{}')")
    else:
        db.execute(
            "INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
            (json.dumps(models), json.dumps(decks)),
        )
    for number, note in enumerate(deck.notes):
        nid, cid = 1000 + number, 500_000 + number
        db.execute(
            "INSERT INTO notes VALUES (?, ?, 1, 0, 0, ?, ?, '', 0, 0, '')",
            (nid, f"g{number}", f" {note.tags} ", f"{note.front}\x1f{note.back}"),
        )
        db.execute(
            "INSERT INTO cards VALUES (?, ?, 7, 0, 0, 0, 2, 2, 0, 3, 2500, 2, 0, 0, 0, 0, 0, '')",
            (cid, nid),
        )
        db.executemany(
            "INSERT INTO revlog VALUES (?, ?, 0, ?, 1, 0, 2500, ?, 1)",
            [(when, cid, ease, spent) for when, ease, spent in note.reviews],
        )
    db.commit()
    return db.serialize()


def media_protobuf(names: list[str]) -> bytes:
    out = b""
    for name in names:
        raw = name.encode()
        entry = bytes([0x0A, len(raw)]) + raw + bytes([0x10, 4])
        out += bytes([0x0A, len(entry)]) + entry
    return out


def write_apkg(path: Path, deck: Deck, modern: bool = False) -> Path:
    names = list(deck.media)
    with zipfile.ZipFile(path, "w") as archive:
        if modern:
            import zstandard

            zstd = zstandard.ZstdCompressor()
            archive.writestr("collection.anki21b", zstd.compress(collection_bytes(deck, True)))
            archive.writestr("collection.anki2", collection_bytes(Deck([]), False))
            archive.writestr("media", zstd.compress(media_protobuf(names)))
            for index, name in enumerate(names):
                archive.writestr(str(index), zstd.compress(deck.media[name]))
        else:
            archive.writestr("collection.anki2", collection_bytes(deck, False))
            archive.writestr("media", json.dumps({str(i): n for i, n in enumerate(names)}))
            for index, name in enumerate(names):
                archive.writestr(str(index), deck.media[name])
    return path
