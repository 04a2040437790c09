"""Study sessions: which questions to ask, recording ratings, and undoing them."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from studyapp.clock import Clock
from studyapp.content.loader import Library
from studyapp.domain import CardPhase, CardState, Changes, NewReview, Rating, Review
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.services.settings import Settings
from studyapp.stats.localtime import start_of_local_day
from studyapp.stats.progress import (
    DEFAULT_WEAK_LAPSES,
    end_of_local_day,
    is_due,
    question_status,
    recall_outlook,
    weakest_first,
    weakness_order,
)
from studyapp.storage import repository
from studyapp.storage.database import Store

DEFAULT_NEW_PER_DAY = 10


class QueueKind(StrEnum):
    MIXED = "mixed"  # due first, then new: "study now"
    DUE = "due"
    NEW = "new"
    WEAK = "weak"
    TOPIC = "topic"
    STARRED = "starred"
    ALL = "all"


class QueueOrder(StrEnum):
    SCHEDULED = "scheduled"
    RANDOM = "random"
    NUMBER = "number"


@dataclass(frozen=True)
class QueueSpec:
    kind: QueueKind = QueueKind.MIXED
    topics: tuple[str, ...] = ()
    limit: int = 10
    order: QueueOrder = QueueOrder.SCHEDULED
    question_ids: tuple[int, ...] = field(default=())
    # The question to go back to reading when the session ends ("Quiz me on this" in
    # Browse); the queue does not depend on it.
    read_after: int | None = None


@dataclass(frozen=True)
class QuestionOverview:
    """What the browser shows about a question's progress."""

    question_id: int
    status: str
    recall: float
    lapses: int
    reps: int
    last_review: datetime | None
    due: datetime | None


@dataclass(frozen=True)
class RatingResult:
    """Everything undo needs to put the question back exactly as it was."""

    review: Review
    before: CardState
    after: CardState
    changes: Changes


