"""Reads and writes on an open connection or session, handing out domain values, not rows.

Reads are SQLAlchemy Core against `tables.py` and run on a plain Connection or a Session
alike, so the first screen needs nothing from the ORM. Writes use the typed models' unit of
work and import them where they run: the ORM is loaded by the first write, or earlier by
`Store.warm_up()` when the quiz opens, never on the way to the first paint.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, delete, func, select

from studyapp.domain import CardPhase, CardState, NewReview, Rating, Review, ReviewMode
from studyapp.storage.tables import cards, marks, reviews, settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.storage.models import AnnotationRow, ReviewRow


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def _join(ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in sorted(set(ids)))


def _card(row: Row[Any]) -> CardState:
    return CardState(
        question_id=row.question_id,
        phase=CardPhase(row.phase),
        step=row.step,
        stability=row.stability,
        difficulty=row.difficulty,
        due=row.due,
        last_review=row.last_review,
        reps=row.reps,
        lapses=row.lapses,
    )


def _review(row: Row[Any] | ReviewRow) -> Review:
    return Review(
        id=row.id,
        question_id=row.question_id,
        reviewed_at=row.reviewed_at,
        rating=Rating(row.rating),
        duration_ms=row.duration_ms,
        mode=ReviewMode(row.mode),
        typed_answer=row.typed_answer,
        ticked=_ids(row.ticked),
        suggested=_ids(row.suggested),
    )


# --- cards ---------------------------------------------------------------------------------
def get_card(db: Connection | Session, question_id: int) -> CardState:
    row = db.execute(select(cards).where(cards.c.question_id == question_id)).first()
    return _card(row) if row is not None else CardState.new(question_id)


def all_cards(db: Connection | Session) -> dict[int, CardState]:
    return {row.question_id: _card(row) for row in db.execute(select(cards))}


def save_card(session: Session, state: CardState) -> None:
    from studyapp.storage.models import CardRow

    if state.phase == CardPhase.NEW and state.reps == 0:
        session.execute(delete(cards).where(cards.c.question_id == state.question_id))
        return
    row = session.get(CardRow, state.question_id) or CardRow(question_id=state.question_id)
    row.phase = int(state.phase)
    row.step = state.step
    row.stability = state.stability
    row.difficulty = state.difficulty
    row.due = state.due
    row.last_review = state.last_review
    row.reps = state.reps
    row.lapses = state.lapses
    session.add(row)


# --- reviews -------------------------------------------------------------------------------
def add_review(session: Session, review: NewReview, when: datetime) -> Review:
    from studyapp.storage.models import ReviewRow

    row = ReviewRow(
        question_id=review.question_id,
        reviewed_at=when,
        rating=int(review.rating),
        duration_ms=max(0, int(review.duration_ms)),
        mode=str(review.mode),
        typed_answer=review.typed_answer or None,
        ticked=_join(review.ticked),
        suggested=_join(review.suggested),
    )
    session.add(row)
    session.flush()
    return _review(row)


def delete_review(session: Session, review_id: int) -> None:
    session.execute(delete(reviews).where(reviews.c.id == review_id))


def reviews_for(db: Connection | Session, question_id: int | None = None) -> list[Review]:
    query = select(reviews).order_by(reviews.c.reviewed_at, reviews.c.id)
    if question_id is not None:
        query = query.where(reviews.c.question_id == question_id)
    return [_review(row) for row in db.execute(query)]


def latest_reviews_for(db: Connection | Session, question_id: int, limit: int) -> list[Review]:
    """The newest `limit` reviews of one question, oldest first, without reading the rest."""
    query = (
        select(reviews)
        .where(reviews.c.question_id == question_id)
        .order_by(reviews.c.reviewed_at.desc(), reviews.c.id.desc())
        .limit(limit)
    )
    return [_review(row) for row in reversed(list(db.execute(query)))]


def review_count_for(db: Connection | Session, question_id: int) -> int:
    query = select(func.count(reviews.c.id)).where(reviews.c.question_id == question_id)
    return int(db.scalar(query) or 0)


def review_count(db: Connection | Session) -> int:
    return int(db.scalar(select(func.count(reviews.c.id))) or 0)


def first_reviewed_since(db: Connection | Session, since: datetime) -> int:
    """How many questions had their first review at or after `since`: the new questions
    started in that time. Follow-up drill answers do not start a question."""
    earlier = reviews.alias("earlier")
    started_before = (
        select(earlier.c.id)
        .where(
            earlier.c.question_id == reviews.c.question_id,
            earlier.c.reviewed_at < since,
            earlier.c.mode != ReviewMode.FOLLOW_UP.value,
        )
        .exists()
    )
    query = select(func.count(func.distinct(reviews.c.question_id))).where(
        reviews.c.reviewed_at >= since,
        reviews.c.mode != ReviewMode.FOLLOW_UP.value,
        ~started_before,
    )
    return int(db.scalar(query) or 0)


def reviewed_since(db: Connection | Session, since: datetime) -> int:
    """How many scheduling reviews were given at or after `since` (follow-ups excluded)."""
    query = select(func.count()).where(
        reviews.c.reviewed_at >= since, reviews.c.mode != ReviewMode.FOLLOW_UP.value
    )
    return int(db.scalar(query) or 0)


def recent_durations_ms(db: Connection | Session, limit: int) -> list[int]:
    """The time spent on the latest `limit` scheduling reviews, newest first."""
    query = (
        select(reviews.c.duration_ms)
        .where(reviews.c.mode != ReviewMode.FOLLOW_UP.value, reviews.c.duration_ms > 0)
        .order_by(reviews.c.reviewed_at.desc())
        .limit(limit)
    )
    return [int(value) for value in db.scalars(query)]


# --- annotations ---------------------------------------------------------------------------
def starred_ids(db: Connection | Session) -> set[int]:
    query = select(marks.c.question_id).where(marks.c.starred.is_(True))
    return set(db.scalars(query))


def notes(db: Connection | Session) -> dict[int, str]:
    query = select(marks.c.question_id, marks.c.note).where(marks.c.note != "")
    return {qid: note for qid, note in db.execute(query)}


def _annotation(session: Session, question_id: int, when: datetime) -> AnnotationRow:
    from studyapp.storage.models import AnnotationRow

    row = session.get(AnnotationRow, question_id)
    if row is None:
        row = AnnotationRow(question_id=question_id, starred=False, note="", updated_at=when)
        session.add(row)
    row.updated_at = when
    return row


def set_starred(session: Session, question_id: int, starred: bool, when: datetime) -> None:
    _annotation(session, question_id, when).starred = starred


def set_note(session: Session, question_id: int, note: str, when: datetime) -> None:
    _annotation(session, question_id, when).note = note


# --- settings ------------------------------------------------------------------------------
def load_settings(db: Connection | Session) -> dict[str, Any]:
    return {key: json.loads(value) for key, value in db.execute(select(settings))}


def save_setting(session: Session, key: str, value: Any) -> None:
    from studyapp.storage.models import SettingRow

    row = session.get(SettingRow, key) or SettingRow(key=key)
    row.value = json.dumps(value)
    session.add(row)
