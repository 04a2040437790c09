"""The reading pane reads only the reviews it shows, and still counts them all."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.content.theme import LIGHT
from studyapp.domain import NewReview, Rating
from studyapp.ui.browser.progress_html import SHOWN_REVIEWS, progress_html


def test_latest_history_is_the_tail_of_the_full_history_with_its_count(
    services: AppServices, clock: FixedClock
) -> None:
    ratings = [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
    for index in range(SHOWN_REVIEWS + 5):
        services.study.rate(NewReview(1, ratings[index % 4], 1000 + index))
        clock.advance(timedelta(hours=1))
    services.study.rate(NewReview(2, Rating.GOOD, 500))  # another question's review
    full = services.library.history(1)
    latest, total = services.library.latest_history(1, SHOWN_REVIEWS)
    assert total == len(full) == SHOWN_REVIEWS + 5
    assert latest == full[-SHOWN_REVIEWS:]  # oldest first, as the full history
    assert services.library.latest_history(3, SHOWN_REVIEWS) == ([], 0)


def test_progress_section_is_the_same_from_the_tail_and_the_total(
    services: AppServices, clock: FixedClock
) -> None:
    for _ in range(SHOWN_REVIEWS + 3):
        services.study.rate(NewReview(1, Rating.GOOD, 2000))
        clock.advance(timedelta(days=1))
    overview = services.browse.rows()[1].overview
    zone = ZoneInfo("UTC")
    theme = LIGHT
    full = progress_html(overview, services.library.history(1), theme, zone)
    latest, total = services.library.latest_history(1, SHOWN_REVIEWS)
    assert progress_html(overview, latest, theme, zone, total=total) == full
    assert f"Latest {SHOWN_REVIEWS} of {SHOWN_REVIEWS + 3} reviews" in full
