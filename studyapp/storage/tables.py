"""The schema as SQLAlchemy Core tables: what every read runs against.

Reads hand back domain values built from plain rows, so they need nothing from the ORM. Keeping
the tables in Core lets the window paint its first screen without importing `sqlalchemy.orm`
(about 45 ms with our models); the typed ORM models in `models.py` map onto these same tables
for the writes. Times are stored as UTC and come back timezone-aware.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect


class UTCDateTime(TypeDecorator[datetime]):
    """SQLite keeps no zone; we write UTC and hand back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """A stored time that no longer parses (a flipped byte) reads as missing, so the one
        row holding it can be skipped instead of the whole screen failing (review C1)."""
        parse = super().result_processor(dialect, coltype)
        if parse is None:
            return None

        def tolerant(value: Any) -> Any:
            try:
                return parse(value)
            except (ValueError, TypeError):
                return None

        return tolerant


def new_review_uid() -> str:
    """A fresh review id, unique across devices (128 random bits as 32 hex digits)."""
    return uuid.uuid4().hex


metadata = MetaData()

# Current scheduling state of one question; derivable from the review log.
cards = Table(
    "cards",
    metadata,
    Column("question_id", Integer, primary_key=True),
    Column("phase", Integer, nullable=False, default=0),
    Column("step", Integer),
    Column("stability", Float),
    Column("difficulty", Float),
    Column("due", UTCDateTime, index=True),
    Column("last_review", UTCDateTime),
    Column("reps", Integer, nullable=False, default=0),
    Column("lapses", Integer, nullable=False, default=0),
)

# One rating, appended and never edited; undo is the only thing that removes a row.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=False, index=True),
    Column("rating", Integer, nullable=False),
    Column("duration_ms", Integer, nullable=False, default=0),
    Column("mode", String(16), nullable=False, default="normal"),
    Column("typed_answer", Text),
    Column("ticked", String(64), nullable=False, default=""),
    Column("suggested", String(64), nullable=False, default=""),
    # The same on every device (sync merges logs by it); made here for every new row.
    Column("uid", String(32), default=new_review_uid),
    # A spoken answer: its transcript, delivery figures as JSON, the audio file's name.
    Column("transcript", Text),
    Column("delivery", Text),
    Column("audio", String(64)),
    # Sync: the device the review was made on (None: this one) and its place in that
    # device's own order (None: not yet published, its id stands in). See sync/.
    Column("origin", String(32)),
    Column("seq", Integer),
    Index("ix_reviews_question_time", "question_id", "reviewed_at"),
    Index("ix_reviews_uid", "uid", unique=True),
)

# The user's own marks on a question: a star and a markdown note. (Not named `annotations`
# here: that name is taken by `from __future__ import annotations` in the modules using it.)
marks = Table(
    "annotations",
    metadata,
    Column("question_id", Integer, primary_key=True),
    Column("starred", Boolean, nullable=False, default=False),
    Column("note", Text, nullable=False, default=""),
    Column("updated_at", UTCDateTime, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- sync bookkeeping (migration 0003; see studyapp/sync/) ----------------------------------
# An undone review, remembered so that its undo travels and the review never comes back.
sync_tombstones = Table(
    "sync_tombstones",
    metadata,
    Column("uid", String(32), primary_key=True),
    Column("undone_at", UTCDateTime, nullable=False),
    Column("sent", Boolean, nullable=False, default=False),
)

# The version of a note, star or travelling setting: when and on which device ("" for this
# one) it was last set; `base` is a digest of the note an edit started from, `sent` whether
# this device has published its latest edit.
sync_versions = Table(
    "sync_versions",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("device", String(32), nullable=False, default=""),
    Column("base", String(16), nullable=False, default=""),
    Column("sent", Boolean, nullable=False, default=False),
)

# A note that lost to a later edit on another device, kept for the learner to pick from.
note_conflicts = Table(
    "note_conflicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("question_id", Integer, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("device_name", String(80), nullable=False, default=""),
)

# How far each device's files in the sync folder have been read, its name and when it last wrote.
sync_cursors = Table(
    "sync_cursors",
    metadata,
    Column("device", String(32), primary_key=True),
    Column("segment", Integer, nullable=False, default=0),
    Column("offset", Integer, nullable=False, default=0),
    Column("name", String(80), nullable=False, default=""),
    Column("seen_at", UTCDateTime),
)
