"""Guarantee 10: `--rebuild-state` recomputes every card from the review log, and the result
is row for row what the app stored live, after a long and varied history."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import text

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating, ReviewMode
from studyapp.services.study import RatingResult


def _rows(services: AppServices, table: str) -> list[tuple[object, ...]]:
    with services.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]


def _varied_history(services: AppServices, clock: FixedClock, ratings: int) -> None:
    """Every rating, every mode, undos, gaps from a minute to six weeks, many questions."""
    rng = random.Random(99)
    ids = [q.id for q in services.library.questions]
    done: list[RatingResult] = []
    for _ in range(ratings):
        roll = rng.random()
        if roll < 0.06 and done:
            services.study.undo(done.pop())
            continue
        mode = (
            ReviewMode.FOLLOW_UP if roll < 0.15 else ReviewMode.MOCK if roll < 0.25 else
            ReviewMode.NORMAL
        )  # fmt: skip
        qid = rng.choice(ids[: rng.choice((5, 20, len(ids)))])  # some questions seen often
        done.append(services.study.rate(NewReview(qid, rng.choice(list(Rating)), 1000, mode)))
        clock.advance(
            timedelta(minutes=rng.choice((1, 10, 90, 60 * 20, 60 * 24 * 3, 60 * 24 * 42)))
        )


def test_rebuilt_state_equals_the_live_state_row_for_row(
    real_services: AppServices, clock: FixedClock
) -> None:
    services = real_services
    _varied_history(services, clock, 600)
    live_cards = _rows(services, "cards")
    reviews = _rows(services, "reviews")
    assert len(live_cards) > 30 and len(reviews) > 450
    assert {r[5] for r in reviews} == {"normal", "mock", "follow-up"}

    with services.engine.begin() as connection:  # lose every card, as if the table broke
        connection.execute(text("DELETE FROM cards"))
    with_reviews = {r[1] for r in reviews}
    assert services.study.rebuild_states() == len(with_reviews)
    assert _rows(services, "cards") == live_cards
    assert _rows(services, "reviews") == reviews  # the log itself is never touched


def test_rebuild_repairs_cards_that_disagree_with_the_log(
    real_services: AppServices, clock: FixedClock
) -> None:
    services = real_services
    _varied_history(services, clock, 120)
    live_cards = _rows(services, "cards")
    with services.engine.begin() as connection:
        connection.execute(text("UPDATE cards SET stability = 999, reps = 0, due = NULL"))
        unseen = min({q.id for q in services.library.questions} - {c[0] for c in live_cards})
        connection.execute(
            text("INSERT INTO cards (question_id, phase, reps, lapses) VALUES (:q, 2, 9, 9)"),
            {"q": unseen},
        )
    services.study.rebuild_states()
    assert _rows(services, "cards") == live_cards
