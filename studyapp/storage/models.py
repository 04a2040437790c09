"""SQLAlchemy 2.0 typed models for the writes, mapped onto the Core tables in `tables.py`.

The columns are declared once, in `tables.py`, where the reads can use them without the ORM;
the annotations here give each model its attribute types.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped

from studyapp.storage import tables


class Base(DeclarativeBase):
    metadata = tables.metadata


class CardRow(Base):
    __table__ = tables.cards

    question_id: Mapped[int]
    phase: Mapped[int]
    step: Mapped[int | None]
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]
    due: Mapped[datetime | None]
    last_review: Mapped[datetime | None]
    reps: Mapped[int]
    lapses: Mapped[int]


class ReviewRow(Base):
    __table__ = tables.reviews

    id: Mapped[int]
    question_id: Mapped[int]
    reviewed_at: Mapped[datetime]
    rating: Mapped[int]
    duration_ms: Mapped[int]
    mode: Mapped[str]
    typed_answer: Mapped[str | None]
    ticked: Mapped[str]
    suggested: Mapped[str]
    uid: Mapped[str | None]
    transcript: Mapped[str | None]
    delivery: Mapped[str | None]
    audio: Mapped[str | None]
    origin: Mapped[str | None]
    seq: Mapped[int | None]


class AnnotationRow(Base):
    __table__ = tables.marks

    question_id: Mapped[int]
    starred: Mapped[bool]
    note: Mapped[str]
    updated_at: Mapped[datetime]


class SettingRow(Base):
    __table__ = tables.settings

    key: Mapped[str]
    value: Mapped[str]


__all__ = ["AnnotationRow", "Base", "CardRow", "ReviewRow", "SettingRow"]
