"""Own questions and their pictures through the sync folder.

An own question lives as a markdown file in the data folder, not in the database, so it
travels as its whole file (`OwnRecord`), sent when its text differs from the version this
device last sent or took; a deletion travels as an empty text. The pictures it shows go
before it (`MediaRecord`), each once. What was last sent or taken per question (digest of
the text, time, device) is kept in the settings table under OWN_STATE_KEY.

Merging, the same rule as a note's: an edit made from the version held here replaces it;
two edits made apart keep the later one (by time, then device id) and the other as an own
question of its own titled "… (conflict copy from <device>)". Every write goes through
`OwnQuestionService`, the one writer of the data folder; review history is never touched
(a deleted question keeps it, as a local delete does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from studyapp.services.own_questions import MEDIA_PREFIX, OwnQuestionError, OwnQuestionService
from studyapp.storage.repository import note_digest
from studyapp.sync.records import MediaRecord, OwnRecord, Record

OWN_STATE_KEY = "sync_own_questions"  # {qid: [digest or "" when deleted, at, device]}
MEDIA_SENT_KEY = "sync_own_media_sent"  # names of the pictures already sent
_MEDIA_REF = re.compile(re.escape(MEDIA_PREFIX) + r"([^)\s/]+)\)")


@dataclass(frozen=True)
class _Held:
    digest: str  # "" once deleted
    at: datetime
    device: str

    @property
    def rank(self) -> tuple[datetime, str]:
        return (self.at, self.device)


def _load(raw: Any) -> dict[int, _Held]:
    held: dict[int, _Held] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            try:
                held[int(key)] = _Held(value[0], datetime.fromisoformat(value[1]), value[2])
            except (TypeError, ValueError, IndexError):
                continue
    return held


def _dump(held: dict[int, _Held]) -> dict[str, list[str]]:
    return {str(k): [v.digest, v.at.isoformat(), v.device] for k, v in sorted(held.items())}


def _after(held: _Held | None, now: datetime) -> datetime:
    """An edit's time: now, but always after the version it replaces (a clock set back, or
    two saves within the clock's resolution, must not make the newer one lose)."""
    if held is None or held.at < now:
        return now
    return held.at + timedelta(microseconds=1)


@dataclass
class OwnOutcome:
    changed: set[int]
    conflicts: int
    state: dict[str, list[str]]


class OwnSync:
    """This device's own-question records and the merge of the others' (no Qt, no DB)."""

    def __init__(self, own: OwnQuestionService, state: Any, media_sent: Any) -> None:
        self._own = own
        self._held = _load(state)
        self._media_sent = set(media_sent) if isinstance(media_sent, list) else set()

    def state(self) -> dict[str, list[str]]:
        return _dump(self._held)

    def media_sent(self) -> list[str]:
        return sorted(self._media_sent)

    # --- sending ------------------------------------------------------------------------
    def outgoing(self, me: str, now: datetime, everything: bool = False) -> list[Record]:
        """The questions changed (or deleted) since last sent, each after its pictures;
        with `everything`, every question held (a new folder or the progress file). The
        state moves on here; the caller keeps it only once the records are on disk."""
        out: list[Record] = []
        present = set()
        for question in self._own.own.questions:
            present.add(question.id)
            text = self._own.file_text(question.id)
            digest = note_digest(text)
            held = self._held.get(question.id)
            if held is not None and held.digest == digest:
                if not everything:
                    continue
                record = OwnRecord(question.id, text, held.at, held.device)
            else:
                at = _after(held, now)
                record = OwnRecord(
                    question.id, text, at, me, held.digest if held is not None else ""
                )
                self._held[question.id] = _Held(digest, at, me)
            out.extend(self._pictures(text, everything))
            out.append(record)
        for qid, held in sorted(self._held.items()):
            if qid in present:
                continue
            if held.digest:  # deleted here since it was last sent
                at = _after(held, now)
                self._held[qid] = _Held("", at, me)
                out.append(OwnRecord(qid, "", at, me, held.digest))
            elif everything:
                out.append(OwnRecord(qid, "", held.at, held.device))
        return out

    def _pictures(self, text: str, everything: bool) -> list[Record]:
        out: list[Record] = []
        for name in dict.fromkeys(_MEDIA_REF.findall(text)):
            if name in self._media_sent and not everything:
                continue
            try:
                data = (self._own.files.media / name).read_bytes()
            except OSError:
                continue  # a picture missing here: the question still goes
            self._media_sent.add(name)
            out.append(MediaRecord(name, data))
        return out

    # --- receiving ----------------------------------------------------------------------
    def merge(
        self, records: list[Record], me: str, names: dict[str, str], now: datetime
    ) -> OwnOutcome:
        """Apply the other devices' own-question records to the data folder."""
        media = {r.name: r.data for r in records if isinstance(r, MediaRecord)}
        self._media_sent.update(media)  # the other devices have them already
        incoming = sorted((r for r in records if isinstance(r, OwnRecord)), key=lambda r: r.rank)
        changed: set[int] = set()
        conflicts = 0
        for record in incoming:
            try:
                outcome = self._merge_one(record, me, names, media, now)
            except OwnQuestionError:
                continue  # a file that does not read here: left out, the rest goes on
            if outcome is not None:
                changed.update(outcome[0])
                conflicts += outcome[1]
        return OwnOutcome(changed, conflicts, self.state())

    def _merge_one(
        self,
        record: OwnRecord,
        me: str,
        names: dict[str, str],
        media: dict[str, bytes],
        now: datetime,
    ) -> tuple[set[int], int] | None:
        qid = record.question_id
        held = self._held.get(qid)
        if held is not None and held.rank >= record.rank:
            return None  # this edit, or a later one, is here already
        here = self._own.file_text(qid) if self._own.own.question(qid) else ""
        here_digest = note_digest(here) if here else ""
        incoming_digest = note_digest(record.text) if record.text else ""
        if here_digest == incoming_digest:
            self._held[qid] = _Held(incoming_digest, record.at, record.device)
            return None
        unsent_edit = here_digest != (held.digest if held is not None else "")
        made_from_ours = record.base == here_digest and bool(here_digest)
        changed = {qid}
        conflicts = 0
        if unsent_edit and not made_from_ours:
            # Edited on both sides: the later edit wins, the other becomes a copy. Ours is
            # not sent yet, so it goes out now: it counts as made now.
            if (now, me) > record.rank:
                if record.text:
                    name = names.get(record.device, record.device[:8])
                    changed.add(self._own.add_conflict_copy(record.text, name, media))
                    conflicts = 1
                return changed, conflicts
            if here:
                changed.add(self._own.add_conflict_copy(here, names.get(me, "this computer"), {}))
                conflicts = 1
        if record.text:
            stored = self._own.take_synced(qid, record.text, media)
            self._held[qid] = _Held(note_digest(stored), record.at, record.device)
        else:
            self._own.remove_synced(qid)
            self._held[qid] = _Held("", record.at, record.device)
        return changed, conflicts
