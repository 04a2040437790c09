"""Reads and writes on an open connection or session, handing out domain values, not rows.

Reads are SQLAlchemy Core against `tables.py` and run on a plain Connection or a Session
alike, so the first screen needs nothing from the ORM. Writes use the typed models' unit of
work and import them where they run: the ORM is loaded by the first write, or earlier by
`Store.warm_up()` when the quiz opens, never on the way to the first paint.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Row, delete, func, insert, select

from studyapp.domain import CardPhase, CardState, NewReview, Rating, Review, ReviewMode
from studyapp.storage.tables import (
    cards,
    marks,
    new_review_uid,
    reviews,
    settings,
    sync_tombstones,
    sync_versions,
)

T = TypeVar("T")

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.storage.models import AnnotationRow, ReviewRow


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def _join(ids: Iterable[int]) -> str:
    return ",".join(str(i) for i in sorted(set(ids)))


# A row that damage made unreadable raises one of these while it is turned into a value.
ROW_DAMAGE = (ValueError, TypeError, AttributeError, OverflowError, UnicodeDecodeError)


def _whole(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(f"not a count: {value!r}")
    return value


def _positive(value: Any) -> float | None:
    if value is None:
        return None
    if type(value) not in (int, float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"not a positive number: {value!r}")
    return float(value)


def _card(row: Row[Any]) -> CardState:
    """Every field checked: a card with phase 7 or stability -1 crashed the window."""
    phase = CardPhase(row.phase)
    if phase != CardPhase.NEW and row.due is None:
        raise ValueError("a scheduled card without a due time")
    return CardState(
        question_id=_whole(row.question_id),
        phase=phase,
        step=None if row.step is None else _whole(row.step),
        stability=_positive(row.stability),
        difficulty=_positive(row.difficulty),
        due=row.due,
        last_review=row.last_review,
        reps=_whole(row.reps),
        lapses=_whole(row.lapses),
    )


_RATINGS = frozenset(int(rating) for rating in Rating)
_MODES = frozenset(mode.value for mode in ReviewMode)
_KEY_POINTS = re.compile(r"(?:\d{1,2}(?:,\d{1,2})*)?")


def check_review(
    review_id: Any,
    question_id: Any,
    reviewed_at: Any,
    rating: Any,
    duration_ms: Any,
    mode: Any,
    ticked: Any,
    suggested: Any,
    typed_answer: Any,
) -> None:
    """Raise ValueError unless every field of a review row is one DeepStudy could have
    written: a rating of 9 or -34, an unreadable time or mode, ticked='a,b' are damage.
    Cheap on purpose (an export checks a million rows): set lookups and one regex each."""
    if (
        reviewed_at is None
        or rating not in _RATINGS
        or mode not in _MODES
        or type(review_id) is not int
        or type(question_id) is not int
        or type(duration_ms) is not int
        or duration_ms < 0
        or type(ticked) is not str
        or type(suggested) is not str
        or not _KEY_POINTS.fullmatch(ticked)
        or not _KEY_POINTS.fullmatch(suggested)
        or (typed_answer is not None and type(typed_answer) is not str)
    ):
        raise ValueError(f"review {review_id!r} holds a value DeepStudy never writes")


def review_from_row(row: Row[Any] | ReviewRow) -> Review:
    """The review in `row`, every field checked (check_review)."""
    check_review(
        row.id,
        row.question_id,
        row.reviewed_at,
        row.rating,
        row.duration_ms,
        row.mode,
        row.ticked,
        row.suggested,
        row.typed_answer,
    )
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
        uid=row.uid or "",
        transcript=row.transcript,
        delivery=row.delivery,
        audio=row.audio,
        origin=row.origin or "",
        seq=row.seq,
    )


def stored_time(value: datetime) -> str:
    """A time as the reviews table stores it (UTC, SQLAlchemy's SQLite format), for the bulk
    insert that bypasses the column's own conversion."""
    from datetime import UTC

    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def readable(rows: Iterable[Row[Any]], convert: Callable[[Row[Any]], T]) -> Iterator[T]:
    """`convert` applied to each row, leaving out the rows damage made unreadable: one bad
    row must not take the whole browser, dashboard or export down with it (review C1).
    `Rebuild schedule` and a backup restore are the ways back from such a row."""
    for row in rows:
        try:
            yield convert(row)
        except ROW_DAMAGE:
            continue


# --- cards ---------------------------------------------------------------------------------
def get_card(db: Connection | Session, question_id: int) -> CardState:
    row = db.execute(select(cards).where(cards.c.question_id == question_id)).first()
    found = list(readable([row], _card)) if row is not None else []
    return found[0] if found else CardState.new(question_id)


def all_cards(db: Connection | Session) -> dict[int, CardState]:
    return {card.question_id: card for card in readable(db.execute(select(cards)), _card)}


def card_ids(db: Connection | Session) -> set[int]:
    """Every question with a card row, readable or not: a rebuild rewrites them all."""
    return {qid for qid in db.scalars(select(cards.c.question_id)) if type(qid) is int}


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
        uid=review.uid or new_review_uid(),
        transcript=review.transcript or None,
        delivery=review.delivery or None,
        audio=review.audio or None,
    )
    session.add(row)
    session.flush()
    return review_from_row(row)


