"""Sync through a shared folder: this device's identity, one sync, and the progress file.

A sync reads every device's new records in the folder (this device's own too: after a
backup was restored they bring back what the copy lacked), applies them in one transaction
(`sync.merge`), then appends what this device has not yet published. It never writes the
database into the folder. The outcome is a `SyncReport` whose `changes` the UI puts on the
event bus like any other write.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select

from studyapp.clock import Clock
from studyapp.domain import Changes
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.services.browse import BrowseService
from studyapp.services.library import LibraryService
from studyapp.services.settings import SettingsService
from studyapp.services.study import StudyService
from studyapp.storage import repository
from studyapp.storage.database import Store
from studyapp.storage.tables import note_conflicts, sync_cursors
from studyapp.sync.folder import (
    Cursor,
    FolderMissingError,
    ReadResult,
    append_records,
    device_dir,
    devices_in,
    read_device,
    read_file,
    write_file,
)
from studyapp.sync.merge import Merged, apply_records, mark_published, own_records
from studyapp.sync.records import DeviceRecord, Record

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.services.own_questions import OwnQuestionService
    from studyapp.services.sync_own import OwnSync

DEVICE_ID_KEY = "sync_device_id"
DEVICE_NAME_KEY = "sync_device_name"
FOLDER_KEY = "sync_folder"
FULL_PUBLISH_KEY = "sync_publish_everything"
LAST_SYNC_KEY = "sync_last_at"


@dataclass(frozen=True)
class SyncReport:
    """What one sync did, for the status bar and the bus."""

    changes: Changes = field(default_factory=Changes)
    at: datetime | None = None
    devices: tuple[str, ...] = ()  # the other devices' names, as they call themselves
    added: int = 0
    undone: int = 0
    conflicts: int = 0
    copies: int = 0  # own questions edited on both sides: the loser kept as a conflict copy
    published: int = 0
    waiting: tuple[str, ...] = ()  # devices whose last record is still arriving
    skipped: int = 0  # damaged lines passed over
    paused: str = ""  # why sync could not run (the folder is gone); nothing was changed
    reason: str = ""  # the same in a few words, for the status bar


@dataclass(frozen=True)
class NoteConflict:
    id: int
    question_id: int
    text: str
    at: datetime
    device_name: str


class SyncService:
    def __init__(
        self,
        store: Store,
        settings: SettingsService,
        study: StudyService,
        library: LibraryService,
        browse: BrowseService,
        clock: Clock,
        own: Callable[[], OwnQuestionService] | None = None,
    ) -> None:
        self._own = own  # built when first needed, as the app builds it
        self._store = store
        self._settings = settings
        self._study = study
        self._library = library
        self._browse = browse
        self._clock = clock

    @property
    def scheduler(self) -> SpacedScheduler:
        return self._study.scheduler

    # --- identity and folder ------------------------------------------------------------
    def device_id(self) -> str:
        """This installation's id, made the first time it is asked for."""
        existing = self._settings.get_value(DEVICE_ID_KEY)
        if isinstance(existing, str) and existing.isalnum() and len(existing) == 32:
            return existing
        made = uuid.uuid4().hex
        self._settings.set_value(DEVICE_ID_KEY, made)
        return made

    def device_name(self) -> str:
        name = self._settings.get_value(DEVICE_NAME_KEY)
        if isinstance(name, str) and name.strip():
            return name.strip()[:80]
        return (socket.gethostname() or "This computer")[:80]

    def set_device_name(self, name: str) -> None:
        self._settings.set_value(DEVICE_NAME_KEY, name.strip()[:80])

    def folder(self) -> Path | None:
        value = self._settings.get_value(FOLDER_KEY)
        return Path(value) if isinstance(value, str) and value else None

    def set_folder(self, folder: Path | None) -> None:
        """Sync through `folder` from now on (None: stop). A new folder gets everything this
        device holds at its next sync, and every device's files are read from their start."""
        if folder == self.folder():
            return
        with self._store.writing() as session:
            session.execute(delete(sync_cursors))
            repository.save_setting(session, FOLDER_KEY, str(folder) if folder else "")
            repository.save_setting(session, FULL_PUBLISH_KEY, True)
        self._settings.forget()

    def last_synced(self) -> datetime | None:
        value = self._settings.get_value(LAST_SYNC_KEY)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                return None
        return None

    def known_devices(self) -> tuple[str, ...]:
        """The names of the other devices met in the folder."""
        me = self.device_id()
        with self._store.reading() as db:
            rows = db.execute(select(sync_cursors.c.device, sync_cursors.c.name)).all()
        return tuple(sorted(name or device[:8] for device, name in rows if device != me))

    # --- one sync -----------------------------------------------------------------------
    def sync_now(self) -> SyncReport:
        """Merge the folder's new records and publish this device's; safe on any thread.
        Call `settle(report)` afterwards on the thread that owns the services' caches."""
        folder = self.folder()
        if folder is None:
            return SyncReport(
                paused="No sync folder is chosen (File > Settings > Sync).",
                reason="no folder chosen",
            )
        me = self.device_id()
        header = DeviceRecord(me, self.device_name())
        cursors = self._cursors()
        try:
            if not folder.is_dir():
                raise FolderMissingError(str(folder))
            mine = device_dir(folder, me)
            if cursors.get(me, Cursor()).segment > 0 and not mine.is_dir():
                return SyncReport(
                    paused=f"This computer's files are missing from {folder}. Sync is paused "
                    "and your progress is kept here; choose the folder again in Settings to "
                    "start afresh there.",
                    reason="this computer's files are missing from the folder",
                )
            reads: dict[str, ReadResult] = {}
            for device in devices_in(folder):
                reads[device] = read_device(
                    device_dir(folder, device), cursors.get(device, Cursor())
                )
        except OSError as error:
            return SyncReport(paused=_missing(folder, error), reason="the folder is not there")
        records: list[Record] = [r for read in reads.values() for r in read.records]
        names = self._names()
        for record in records:
            if isinstance(record, DeviceRecord):
                names[record.device] = record.name
        now = self._clock.now()
        own_changed, own_conflicts = self._merge_own(records, me, names, now)
        with self._store.writing() as session:
            merged = apply_records(session, records, me, self.scheduler, names)
            for device, read in reads.items():
                self._save_cursor(session, device, read.cursor, names.get(device, ""), now)
            repository.save_setting(session, LAST_SYNC_KEY, now.isoformat())
        published = self._publish(folder, header)
        self._settings.forget()
        changes = merged.changes
        if own_changed:
            changes = changes | Changes(content=True, question_ids=frozenset(own_changed))
        return SyncReport(
            changes=changes,
            at=now,
            devices=tuple(sorted(names[d] or d[:8] for d in reads if d != me and d in names)),
            added=merged.added,
            undone=merged.undone,
            conflicts=merged.conflicts,
            copies=own_conflicts,
            published=published,
            waiting=tuple(sorted(names.get(d, d[:8]) for d, r in reads.items() if r.waiting)),
            skipped=sum(r.skipped for r in reads.values()),
        )

    def _publish(self, folder: Path, header: DeviceRecord) -> int:
        everything = self._settings.get_value(FULL_PUBLISH_KEY) is True
        with self._store.reading() as db:
            records = own_records(db, header.device, everything=everything)
        own = self._own_sync()
        if own is not None:
            records[:0] = own.outgoing(header.device, self._clock.now(), everything)
        with self._store.reading() as db:
            written_as = db.scalar(
                select(sync_cursors.c.name).where(sync_cursors.c.device == header.device)
            )
        if written_as != header.name:
            records.insert(0, header)  # the first time here, or under a new name
        if not records:
            return 0
        try:
            cursor = append_records(device_dir(folder, header.device), header, records)
        except OSError:
            return 0  # the folder went away meanwhile: published at the next sync
        if own is not None:
            self._keep_own_state(own)
        with self._store.writing() as session:
            mark_published(session, records)
            if everything:
                repository.save_setting(session, FULL_PUBLISH_KEY, False)
            self._save_cursor(session, header.device, cursor, header.name, self._clock.now())
        return len(records)

    def settle(self, report: SyncReport) -> Changes:
        """Bring the services' caches in line with what a sync changed; its `Changes`."""
        changes = report.changes
        if changes.content and self._own is not None:
            self._own().publish()  # the questions another device added, edited or deleted
        if changes.settings:
            self._settings.forget()
            self._study.follow_settings(self._settings.load())
        if changes.notes:
            self._library.refresh_notes(changes.question_ids)
        if changes.stars:
            self._library.stars_version += 1
        if changes.reviews or changes.settings or changes.stars:
            self._browse.invalidate()
        return changes

    # --- the single progress file -------------------------------------------------------
    def export_file(self, path: Path) -> int:
        """Everything this device holds, in the sync format, as one file; how many records."""
        me = self.device_id()
        with self._store.reading() as db:
            records = own_records(db, me, all_devices=True)
        own = self._own_sync()
        if own is not None:
            records[:0] = own.outgoing(me, self._clock.now(), everything=True)
        write_file(path, DeviceRecord(me, self.device_name()), records)
        return len(records)

    def merge_file(self, path: Path) -> SyncReport:
        """Merge a progress file another device exported. An incomplete last record is left
        out (and said); everything before it is merged."""
        read = read_file(path)
        names = self._names()
        for record in read.records:
            if isinstance(record, DeviceRecord):
                names[record.device] = record.name
        own_changed, own_conflicts = self._merge_own(
            read.records, self.device_id(), names, self._clock.now()
        )
        with self._store.writing() as session:
            merged: Merged = apply_records(
                session, read.records, self.device_id(), self.scheduler, names
            )
        changes = merged.changes
        if own_changed:
            changes = changes | Changes(content=True, question_ids=frozenset(own_changed))
        return SyncReport(
            changes=changes,
            at=self._clock.now(),
            added=merged.added,
            undone=merged.undone,
            conflicts=merged.conflicts,
            copies=own_conflicts,
            waiting=(path.name,) if read.waiting else (),
            skipped=read.skipped,
        )

    # --- note conflicts -----------------------------------------------------------------
    def conflicts(self, question_id: int) -> list[NoteConflict]:
        query = (
            select(note_conflicts)
            .where(note_conflicts.c.question_id == question_id)
            .order_by(note_conflicts.c.at.desc())
        )
        with self._store.reading() as db:
            return [
                NoteConflict(row.id, row.question_id, row.text, row.at, row.device_name)
                for row in db.execute(query)
                if row.at is not None
            ]

    def resolve_conflict(
        self, conflict: NoteConflict, use_it: bool, keep_current: str = ""
    ) -> Changes:
        """Use the kept note (it becomes the note, an edit like any other, and travels) or
        dismiss it; either way that copy goes. `keep_current`, the note it replaces, is kept
        as a copy in its place, so picking never loses a version."""
        with self._store.writing() as session:
            session.execute(delete(note_conflicts).where(note_conflicts.c.id == conflict.id))
            if use_it and keep_current.strip() and keep_current != conflict.text:
                session.execute(
                    insert(note_conflicts).values(
                        question_id=conflict.question_id,
                        text=keep_current,
                        at=self._clock.now(),
                        device_name=self.device_name(),
                    )
                )
        if use_it:
            return self._library.set_note(conflict.question_id, conflict.text)
        return Changes(notes=True, question_ids=frozenset({conflict.question_id}))

    # --- own questions ------------------------------------------------------------------
    def _own_sync(self) -> OwnSync | None:
        if self._own is None:
            return None
        from studyapp.services.sync_own import MEDIA_SENT_KEY, OWN_STATE_KEY, OwnSync

        get = self._settings.get_value
        return OwnSync(self._own(), get(OWN_STATE_KEY), get(MEDIA_SENT_KEY))

    def _keep_own_state(self, own: OwnSync) -> None:
        from studyapp.services.sync_own import MEDIA_SENT_KEY, OWN_STATE_KEY

        with self._store.writing() as session:
            repository.save_setting(session, OWN_STATE_KEY, own.state())
            repository.save_setting(session, MEDIA_SENT_KEY, own.media_sent())
        self._settings.forget()

    def _merge_own(
        self, records: list[Record], me: str, names: dict[str, str], now: datetime
    ) -> tuple[set[int], int]:
        """Other devices' own questions into the data folder; the ids changed and how many
        conflict copies were made."""
        own = self._own_sync()
        if own is None:
            return set(), 0
        outcome = own.merge(records, me, names, now)
        self._keep_own_state(own)
        return outcome.changed, outcome.conflicts

    # --- bookkeeping --------------------------------------------------------------------
    def _cursors(self) -> dict[str, Cursor]:
        with self._store.reading() as db:
            rows = db.execute(select(sync_cursors)).all()
        return {row.device: Cursor(row.segment, row.offset) for row in rows}

    def _names(self) -> dict[str, str]:
        with self._store.reading() as db:
            rows = db.execute(select(sync_cursors.c.device, sync_cursors.c.name)).all()
        names = {device: name for device, name in rows}
        names.setdefault(self.device_id(), self.device_name())
        return names

    @staticmethod
    def _save_cursor(
        session: Session, device: str, cursor: Cursor, name: str, now: datetime
    ) -> None:
        from sqlalchemy.dialects.sqlite import insert

        values = {"segment": cursor.segment, "offset": cursor.offset, "name": name, "seen_at": now}
        statement = insert(sync_cursors).values(device=device, **values)
        session.execute(statement.on_conflict_do_update(index_elements=["device"], set_=values))


def _missing(folder: Path, error: OSError) -> str:
    return (
        f"The sync folder {folder} cannot be read ({error.strerror or 'it is not there'}): "
        "is the drive connected? Sync is paused; your progress is kept here and goes out "
        "when the folder is back."
    )


def status_text(report: SyncReport | None, last: datetime | None, zone: tzinfo) -> str:
    """The status bar's words: when it last synced and with which devices, or why not."""
    if report is not None and report.paused:
        return f"Sync paused: {report.reason or 'see the details'} · your progress is kept here"
    at = report.at if report is not None and report.at else last
    if at is None:
        return "Not synced yet"
    text = "Synced " + at.astimezone(zone).strftime("%H:%M")
    devices = report.devices if report is not None else ()
    text += " with " + ", ".join(devices) if devices else " (no other device yet)"
    if report is not None and report.waiting:
        text += " · waiting for " + ", ".join(report.waiting) + " to finish copying"
    if report is not None and report.conflicts:
        text += f" · {report.conflicts} note conflict(s) kept: see the note"
    if report is not None and report.copies:
        text += f" · {report.copies} question(s) edited on both computers: the other version "
        text += "is kept as a '(conflict copy from …)' question"
    return text
