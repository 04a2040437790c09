"""The records a device writes: one JSON object a line, each line closed by its checksum.

    {"t":"review","uid":"…","dev":"…","seq":12,"q":3,"at":"2026-12-03T17:20:00+00:00",…}\t1a2b3c4d\n

A line counts only when it is complete: its newline is there and the CRC-32 of its JSON
matches. So a file the sync tool is still copying, or one cut short when a disk filled, is
read up to its last whole record and the rest waits; nothing half-written is ever applied.

Kinds: `device` (its id and name, first in every file), `review` (every field of a rating,
with the device it was made on and its place in that device's order), `undo` (the uid of an
undone review) and `mark` (the latest value of a note, a star or a travelling setting, with
when and where it was set, and for a note a digest of the note it was edited from), `own`
(an own question's whole markdown file, "" once deleted, with when and where, and a digest of
the version it was edited from) and `media` (a picture an own question shows, its bytes in
base64). Pictures ride in the log rather than as files beside it: a picture then arrives
under the same checksum as every record, never half-copied, in the same order as the
question that shows it, and the single progress file carries it too.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from studyapp.domain import Rating, ReviewMode

FORMAT = 1


class RecordError(ValueError):
    """A line that is not a complete, valid record."""


@dataclass(frozen=True)
class DeviceRecord:
    device: str
    name: str


@dataclass(frozen=True)
class ReviewRecord:
    uid: str
    origin: str  # the device it was made on
    seq: int  # its place in that device's order
    question_id: int
    reviewed_at: datetime
    rating: Rating
    duration_ms: int
    mode: ReviewMode
    typed_answer: str | None = None
    ticked: tuple[int, ...] = ()
    suggested: tuple[int, ...] = ()
    transcript: str | None = None
    delivery: str | None = None
    audio: str | None = None


@dataclass(frozen=True)
class UndoRecord:
    uid: str
    at: datetime


@dataclass(frozen=True)
class MarkRecord:
    """`key` is "note:<question>", "star:<question>" or "setting:<name>"."""

    key: str
    value: Any
    at: datetime
    device: str
    base: str = ""


@dataclass(frozen=True)
class OwnRecord:
    """An own question as one device last saved it: `text` is its file, "" once deleted."""

    question_id: int
    text: str
    at: datetime
    device: str
    base: str = ""  # digest of the version it was edited from ("" for a new question)

    @property
    def rank(self) -> tuple[datetime, str]:
        return (self.at, self.device)


@dataclass(frozen=True)
class MediaRecord:
    """A picture in media/ that an own question shows."""

    name: str
    data: bytes


MEDIA_LIMIT = 16 * 2**20  # base64 characters: a 12 MB picture

Record = DeviceRecord | ReviewRecord | UndoRecord | MarkRecord | OwnRecord | MediaRecord


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def to_json(record: Record) -> dict[str, Any]:
    if isinstance(record, DeviceRecord):
        return {"t": "device", "dev": record.device, "name": record.name, "format": FORMAT}
    if isinstance(record, ReviewRecord):
        out: dict[str, Any] = {
            "t": "review",
            "uid": record.uid,
            "dev": record.origin,
            "seq": record.seq,
            "q": record.question_id,
            "at": _time(record.reviewed_at),
            "rating": int(record.rating),
            "ms": record.duration_ms,
            "mode": str(record.mode),
        }
        optional = {
            "typed": record.typed_answer,
            "ticked": list(record.ticked),
            "suggested": list(record.suggested),
            "transcript": record.transcript,
            "delivery": record.delivery,
            "audio": record.audio,
        }
        out.update({key: value for key, value in optional.items() if value})
        return out
    if isinstance(record, UndoRecord):
        return {"t": "undo", "uid": record.uid, "at": _time(record.at)}
    if isinstance(record, OwnRecord):
        return {
            "t": "own",
            "q": record.question_id,
            "text": record.text,
            "at": _time(record.at),
            "dev": record.device,
            "base": record.base,
        }
    if isinstance(record, MediaRecord):
        return {"t": "media", "name": record.name, "b64": base64.b64encode(record.data).decode()}
    return {
        "t": "mark",
        "key": record.key,
        "value": record.value,
        "at": _time(record.at),
        "dev": record.device,
        "base": record.base,
    }


def encode(record: Record) -> bytes:
    """One line: the JSON, a tab, its CRC-32 in hex, a newline."""
    text = json.dumps(to_json(record), ensure_ascii=False, separators=(",", ":"))
    data = text.encode()
    return data + b"\t" + f"{zlib.crc32(data):08x}".encode() + b"\n"


def decode(line: bytes) -> Record:
    """The record on one complete line (without its newline); RecordError otherwise."""
    data, tab, check = line.rpartition(b"\t")
    if not tab or check.strip() != f"{zlib.crc32(data):08x}".encode():
        raise RecordError("the line is incomplete or its checksum does not match")
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise RecordError(f"not JSON ({error})") from error
    if not isinstance(raw, dict):
        raise RecordError("not a record")
    try:
        return _from_json(raw)
    except (KeyError, TypeError, ValueError, OverflowError) as error:
        raise RecordError(f"a {raw.get('t')!r} record with a bad field ({error})") from error


def _text(raw: dict[str, Any], key: str, limit: int = 200_000) -> str:
    value = raw[key]
    if type(value) is not str or len(value) > limit:
        raise ValueError(f"{key} is not text")
    return value


def _optional_text(raw: dict[str, Any], key: str) -> str | None:
    return _text(raw, key) if raw.get(key) is not None else None


def _count(raw: dict[str, Any], key: str) -> int:
    value = raw[key]
    if type(value) is not int or not 0 <= value < 2**62:
        raise ValueError(f"{key} is not a count")
    return value


def _uid(raw: dict[str, Any]) -> str:
    uid = _text(raw, "uid", 32)
    if len(uid) != 32 or any(c not in "0123456789abcdef" for c in uid):
        raise ValueError("uid is not 32 hex digits")
    return uid


def _device(raw: dict[str, Any]) -> str:
    device = _text(raw, "dev", 32)
    if not device or not device.isalnum():
        raise ValueError("dev is not a device id")
    return device


def _when(raw: dict[str, Any], key: str = "at") -> datetime:
    value = datetime.fromisoformat(_text(raw, key, 40))
    if value.tzinfo is None:
        raise ValueError(f"{key} has no time zone")
    return value.astimezone(UTC)


def _points(raw: dict[str, Any], key: str) -> tuple[int, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(type(i) is int and 0 <= i < 100 for i in value):
        raise ValueError(f"{key} is not a list of key points")
    return tuple(value)


def _from_json(raw: dict[str, Any]) -> Record:
    kind = raw["t"]
    if kind == "device":
        return DeviceRecord(_device(raw), _text(raw, "name", 80))
    if kind == "review":
        return ReviewRecord(
            uid=_uid(raw),
            origin=_device(raw),
            seq=_count(raw, "seq"),
            question_id=_count(raw, "q"),
            reviewed_at=_when(raw),
            rating=Rating(raw["rating"]),
            duration_ms=_count(raw, "ms"),
            mode=ReviewMode(raw["mode"]),
            typed_answer=_optional_text(raw, "typed"),
            ticked=_points(raw, "ticked"),
            suggested=_points(raw, "suggested"),
            transcript=_optional_text(raw, "transcript"),
            delivery=_optional_text(raw, "delivery"),
            audio=_optional_text(raw, "audio"),
        )
    if kind == "undo":
        return UndoRecord(_uid(raw), _when(raw))
    if kind == "own":
        return OwnRecord(
            _count(raw, "q"),
            _text(raw, "text", 2_000_000),
            _when(raw),
            _device(raw),
            _text(raw, "base", 16),
        )
    if kind == "media":
        name = _text(raw, "name", 200)
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"{name!r} is not a picture's file name")
        try:
            data = base64.b64decode(_text(raw, "b64", MEDIA_LIMIT), validate=True)
        except binascii.Error as error:
            raise ValueError("b64 is not base64") from error
        return MediaRecord(name, data)
    if kind == "mark":
        key = _text(raw, "key", 80)
        if not key.startswith(("note:", "star:", "setting:")):
            raise ValueError(f"unknown mark {key!r}")
        return MarkRecord(key, raw["value"], _when(raw), _device(raw), _text(raw, "base", 16))
    raise ValueError(f"unknown kind {kind!r}")