def delete_review(session: Session, review_id: int, when: datetime) -> None:
    """Undo: the row goes, and its uid is remembered so the undo reaches every synced
    device and the review never comes back from one of them."""
    uid = session.scalar(select(reviews.c.uid).where(reviews.c.id == review_id))
    session.execute(delete(reviews).where(reviews.c.id == review_id))
    if uid:
        remember_undo(session, uid, when, sent=False)


def remember_undo(session: Session, uid: str, when: datetime, sent: bool) -> None:
    """Record that review `uid` was undone (`sent`: the record came from a sync log)."""
    from sqlalchemy.dialects.sqlite import insert

    statement = insert(sync_tombstones).values(uid=uid, undone_at=when, sent=sent)
    session.execute(statement.on_conflict_do_nothing(index_elements=["uid"]))


def reviews_for(db: Connection | Session, question_id: int | None = None) -> list[Review]:
    query = select(reviews).order_by(reviews.c.reviewed_at, reviews.c.id)
    if question_id is not None:
        query = query.where(reviews.c.question_id == question_id)
    return list(readable(db.execute(query), review_from_row))


def replay_history(
    db: Connection | Session, question_ids: Iterable[int] | None = None
) -> dict[int, list[Review]]:
    """Each question's reviews with only what a replay reads (the other fields empty):
    at 100,000 reviews it reads in half the time of `reviews_for`. None: every question."""
    query = select(
        reviews.c.id,
        reviews.c.question_id,
        reviews.c.reviewed_at,
        reviews.c.rating,
        reviews.c.mode,
        reviews.c.uid,
        reviews.c.origin,
        reviews.c.seq,
    )
    wanted = None if question_ids is None else set(question_ids)
    if wanted is not None and len(wanted) <= 500:
        query = query.where(reviews.c.question_id.in_(wanted))
    by_question: dict[int, list[Review]] = {}
    for rid, qid, when, rating, mode, uid, origin, seq in db.execute(query):
        if (wanted is not None and qid not in wanted) or when is None:
            continue
        if rating not in _RATINGS or mode not in _MODES or type(qid) is not int:
            continue  # damage: left out, as every read does
        by_question.setdefault(qid, []).append(
            Review(
                rid,
                qid,
                when,
                Rating(rating),
                0,
                ReviewMode(mode),
                uid=uid or "",
                origin=origin or "",
                seq=seq,
            )
        )
    return by_question


def latest_reviews_for(db: Connection | Session, question_id: int, limit: int) -> list[Review]:
    """The newest `limit` reviews of one question, oldest first, without reading the rest."""
    query = (
        select(reviews)
        .where(reviews.c.question_id == question_id)
        .order_by(reviews.c.reviewed_at.desc(), reviews.c.id.desc())
        .limit(limit)
    )
    return list(readable(reversed(list(db.execute(query))), review_from_row))


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
    mark_edited(session, f"star:{question_id}", when)


