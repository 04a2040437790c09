"""FSRS scheduling through our wrapper."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studyapp.domain import CardPhase, CardState, Rating, Review, ReviewMode
from studyapp.scheduling.fsrs_scheduler import (
    LEARNING_STEPS,
    RELEARNING_STEPS,
    SpacedScheduler,
    format_interval,
)

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)


def test_first_good_rating_moves_a_new_card_into_learning() -> None:
    state = SpacedScheduler().review(CardState.new(7), Rating.GOOD, NOW)
    assert state.phase == CardPhase.LEARNING
    assert state.reps == 1 and state.lapses == 0
    assert state.due is not None and state.due > NOW
    assert state.last_review == NOW


def test_intervals_grow_with_the_rating() -> None:
    scheduler = SpacedScheduler()
    state = CardState.new(1)
    for day in range(3):
        state = scheduler.review(state, Rating.GOOD, NOW + timedelta(days=day * 5))
    preview = scheduler.preview(state, NOW + timedelta(days=20))
    assert (
        preview[Rating.AGAIN] < preview[Rating.HARD] < preview[Rating.GOOD] < preview[Rating.EASY]
    )


def test_again_on_a_review_card_counts_a_lapse() -> None:
    scheduler = SpacedScheduler()
    state = scheduler.review(CardState.new(1), Rating.EASY, NOW)
    assert state.phase == CardPhase.REVIEW
    lapsed = scheduler.review(state, Rating.AGAIN, NOW + timedelta(days=10))
    assert lapsed.lapses == 1 and lapsed.phase == CardPhase.RELEARNING


def test_replaying_the_log_reproduces_the_live_state() -> None:
    scheduler = SpacedScheduler()
    ratings = [Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD]
    live = CardState.new(3)
    log = []
    when = NOW
    for index, rating in enumerate(ratings):
        live = scheduler.review(live, rating, when)
        log.append(Review(index + 1, 3, when, rating, 1000, ReviewMode.NORMAL))
        when += timedelta(days=index + 1, hours=3)
    assert scheduler.replay(3, reversed(log)) == live


def test_retrievability_is_zero_for_new_and_falls_with_time() -> None:
    scheduler = SpacedScheduler()
    assert scheduler.retrievability(CardState.new(1), NOW) == 0.0
    state = scheduler.review(CardState.new(1), Rating.EASY, NOW)
    soon = scheduler.retrievability(state, NOW + timedelta(days=1))
    later = scheduler.retrievability(state, NOW + timedelta(days=60))
    assert 1.0 >= soon > later > 0.0


def test_format_interval() -> None:
    assert format_interval(timedelta(minutes=1)) == "1m"
    assert format_interval(timedelta(minutes=10)) == "10m"
    assert format_interval(timedelta(hours=5)) == "5h"
    assert format_interval(timedelta(days=4)) == "4d"
    assert format_interval(timedelta(days=60)) == "2mo"
    assert format_interval(timedelta(days=730)) == "2y"


def test_learning_steps_then_day_intervals() -> None:
    scheduler = SpacedScheduler()
    new = CardState.new(1)
    preview = scheduler.preview(new, NOW)
    assert preview[Rating.AGAIN] == LEARNING_STEPS[0] == timedelta(minutes=1)
    assert preview[Rating.GOOD] == LEARNING_STEPS[1] == timedelta(minutes=10)
    assert preview[Rating.EASY] >= timedelta(days=1)  # Easy skips the steps
    state = scheduler.review(new, Rating.GOOD, NOW)  # step 1
    assert state.phase == CardPhase.LEARNING
    state = scheduler.review(state, Rating.GOOD, NOW + timedelta(minutes=10))  # graduates
    assert state.phase == CardPhase.REVIEW
    assert state.due is not None and state.last_review is not None
    assert state.due - state.last_review >= timedelta(days=1)


def test_a_lapse_goes_through_the_relearning_step() -> None:
    scheduler = SpacedScheduler()
    state = scheduler.review(CardState.new(1), Rating.EASY, NOW)
    when = NOW + timedelta(days=8)
    lapsed = scheduler.review(state, Rating.AGAIN, when)
    assert lapsed.phase == CardPhase.RELEARNING
    assert lapsed.due == when + RELEARNING_STEPS[0]
    back = scheduler.review(lapsed, Rating.GOOD, when + RELEARNING_STEPS[0])
    assert back.phase == CardPhase.REVIEW and back.lapses == 1


def test_a_lower_desired_retention_spaces_reviews_further_apart() -> None:
    def interval(retention: float) -> timedelta:
        scheduler = SpacedScheduler(retention)
        state = scheduler.review(CardState.new(1), Rating.EASY, NOW)
        return scheduler.preview(state, NOW + timedelta(days=10))[Rating.GOOD]

    assert interval(0.8) > interval(0.9) > interval(0.97)
