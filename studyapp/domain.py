"""Plain values shared by every layer. Frozen, so nothing mutates them behind anyone's back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum

# Built-in questions are numbered 1..BUILTIN_ID_MAX (content/), the learner's own questions
# from OWN_ID_START up (the data folder's questions/): the two ranges can never meet, so an
# own question's progress is never confused with a built-in one's, whatever either adds.
BUILTIN_ID_MAX = 10_000
OWN_ID_START = 100_000
OWN_ID_MAX = 999_999_999


def is_own_question(question_id: int) -> bool:
    """Whether `question_id` belongs to the learner's own questions, not the built-in ones."""
    return question_id >= OWN_ID_START


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class ReviewMode(StrEnum):
    NORMAL = "normal"
    MOCK = "mock"
    FOLLOW_UP = "follow-up"

    @property
    def schedules(self) -> bool:
        """Follow-up drill answers are logged for the record but do not move the schedule."""
        return self is not ReviewMode.FOLLOW_UP


class CardPhase(IntEnum):
    """Mirrors fsrs.State, plus NEW for a question never reviewed."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str
    order: int


@dataclass(frozen=True)
class FollowUp:
    question: str
    answer: str


@dataclass(frozen=True)
class Misconception:
    """A wrong claim learners make about a question, and the one-line fact that corrects it.

    `match` holds checker rules (see `studyapp.grading.rules`): an answer that states one of
    them, not negated, is told "You said <claim>. In fact <correction>"."""

    claim: str
    correction: str
    match: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: int
    title: str
    topic: str
    difficulty: int
    tags: tuple[str, ...]
    related: tuple[int, ...]
    key_points: tuple[str, ...]
    follow_ups: tuple[FollowUp, ...]
    short_answer: str
    detailed_answer: str
    common_mistakes: str
    source_path: str
    figures: tuple[str, ...] = ()
    # For each key point (same order), the checker rules that count as stating it; an empty
    # tuple means the checker derives a rule from the point's own words.
    key_point_rules: tuple[tuple[str, ...], ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    # Other phrasings of the title as interviewers ask it; the quiz shows one at random.
    asked_as: tuple[str, ...] = ()
    # An own question imported from a plain list has no answer yet: "answer to write".
    needs_answer: bool = False

    @property
    def is_own(self) -> bool:
        return is_own_question(self.id)

    def rules_for(self, index: int) -> tuple[str, ...]:
        """The authored checker rules of key point `index` (empty when it has none)."""
        return self.key_point_rules[index] if index < len(self.key_point_rules) else ()

    @property
    def difficulty_label(self) -> str:
        return {1: "Basic", 2: "Intermediate", 3: "Advanced"}.get(self.difficulty, "?")


@dataclass(frozen=True)
class CardState:
    """A question's scheduling state; NEW until its first review."""

    question_id: int
    phase: CardPhase
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    @classmethod
    def new(cls, question_id: int) -> CardState:
        return cls(question_id, CardPhase.NEW, None, None, None, None, None, 0, 0)


@dataclass(frozen=True)
class Review:
    id: int
    question_id: int
    reviewed_at: datetime
    rating: Rating
    duration_ms: int
    mode: ReviewMode
    typed_answer: str | None = None
    ticked: tuple[int, ...] = ()
    suggested: tuple[int, ...] = ()
    uid: str = ""  # the same on every device; "" only for a row damage left without one
    transcript: str | None = None  # a spoken answer, as transcribed (or edited)
    delivery: str | None = None  # its delivery figures, JSON
    audio: str | None = None  # its recording's file name in the data folder's audio/
    # Sync (studyapp/sync/): the device it was made on ("" for this one) and its place in
    # that device's own order (None: not yet published; `id` stands in, as it does there).
    origin: str = ""
    seq: int | None = None

    @property
    def order(self) -> int:
        """Its place among the reviews of the device it was made on."""
        return self.id if self.seq is None else self.seq


@dataclass(frozen=True)
class NewReview:
    """What the UI knows when a rating is given; ids and times are filled in by the service."""

    question_id: int
    rating: Rating
    duration_ms: int
    mode: ReviewMode = ReviewMode.NORMAL
    typed_answer: str | None = None
    ticked: tuple[int, ...] = ()
    suggested: tuple[int, ...] = ()
    transcript: str | None = None
    delivery: str | None = None
    audio: str | None = None
    # Given by the caller when a file is named after the review (its recording); else new.
    uid: str = ""


@dataclass(frozen=True)
class Changes:
    """What one committed operation changed, so each screen redraws only what it shows."""

    reviews: bool = False
    notes: bool = False
    stars: bool = False
    settings: bool = False
    content: bool = False
    question_ids: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            reviews=self.reviews or other.reviews,
            notes=self.notes or other.notes,
            stars=self.stars or other.stars,
            settings=self.settings or other.settings,
            content=self.content or other.content,
            question_ids=self.question_ids | other.question_ids,
        )