def set_note(session: Session, question_id: int, note: str, when: datetime) -> None:
    row = _annotation(session, question_id, when)
    mark_edited(session, f"note:{question_id}", when, note_digest(row.note))
    row.note = note


def note_digest(text: str) -> str:
    """A short digest of a note, so a synced edit can say which note it was made from."""
    import hashlib

    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def mark_edited(session: Session, key: str, when: datetime, base: str = "") -> None:
    """This device changed `key` (a note, star or travelling setting) at `when`: the version
    sync compares against other devices' edits (the later one wins). `base`, a digest of the
    note before the edit, is kept from the first edit not yet published."""
    from sqlalchemy.dialects.sqlite import insert

    statement = insert(sync_versions).values(key=key, at=when, device="", base=base, sent=False)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["key"],
            set_={
                "at": when,
                "device": "",
                "sent": False,
                # The edit builds on what was last published or merged, not on its own
                # unpublished steps (a note saves as it is typed).
                "base": statement.excluded.base
                if not base
                else _keep_unsent_base(statement.excluded.base),
            },
        )
    )


def _keep_unsent_base(new_base: Any) -> Any:
    from sqlalchemy import case

    return case((sync_versions.c.sent.is_(False), sync_versions.c.base), else_=new_base)


# --- settings ------------------------------------------------------------------------------
def load_settings(db: Connection | Session) -> dict[str, Any]:
    """Every stored setting whose value still reads as JSON (a damaged one is left out, and
    its default used: `{not json` stopped start-up)."""
    loaded = {}
    for key, value in db.execute(select(settings)):
        try:
            loaded[key] = json.loads(value)
        except (ValueError, TypeError, RecursionError):
            continue
    return loaded


def save_setting(db: Connection | Session, key: str, value: Any) -> None:
    """Insert or replace one setting, as a plain statement: it serves a session's unit of
    work and a bare transaction alike, so writing window state at quit needs no ORM."""
    from sqlalchemy.dialects.sqlite import insert

    text = json.dumps(value)
    upsert = insert(settings).values(key=key, value=text)
    db.execute(upsert.on_conflict_do_update(index_elements=[settings.c.key], set_={"value": text}))


# --- a question's whole record ---------------------------------------------------------------
def stored_question_ids(db: Connection | Session) -> set[int]:
    """Every question id anything is stored under (reviews, cards, stars and notes): a new
    own question's id must be none of them, so kept history never attaches to it."""
    found: set[int] = set()
    for table in (reviews, cards, marks):
        found.update(int(v) for v in db.scalars(select(table.c.question_id).distinct()))
    return found


def add_imported_reviews(
    session: Session, given: Sequence[tuple[NewReview, datetime]]
) -> list[Review]:
    """Reviews from another tool's history, oldest first, in one statement (an Anki deck can
    bring tens of thousands; one ORM flush each took seconds). Their ids grow in the order
    given, which is the order the schedule's replay reads them in. Returns them as stored."""
    if not given:
        return []
    before = session.scalar(select(func.coalesce(func.max(reviews.c.id), 0))) or 0
    session.execute(
        insert(reviews),
        [
            {
                "question_id": review.question_id,
                "reviewed_at": when,
                "rating": int(review.rating),
                "duration_ms": max(0, int(review.duration_ms)),
                "mode": str(review.mode),
                "typed_answer": None,
                "ticked": "",
                "suggested": "",
                "uid": new_review_uid(),
            }
            for review, when in given
        ],
    )
    query = select(reviews).where(reviews.c.id > before).order_by(reviews.c.id)
    return list(readable(session.execute(query), review_from_row))


def forget_question(session: Session, question_id: int) -> None:
    """Delete everything stored about one question: its reviews, schedule, star and note.
    Only ever asked for explicitly ("also delete its history")."""
    for table in (reviews, cards, marks):
        session.execute(delete(table).where(table.c.question_id == question_id))