class StudyService:
    def __init__(
        self,
        library: Library,
        store: Store,
        scheduler: SpacedScheduler,
        clock: Clock,
    ) -> None:
        self.library = library
        self._store = store
        self.scheduler = scheduler
        self.clock = clock
        self.weak_lapses = DEFAULT_WEAK_LAPSES
        self.new_per_day = DEFAULT_NEW_PER_DAY
        # Today's questions of the interview plan, or None when no plan applies; set by the
        # composition root so this service needs no knowledge of planning.
        self.plan_queue: Callable[[], list[int] | None] | None = None

    def follow_settings(self, settings: Settings) -> None:
        """Take up the settings that shape scheduling: at start and whenever they change."""
        if settings.desired_retention != self.scheduler.desired_retention:
            self.scheduler.set_retention(settings.desired_retention)
        self.weak_lapses = settings.weak_lapses
        self.new_per_day = settings.new_per_day

    def cards(self) -> dict[int, CardState]:
        with self._store.reading() as db:
            return repository.all_cards(db)

    def states(self) -> dict[int, CardState]:
        """Every question's scheduling state; one never rated has no stored card and is new."""
        cards = self.cards()
        return {q.id: cards.get(q.id) or CardState.new(q.id) for q in self.library.questions}

    def card(self, question_id: int) -> CardState:
        with self._store.reading() as db:
            return repository.get_card(db, question_id)

    def build_queue(self, spec: QueueSpec, rng: random.Random | None = None) -> list[int]:
        states = self.states()
        now = self.clock.now()
        day_end = end_of_local_day(now, self.clock.local_tz())
        questions = list(self.library.questions)
        if spec.question_ids:
            wanted = set(spec.question_ids)
            questions = [q for q in questions if q.id in wanted]
        if spec.kind == QueueKind.TOPIC or spec.topics:
            questions = [q for q in questions if q.topic in spec.topics]

        due = sorted(
            (q.id for q in questions if is_due(states[q.id], day_end)),
            key=lambda qid: states[qid].due or now,
        )
        new = [q.id for q in questions if states[q.id].phase == CardPhase.NEW]
        if spec.kind in (QueueKind.MIXED, QueueKind.NEW) and new and not spec.question_ids:
            new = new[: self.new_left_today()]
        seen = [q.id for q in questions if states[q.id].phase != CardPhase.NEW]
        recall = {qid: recall_outlook(self.scheduler, states[qid], now) for qid in seen}
        by_recall = sorted(seen, key=lambda qid: weakness_order(states[qid], recall[qid]))
        weak_first = weakest_first(seen, states, recall, self.weak_lapses)
        if spec.question_ids:
            known = {q.id for q in questions}
            chosen = [qid for qid in spec.question_ids if qid in known]
        elif spec.kind == QueueKind.DUE:
            chosen = due
        elif spec.kind == QueueKind.NEW:
            chosen = new
        elif spec.kind == QueueKind.WEAK:
            chosen = weak_first
        elif spec.kind == QueueKind.STARRED:
            with self._store.reading() as db:
                stars = repository.starred_ids(db)
            chosen = [q.id for q in questions if q.id in stars]
        elif spec.kind == QueueKind.MIXED:
            planned = self.plan_queue() if self.plan_queue is not None else None
            if planned is None:
                chosen = due + new
            else:  # the plan decides, within the topics the set-up asks for
                allowed = {q.id for q in questions}
                chosen = [qid for qid in planned if qid in allowed]
        else:  # ALL and TOPIC: due first, then new, then the rest weakest first
            chosen = due + new + [qid for qid in by_recall if qid not in set(due)]
        chosen = list(dict.fromkeys(chosen))[: max(0, spec.limit) or None]
        if spec.order == QueueOrder.RANDOM:
            (rng or random.Random()).shuffle(chosen)
        elif spec.order == QueueOrder.NUMBER:
            chosen.sort()
        return chosen

    def new_left_today(self) -> int:
        """How many new questions "study now" and "new" may still start today: the daily
        limit from Settings minus the questions first reviewed since local midnight."""
        zone = self.clock.local_tz()
        midnight = start_of_local_day(self.clock.now().astimezone(zone).date(), zone)
        with self._store.reading() as db:
            started = repository.first_reviewed_since(db, midnight)
        return max(0, self.new_per_day - started)

    def new_held_back(self) -> int:
        """How many never-studied questions wait only because today's new-question limit is
        used up (0 while the limit still has room): what the quiz set-up explains."""
        if self.new_left_today() > 0:
            return 0
        return sum(1 for state in self.states().values() if state.phase == CardPhase.NEW)

    def count_matching(self, spec: QueueSpec) -> int:
        """How many questions a set-up matches before the session length cuts it short."""
        return len(self.build_queue(replace(spec, limit=0, order=QueueOrder.SCHEDULED)))

    def overview(self) -> dict[int, QuestionOverview]:
        states = self.states()
        now = self.clock.now()
        day_end = end_of_local_day(now, self.clock.local_tz())
        result = {}
        for question in self.library.questions:
            state = states[question.id]
            recall = recall_outlook(self.scheduler, state, now)
            result[question.id] = QuestionOverview(
                question_id=question.id,
                status=question_status(state, recall, day_end, self.weak_lapses),
                recall=recall,
                lapses=state.lapses,
                reps=state.reps,
                last_review=state.last_review,
                due=state.due if state.phase != CardPhase.NEW else None,
            )
        return result

    def preview(self, question_id: int) -> dict[Rating, timedelta]:
        return self.scheduler.preview(self.card(question_id), self.clock.now())

    def rate(self, review: NewReview) -> RatingResult:
        """Commit one rating and the new card state together, before the UI moves on."""
        now = self.clock.now()
        with self._store.writing() as session:
            before = repository.get_card(session, review.question_id)
            after = (
                self.scheduler.review(before, review.rating, now)
                if review.mode.schedules
                else before
            )
            stored = repository.add_review(session, review, now)
            repository.save_card(session, after)
        changes = Changes(reviews=True, question_ids=frozenset({review.question_id}))
        return RatingResult(stored, before, after, changes)

    def undo(self, result: RatingResult) -> Changes:
        """Remove the rating; the card goes back to how it was, or, when a sync has changed
        it since (another device's reviews of it), is replayed from the log without it."""
        qid = result.review.question_id
        with self._store.writing() as session:
            repository.delete_review(session, result.review.id, self.clock.now())
            if repository.get_card(session, qid) == result.after:
                repository.save_card(session, result.before)
            else:
                history = repository.reviews_for(session, qid)
                repository.save_card(session, self.scheduler.replay(qid, history))
        return result.changes

    def rebuild_states(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Recompute every card from the review log; returns how many cards were rebuilt.
        `progress(done, total)` follows the questions (18 s at a million reviews)."""
        with self._store.writing() as session:
            by_question = repository.replay_history(session)
            rebuilt = len(by_question)
            ids = sorted(repository.card_ids(session) | set(by_question))
            for done, qid in enumerate(ids, start=1):
                state = self.scheduler.replay(qid, by_question.pop(qid, []))
                repository.save_card(session, state)
                if progress is not None:
                    progress(done, len(ids))
        return rebuilt
