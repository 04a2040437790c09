"""A thin, deterministic wrapper over the `fsrs` package.

Fuzzing is off so that replaying the review log reproduces the stored state exactly; with
only fifty questions there are no review pile-ups for fuzz to spread out.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import datetime, timedelta

from fsrs import Card, Scheduler, State
from fsrs import Rating as FsrsRating

from studyapp.domain import CardPhase, CardState, Rating, Review

DEFAULT_RETENTION = 0.9
# Anki's defaults: a new question comes back after 1 and 10 minutes before it graduates to
# day-scale intervals; a forgotten one gets one 10-minute relearning step.
LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)


class SpacedScheduler:
    def __init__(self, desired_retention: float = DEFAULT_RETENTION) -> None:
        self.set_retention(desired_retention)

    def set_retention(self, desired_retention: float) -> None:
        """Applies to future reviews; past intervals stay as they were scheduled."""
        self.desired_retention = desired_retention
        self._fsrs = Scheduler(
            desired_retention=desired_retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=RELEARNING_STEPS,
            enable_fuzzing=False,
        )

    def review(self, state: CardState, rating: Rating, when: datetime) -> CardState:
        card, _ = self._fsrs.review_card(_to_card(state, when), _FSRS_RATING[rating], when)
        lapses = state.lapses + _lapse(rating, state.phase)
        return _to_state(state.question_id, card, state.reps + 1, lapses)

    def preview(self, state: CardState, when: datetime) -> dict[Rating, timedelta]:
        """How long until the question comes back after each possible rating."""
        out: dict[Rating, timedelta] = {}
        for rating in Rating:
            due = self.review(state, rating, when).due
            out[rating] = (due - when) if due is not None else timedelta(0)
        return out

    def retrievability(self, state: CardState, when: datetime) -> float:
        """Predicted probability of recalling the answer now; 0 for a question never studied."""
        if state.phase == CardPhase.NEW or state.stability is None:
            return 0.0
        return float(self._fsrs.get_card_retrievability(_to_card(state, when), when))

    def recall_at(self, state: CardState, when: datetime) -> float:
        """Predicted recall at `when`, counting elapsed time to the hour.

        The `fsrs` package counts whole elapsed days, so a question reviewed yesterday at noon
        is "certain" this morning; planning toward an interview needs the finer curve. The
        same FSRS forgetting curve, R = (1 + factor * t / S) ** -decay, with its decay taken
        from the scheduler's own parameters."""
        if state.phase == CardPhase.NEW or state.stability is None or state.last_review is None:
            return 0.0
        elapsed = max(0.0, (when - state.last_review).total_seconds() / 86400)
        decay = -float(self._fsrs.parameters[20])
        factor = 0.9 ** (1 / decay) - 1
        return float((1 + factor * elapsed / state.stability) ** decay)

    def replay(self, question_id: int, reviews: Iterable[Review]) -> CardState:
        """The state the reviews lead to, in `replay_order`: what `--rebuild-state`, sync's
        merge and every other replay of history use. The same steps as `review`, without
        turning the card into a CardState between them (a third of the time at 100,000)."""
        card: Card | None = None
        reps = lapses = 0
        for review in replay_order(reviews):
            if not review.mode.schedules:
                continue
            when = review.reviewed_at
            if card is None:
                card = _to_card(CardState.new(question_id), when)
                lapses += _lapse(review.rating, CardPhase.NEW)
            else:
                lapses += _lapse(review.rating, CardPhase(int(card.state)))
            card, _ = self._fsrs.review_card(card, _FSRS_RATING[review.rating], when)
            reps += 1
        if card is None:
            return CardState.new(question_id)
        return _to_state(question_id, card, reps, lapses)


def replay_order(reviews: Iterable[Review]) -> list[Review]:
    """Reviews in the order a replay applies them, the same on every device.

    Each device's own reviews stay in the order they were given there (`Review.order`), as
    its live schedule was built: ordering by time rescheduled cards after the clock had gone
    back (review M5). The devices' sequences are interleaved by time, ties broken by uid, so
    two synced devices replay one merged log identically whatever their clocks said."""
    chains: dict[str, list[Review]] = {}
    for review in reviews:
        chains.setdefault(review.origin, []).append(review)
    if len(chains) == 1:
        (only,) = chains.values()
        return sorted(only, key=lambda r: r.order)
    ordered = [
        sorted(chain, key=lambda r: (r.order, r.reviewed_at, r.uid))
        for _origin, chain in sorted(chains.items())
    ]
    return list(heapq.merge(*ordered, key=lambda r: (r.reviewed_at, r.uid)))


_FSRS_RATING = {rating: FsrsRating(int(rating)) for rating in Rating}


def _lapse(rating: Rating, phase: CardPhase) -> int:
    """1 when `rating` forgets a question that had graduated to review."""
    return 1 if rating == Rating.AGAIN and phase == CardPhase.REVIEW else 0


def _to_state(question_id: int, card: Card, reps: int, lapses: int) -> CardState:
    return CardState(
        question_id=question_id,
        phase=CardPhase(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=reps,
        lapses=lapses,
    )


def _to_card(state: CardState, when: datetime) -> Card:
    if state.phase == CardPhase.NEW:
        return Card(card_id=state.question_id, state=State.Learning, step=0, due=when)
    return Card(
        card_id=state.question_id,
        state=State(int(state.phase)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due or when,
        last_review=state.last_review,
    )


def format_interval(delta: timedelta) -> str:
    """Anki-style short interval: 10m, 3h, 4d, 2.5mo, 1.2y."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


__all__ = [
    "DEFAULT_RETENTION",
    "LEARNING_STEPS",
    "RELEARNING_STEPS",
    "SpacedScheduler",
    "format_interval",
    "replay_order",
]
