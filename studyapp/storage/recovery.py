"""What to do when the progress database is damaged: decided here, asked by the UI.

The damaged file is never deleted and never touched until the person has chosen: it is then
renamed with a timestamp (so it can still be sent to someone who can rescue it), and either
the newest backup that passes SQLite's check takes its place or a fresh database is started.
Closing the dialog without choosing leaves everything as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from pathlib import Path

from studyapp.storage.backups import (
    BackupInfo,
    describe_backup,
    newest_good_backup,
    restore_backup,
    set_aside,
)


class RecoveryChoice(StrEnum):
    BACKUP = "backup"
    FRESH = "fresh"


@dataclass(frozen=True)
class RecoveryOffer:
    database: Path
    problem: str
    backup: BackupInfo | None

    @property
    def choices(self) -> tuple[RecoveryChoice, ...]:
        if self.backup is None:
            return (RecoveryChoice.FRESH,)
        return (RecoveryChoice.BACKUP, RecoveryChoice.FRESH)

    def message(self, zone: tzinfo) -> str:
        """The explanation shown to the person, in plain words, one idea per paragraph."""
        paragraphs = [
            "DeepStudy cannot read your progress file: it is damaged, perhaps by a crash of "
            "the computer or a disk problem.",
            "Nothing will be deleted: the damaged file is kept beside the new one, renamed "
            "with today's date.",
        ]
        if self.backup is None:
            paragraphs.append("There is no backup to go back to, so DeepStudy can start afresh.")
        else:
            paragraphs.append(
                "You can continue from the newest good backup, made "
                f"{describe_backup(self.backup, zone)}, or start afresh."
            )
        return "\n\n".join(paragraphs)


def offer_recovery(database: Path, problem: str) -> RecoveryOffer:
    return RecoveryOffer(database, problem, newest_good_backup(database.parent))


def recover(offer: RecoveryOffer, choice: RecoveryChoice, now: datetime) -> Path:
    """Set the damaged database aside and put the chosen replacement in place; returns the
    path the damaged file now has."""
    if choice not in offer.choices:
        raise ValueError(f"{choice} is not possible here")
    if choice == RecoveryChoice.BACKUP and offer.backup is not None:
        # One rename puts the backup over the damaged file, kept first under another name:
        # a kill at any moment leaves a database in place (it once left none, and the next
        # start silently began afresh).
        aside = restore_backup(
            offer.backup.path, offer.database, now, label="damaged", damaged=True
        )
        return aside or offer.database
    return set_aside(offer.database, "damaged", now)
