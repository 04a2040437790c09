"""Applying other devices' records to this database, and gathering this device's own.

Rules, the same on every device so that all of them end in one state:
- a review is added once, by uid; one that was undone anywhere is never added again;
- an undo removes its review wherever it is;
- every question whose history changed is replayed from its whole merged log with the one
  replay function (`SpacedScheduler.replay`, as `--rebuild-state` does), never patched;
- a note, star or travelling setting takes the later edit, by (time, device id). A note
  edited from the one this device holds simply replaces it; two edits made apart keep the
  losing note as a conflict copy the learner can pick from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from studyapp.domain import Changes
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.services.settings import TRAVELLING_SETTINGS, Settings, sensible_setting
from studyapp.storage import repository
from studyapp.storage.tables import (
    marks,
    note_conflicts,
    reviews,
    sync_tombstones,
    sync_versions,
)
from studyapp.sync.records import MarkRecord, Record, ReviewRecord, UndoRecord

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_CHUNK = 500  # rows per statement: SQLite limits the variables in one


@dataclass(frozen=True)
class Merged:
    changes: Changes
    added: int = 0
    undone: int = 0
    conflicts: int = 0


def apply_records(
    session: Session,
    records: Iterable[Record],
    me: str,
    scheduler: SpacedScheduler,
    names: dict[str, str],
) -> Merged:
    """Apply `records` in one transaction (the caller's session); what changed comes back."""
    new_reviews: dict[str, ReviewRecord] = {}
    undos: dict[str, UndoRecord] = {}
    latest_marks: list[MarkRecord] = []
    for record in records:
        if isinstance(record, ReviewRecord):
            new_reviews.setdefault(record.uid, record)
        elif isinstance(record, UndoRecord):
            undos.setdefault(record.uid, record)
        elif isinstance(record, MarkRecord):
            latest_marks.append(record)
    touched: set[int] = set()
    undone = _apply_undos(session, undos, touched)
    added = _add_reviews(session, new_reviews, me, touched)
    if touched:
        _replay(session, touched, scheduler)
    notes, stars, changed_settings, conflicts = _apply_marks(session, latest_marks, me, names)
    ids = frozenset(touched | notes | stars)
    return Merged(
        Changes(
            reviews=bool(touched),
            notes=bool(notes),
            stars=bool(stars),
            settings=changed_settings,
            question_ids=ids,
        ),
        added,
        undone,
        conflicts,
    )


def _apply_undos(session: Session, undos: dict[str, UndoRecord], touched: set[int]) -> int:
    uids = list(undos)
    undone = 0
    for start in range(0, len(uids), _CHUNK):
        chunk = uids[start : start + _CHUNK]
        rows = session.execute(
            select(reviews.c.uid, reviews.c.question_id).where(reviews.c.uid.in_(chunk))
        ).all()
        for _uid, qid in rows:
            touched.add(qid)
        if rows:
            session.execute(delete(reviews).where(reviews.c.uid.in_([r[0] for r in rows])))
            undone += len(rows)
        for uid in chunk:
            repository.remember_undo(session, uid, undos[uid].at, sent=True)
    return undone


def _known(session: Session, table_column: Any, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        found.update(session.scalars(select(table_column).where(table_column.in_(chunk))))
    return found


def _add_reviews(
    session: Session, incoming: dict[str, ReviewRecord], me: str, touched: set[int]
) -> int:
    uids = list(incoming)
    skip = _known(session, reviews.c.uid, uids) | _known(session, sync_tombstones.c.uid, uids)
    rows = []
    for uid, record in incoming.items():
        if uid in skip:
            continue
        try:
            repository.check_review(
                0,
                record.question_id,
                record.reviewed_at,
                int(record.rating),
                record.duration_ms,
                str(record.mode),
                "",
                "",
                record.typed_answer,
            )
        except ValueError:
            continue
        rows.append(
            (
                record.question_id,
                repository.stored_time(record.reviewed_at),
                int(record.rating),
                record.duration_ms,
                str(record.mode),
                record.typed_answer,
                ",".join(str(i) for i in record.ticked),
                ",".join(str(i) for i in record.suggested),
                uid,
                record.transcript,
                record.delivery,
                record.audio,
                # This device's own reviews, met again in its own log (a restored backup),
                # rejoin its own sequence.
                None if record.origin == me else record.origin,
                record.seq,
            )
        )
        touched.add(record.question_id)
    if rows:
        # Straight to SQLite: through the ORM or Core's per-row processing, 100,000
        # reviews took three seconds to insert.
        session.connection().exec_driver_sql(_INSERT_REVIEW, rows)
    return len(rows)


_INSERT_REVIEW = (
    "INSERT INTO reviews (question_id, reviewed_at, rating, duration_ms, mode, typed_answer, "
    "ticked, suggested, uid, transcript, delivery, audio, origin, seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _replay(session: Session, touched: set[int], scheduler: SpacedScheduler) -> None:
    """Every touched question's card from its whole merged log, by the one replay function."""
    history = repository.replay_history(session, touched)
    for qid in sorted(touched):
        repository.save_card(session, scheduler.replay(qid, history.get(qid, [])))


# --- notes, stars, settings ----------------------------------------------------------------
@dataclass(frozen=True)
class _Version:
    at: datetime
    device: str  # a real device id (this device's own edits are stored as "")
    base: str
    sent: bool

    @property
    def rank(self) -> tuple[datetime, str]:
        return (self.at, self.device)


def _version(session: Session, key: str, me: str) -> _Version | None:
    row = session.execute(select(sync_versions).where(sync_versions.c.key == key)).first()
    if row is None or row.at is None:
        return None
    return _Version(row.at, row.device or me, row.base, bool(row.sent))


def _set_version(session: Session, record: MarkRecord, me: str) -> None:
    from sqlalchemy.dialects.sqlite import insert as upsert

    device = "" if record.device == me else record.device
    values = {"at": record.at, "device": device, "base": "", "sent": True}
    statement = upsert(sync_versions).values(key=record.key, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["key"], set_=values))


def _apply_marks(
    session: Session, records: list[MarkRecord], me: str, names: dict[str, str]
) -> tuple[set[int], set[int], bool, int]:
    notes: set[int] = set()
    stars: set[int] = set()
    changed_settings = False
    conflicts = 0
    for record in records:
        kind, _, name = record.key.partition(":")
        local = _version(session, record.key, me)
        # Ours is the later edit (or this very one): nothing to take. A note still looks,
        # since an older edit made from ours is a descendant, not a loser.
        if (
            local is not None
            and local.rank >= (record.at, record.device)
            and (kind != "note" or local.rank == (record.at, record.device))
        ):
            continue
        if kind == "note" and name.isdigit() and type(record.value) is str:
            outcome = _merge_note(session, int(name), record, local, me, names)
            if outcome is None:
                continue
            notes.add(int(name))
            conflicts += outcome
        elif kind == "star" and name.isdigit() and type(record.value) is bool:
            qid = int(name)
            repository.set_starred(session, qid, record.value, record.at)
            _set_version(session, record, me)
            stars.add(qid)
        elif kind == "setting" and name in TRAVELLING_SETTINGS:
            value = tuple(record.value) if isinstance(record.value, list) else record.value
            if not sensible_setting(name, value, getattr(Settings(), name)):
                continue
            repository.save_setting(session, name, record.value)
            _set_version(session, record, me)
            changed_settings = True
    return notes, stars, changed_settings, conflicts


def _merge_note(
    session: Session,
    qid: int,
    record: MarkRecord,
    local: _Version | None,
    me: str,
    names: dict[str, str],
) -> int | None:
    """Take, keep or conflict-copy a note edit; None when nothing changed here, else how
    many conflict copies were made (0 or 1)."""
    current = repository.notes(session).get(qid, "")
    remote_wins = local is None or (record.at, record.device) > local.rank
    if current == record.value:
        if remote_wins:
            _set_version(session, record, me)
        return None
    descends_from_ours = record.base == repository.note_digest(current)
    ours_descends = local is not None and local.base == repository.note_digest(record.value)
    if ours_descends and not descends_from_ours:
        return None  # the edit we hold was made from this one: it is older
    conflict = 0
    if not (descends_from_ours or (local is None and not current)):
        # Made apart: the later one wins, the other is kept as a conflict copy.
        if not remote_wins:
            _keep_conflict(session, qid, record.value, record.at, names.get(record.device, ""))
            return 1
        owner = me if local is None else local.device
        at = local.at if local is not None else record.at
        _keep_conflict(session, qid, current, at, names.get(owner, ""))
        conflict = 1
    repository.set_note(session, qid, record.value, record.at)
    _set_version(session, record, me)
    return conflict


def _keep_conflict(session: Session, qid: int, text: str, at: datetime, device: str) -> None:
    if not text.strip():
        return
    kept = session.scalars(
        select(note_conflicts.c.id).where(
            note_conflicts.c.question_id == qid, note_conflicts.c.text == text
        )
    ).first()
    if kept is None:
        session.execute(
            insert(note_conflicts).values(question_id=qid, text=text, at=at, device_name=device)
        )


# --- this device's own records -------------------------------------------------------------
def own_records(
    db: Connection | Session, me: str, everything: bool = False, all_devices: bool = False
) -> list[Record]:
    """What this device has not yet published; with `everything`, all it has made (a new
    sync folder gets it all); with `all_devices` too, every device's reviews and the latest
    of every mark (the single progress file carries everything)."""
    out: list[Record] = []
    everything = everything or all_devices
    query = select(reviews).order_by(reviews.c.id)
    if not all_devices:
        query = query.where(reviews.c.origin.is_(None))
    if not everything:
        query = query.where(reviews.c.seq.is_(None))
    for review in repository.readable(db.execute(query), repository.review_from_row):
        if not review.uid:
            continue
        out.append(
            ReviewRecord(
                uid=review.uid,
                origin=review.origin or me,
                seq=review.order,
                question_id=review.question_id,
                reviewed_at=review.reviewed_at,
                rating=review.rating,
                duration_ms=review.duration_ms,
                mode=review.mode,
                typed_answer=review.typed_answer,
                ticked=review.ticked,
                suggested=review.suggested,
                transcript=review.transcript,
                delivery=review.delivery,
                audio=review.audio,
            )
        )
    undo_query = select(sync_tombstones)
    if not everything:
        undo_query = undo_query.where(sync_tombstones.c.sent.is_(False))
    for row in db.execute(undo_query):
        if row.undone_at is not None:
            out.append(UndoRecord(row.uid, row.undone_at))
    version_query = select(sync_versions)
    if not all_devices:
        version_query = version_query.where(sync_versions.c.device == "")
    if not everything:
        version_query = version_query.where(sync_versions.c.sent.is_(False))
    values = _mark_values(db)
    for row in db.execute(version_query):
        if row.at is None or row.key not in values:
            continue
        out.append(MarkRecord(row.key, values[row.key], row.at, row.device or me, row.base))
    return out


def _mark_values(db: Connection | Session) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for qid, starred, note in db.execute(
        select(marks.c.question_id, marks.c.starred, marks.c.note)
    ):
        values[f"star:{qid}"] = bool(starred)
        values[f"note:{qid}"] = note or ""
    stored = repository.load_settings(db)
    for name in TRAVELLING_SETTINGS:
        if name in stored:
            values[f"setting:{name}"] = stored[name]
    return values


def mark_published(session: Session, records: list[Record]) -> None:
    """After `records` reached the disk: remember not to publish them again. A mark edited
    again meanwhile (its time moved on) stays unpublished."""
    reviewed = [r.uid for r in records if isinstance(r, ReviewRecord)]
    undone = [r.uid for r in records if isinstance(r, UndoRecord)]
    for start in range(0, len(reviewed), _CHUNK):
        session.execute(
            update(reviews)
            .where(reviews.c.uid.in_(reviewed[start : start + _CHUNK]), reviews.c.seq.is_(None))
            .values(seq=reviews.c.id)
        )
    for start in range(0, len(undone), _CHUNK):
        session.execute(
            update(sync_tombstones)
            .where(sync_tombstones.c.uid.in_(undone[start : start + _CHUNK]))
            .values(sent=True)
        )
    for record in records:
        if isinstance(record, MarkRecord):
            session.execute(
                update(sync_versions)
                .where(
                    sync_versions.c.key == record.key,
                    sync_versions.c.at == record.at,
                    sync_versions.c.device == "",
                )
                .values(sent=True)
            )
