"""The daily limit on new questions ("New questions per day" in Settings) shapes the queue."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating, ReviewMode
from studyapp.services.study import QueueKind, QueueSpec
from tests.conftest import FIXTURE_CONTENT


def test_study_now_and_new_start_at_most_the_daily_limit(
    services: AppServices, clock: FixedClock
) -> None:
    services.study.new_per_day = 2
    assert services.study.build_queue(QueueSpec(QueueKind.NEW)) == [1, 2]
    assert services.study.build_queue(QueueSpec(QueueKind.MIXED)) == [1, 2]
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    assert services.study.new_left_today() == 1
    assert services.study.build_queue(QueueSpec(QueueKind.NEW)) == [2]
    services.study.rate(NewReview(2, Rating.GOOD, 1000))
    assert services.study.build_queue(QueueSpec(QueueKind.NEW)) == []
    assert services.study.count_matching(QueueSpec(QueueKind.NEW)) == 0
    # Asking for every question, or for one by name, is not "starting new ones for the day".
    assert 3 in services.study.build_queue(QueueSpec(QueueKind.ALL))
    assert services.study.build_queue(QueueSpec(question_ids=(3,), limit=1)) == [3]
    clock.advance(timedelta(days=1))  # a new day: the limit starts again
    assert services.study.build_queue(QueueSpec(QueueKind.NEW)) == [3]


def test_reviewing_an_old_question_or_a_follow_up_does_not_use_the_allowance(
    services: AppServices, clock: FixedClock
) -> None:
    services.study.new_per_day = 1
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    clock.advance(timedelta(days=3))
    services.study.rate(NewReview(1, Rating.GOOD, 1000))  # started on an earlier day
    services.study.rate(NewReview(2, Rating.GOOD, 1000, ReviewMode.FOLLOW_UP))
    assert services.study.new_left_today() == 1
    assert services.study.build_queue(QueueSpec(QueueKind.NEW)) == [2]


def test_undoing_a_first_rating_gives_the_allowance_back(services: AppServices) -> None:
    services.study.new_per_day = 1
    result = services.study.rate(NewReview(1, Rating.AGAIN, 1000))
    assert services.study.new_left_today() == 0
    services.study.undo(result)
    assert services.study.new_left_today() == 1


def test_the_day_is_the_local_day(tmp_path: Path) -> None:
    zone = timezone(timedelta(hours=-5))
    clock = FixedClock(datetime(2026, 3, 10, 4, 30, tzinfo=UTC), zone)  # 23:30 the day before
    services = build_services(tmp_path, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        services.study.new_per_day = 1
        services.study.rate(NewReview(1, Rating.GOOD, 1000))
        assert services.study.new_left_today() == 0
        clock.advance(timedelta(hours=1))  # 00:30 local: a new day, though UTC says otherwise
        assert services.study.new_left_today() == 1
    finally:
        services.close()


def test_the_limit_comes_from_settings_and_survives_a_restart(
    services: AppServices, clock: FixedClock
) -> None:
    services.settings.save(replace(services.settings.load(), new_per_day=1))
    services.close()
    again = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        assert again.study.new_per_day == 1
        assert again.study.build_queue(QueueSpec(QueueKind.MIXED)) == [1]
    finally:
        again.close()
