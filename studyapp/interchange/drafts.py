"""What an import file holds, parsed into memory and checked, before anything is written.

Every reader in this package turns a file from outside into `DraftQuestion` values or raises
`ImportFileError` naming the problem; none writes anywhere. Storing them (as the learner's own
questions, in the data folder) is a separate, single transaction after the preview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from studyapp.domain import Rating

MAX_FILE_BYTES = 300 * 2**20  # a large Anki deck with media is well under this
MAX_QUESTIONS = 50_000
MAX_FIELD_CHARS = 200_000  # one answer; the content limits of the renderer are far lower


class ImportFileError(ValueError):
    """A file that cannot be imported, with a message for the person who chose it."""


@dataclass(frozen=True)
class ImportedReview:
    """One review from another tool's history, to be replayed into FSRS."""

    when: datetime
    rating: Rating
    duration_ms: int


@dataclass(frozen=True)
class DraftQuestion:
    title: str
    answer: str = ""  # markdown; empty when the answer is still to write
    key_points: tuple[str, ...] = ()
    topic: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""  # where in the file it came from, for the preview ("line 3", "note 17")
    media: tuple[str, ...] = ()  # names of the files in `DraftSet.media` its answer shows
    reviews: tuple[ImportedReview, ...] = ()
    # The whole question file when it came from a DeepStudy pack: kept as written, so rules,
    # follow-ups and phrasings survive a round trip that the fields above would flatten.
    document: str = ""

    @property
    def needs_answer(self) -> bool:
        return not self.answer.strip()


@dataclass(frozen=True)
class DraftSet:
    questions: tuple[DraftQuestion, ...]
    media: dict[str, bytes] = field(default_factory=dict)  # file name -> bytes, names checked
    problems: tuple[str, ...] = ()  # entries skipped, each said in words

    def duplicates_of(self, titles: set[str]) -> tuple[DraftQuestion, ...]:
        """The drafts whose question is already there (compared ignoring case and spacing)."""
        known = {normal_title(t) for t in titles}
        return tuple(q for q in self.questions if normal_title(q.title) in known)


def normal_title(text: str) -> str:
    return " ".join(text.lower().split()).rstrip("?.! ")


def check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{name} is {size / 2**20:.0f} MB; DeepStudy imports files up to "
            f"{MAX_FILE_BYTES // 2**20} MB"
        )


def clip(text: str, where: str) -> str:
    if len(text) > MAX_FIELD_CHARS:
        raise ImportFileError(f"{where} holds {len(text):,} characters, more than any answer needs")
    return text
