"""The synthetic history used for screenshots and benchmarks looks like a real learner's:
reviews follow the schedule, some answers are forgotten, and few questions end up weak."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from studyapp.app import AppServices
from studyapp.domain import Rating
from studyapp.storage.models import ReviewRow
from tools.synthetic_history import fill


def test_history_has_the_asked_size_and_a_realistic_mix(real_services: AppServices) -> None:
    inserted = fill(real_services, 3000, 365)
    assert 2700 <= inserted <= 3300
    with real_services.engine.connect() as connection:
        rows = connection.execute(select(ReviewRow.rating)).scalars().all()
    forgotten = sum(1 for rating in rows if rating == Rating.AGAIN) / len(rows)
    # Most of 3,000 reviews on 50 questions are extra practice, recalled well; due ones lapse.
    assert 0.002 < forgotten < 0.2, f"{forgotten:.1%} of answers forgotten"
    statuses = Counter(o.status for o in real_services.study.overview().values())
    weak = statuses["weak"]
    assert weak <= len(real_services.library.questions) // 5, statuses
    cards = real_services.study.cards().values()
    assert sum(card.lapses for card in cards) > 0, "nobody forgets nothing"
    assert statuses["mastered"] > len(real_services.library.questions) // 2, statuses


def test_every_question_reviewed_when_due_not_long_after(real_services: AppServices) -> None:
    """A learner who follows the schedule is seldom late: no question is overdue by weeks."""
    fill(real_services, 1000, 365)
    now = real_services.clock.now()
    for card in real_services.study.cards().values():
        assert card.due is not None
        assert now - card.due < timedelta(days=7), card


def test_help_says_what_the_tool_does_and_its_defaults() -> None:
    """gui.md 37: --help gave no description, and 100,000 reviews over 3 years came as a
    surprise."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "tools/synthetic_history.py", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "synthetic, plausible review history" in out
    assert "(default: 100000)" in out and "(default: 1095)" in out
