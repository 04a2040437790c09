"""Reads and writes on an open Session, handing out domain values instead of ORM rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from studyapp.domain import CardPhase, CardState, NewReview, Rating, Review, ReviewMode
from studyapp.storage.models import AnnotationRow, CardRow, ReviewRow, SettingRow


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def _join(ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in sorted(set(ids)))


def _card(row: CardRow) -> CardState:
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


def _review(row: ReviewRow) -> Review:
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
def get_card(session: Session, question_id: int) -> CardState:
    row = session.get(CardRow, question_id)
    return _card(row) if row is not None else CardState.new(question_id)


def all_cards(session: Session) -> dict[int, CardState]:
    return {row.question_id: _card(row) for row in session.scalars(select(CardRow))}


def save_card(session: Session, state: CardState) -> None:
    if state.phase == CardPhase.NEW and state.reps == 0:
        session.execute(delete(CardRow).where(CardRow.question_id == state.question_id))
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
    session.execute(delete(ReviewRow).where(ReviewRow.id == review_id))


def reviews_for(session: Session, question_id: int | None = None) -> list[Review]:
    query = select(ReviewRow).order_by(ReviewRow.reviewed_at, ReviewRow.id)
    if question_id is not None:
        query = query.where(ReviewRow.question_id == question_id)
    return [_review(row) for row in session.scalars(query)]


def latest_reviews_for(session: Session, question_id: int, limit: int) -> list[Review]:
    """The newest `limit` reviews of one question, oldest first, without reading the rest."""
    query = (
        select(ReviewRow)
        .where(ReviewRow.question_id == question_id)
        .order_by(ReviewRow.reviewed_at.desc(), ReviewRow.id.desc())
        .limit(limit)
    )
    return [_review(row) for row in reversed(list(session.scalars(query)))]


def review_count_for(session: Session, question_id: int) -> int:
    query = select(func.count(ReviewRow.id)).where(ReviewRow.question_id == question_id)
    return int(session.scalar(query) or 0)


def review_count(session: Session) -> int:
    return int(session.scalar(select(func.count(ReviewRow.id))) or 0)


def first_reviewed_since(session: Session, since: datetime) -> int:
    """How many questions had their first review at or after `since`: the new questions
    started in that time. Follow-up drill answers do not start a question."""
    earlier = aliased(ReviewRow)
    started_before = (
        select(earlier.id)
        .where(
            earlier.question_id == ReviewRow.question_id,
            earlier.reviewed_at < since,
            earlier.mode != ReviewMode.FOLLOW_UP.value,
        )
        .exists()
    )
    query = select(func.count(func.distinct(ReviewRow.question_id))).where(
        ReviewRow.reviewed_at >= since,
        ReviewRow.mode != ReviewMode.FOLLOW_UP.value,
        ~started_before,
    )
    return int(session.scalar(query) or 0)


# --- annotations ---------------------------------------------------------------------------
def starred_ids(session: Session) -> set[int]:
    query = select(AnnotationRow.question_id).where(AnnotationRow.starred.is_(True))
    return set(session.scalars(query))


def notes(session: Session) -> dict[int, str]:
    query = select(AnnotationRow.question_id, AnnotationRow.note).where(AnnotationRow.note != "")
    return {qid: note for qid, note in session.execute(query)}


def _annotation(session: Session, question_id: int, when: datetime) -> AnnotationRow:
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
def load_settings(session: Session) -> dict[str, Any]:
    return {row.key: json.loads(row.value) for row in session.scalars(select(SettingRow))}


def save_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(SettingRow, key) or SettingRow(key=key)
    row.value = json.dumps(value)
    session.add(row)
