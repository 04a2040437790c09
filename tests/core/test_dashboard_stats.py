"""Dashboard statistics from hand-built logs, checked against numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.stats.streaks import streaks
from tests.conftest import FIXTURE_CONTENT

BERLIN_WINTER = timezone(timedelta(hours=1))


def _rate(services: AppServices, clock: FixedClock, at: datetime, qid: int, rating: Rating) -> None:
    clock.set(at)
    services.study.rate(NewReview(qid, rating, 60_000))


def test_streak_across_a_missed_day() -> None:
    days = [date(2026, 3, d) for d in (1, 2, 3, 5, 6)]
    assert streaks(days, date(2026, 3, 6)) == streaks(days, date(2026, 3, 6))
    result = streaks(days, date(2026, 3, 6))
    assert (result.current, result.longest) == (2, 3)
    assert streaks(days, date(2026, 3, 7)).current == 2  # today not studied yet: still alive
    assert streaks(days, date(2026, 3, 8)).current == 0
    assert streaks([], date(2026, 3, 8)).longest == 0


def test_reviews_either_side_of_local_midnight_land_on_their_local_days(data_dir) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime(2026, 1, 10, 12, tzinfo=UTC), BERLIN_WINTER)
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        # 22:59 UTC is 23:59 in Berlin (10 Jan); 23:01 UTC is 00:01 on 11 Jan there.
        _rate(services, clock, datetime(2026, 1, 10, 22, 59, tzinfo=UTC), 1, Rating.GOOD)
        _rate(services, clock, datetime(2026, 1, 10, 23, 1, tzinfo=UTC), 2, Rating.AGAIN)
        clock.set(datetime(2026, 1, 11, 12, tzinfo=UTC))
        data = services.progress.dashboard()
    finally:
        services.close()
    assert sorted(data.activity) == [date(2026, 1, 10), date(2026, 1, 11)]
    assert data.activity[date(2026, 1, 10)].counts == (0, 0, 1, 0)
    assert data.activity[date(2026, 1, 11)].counts == (1, 0, 0, 0)
    assert (data.streak.current, data.streak.longest) == (2, 2)
    assert data.study_ms == 120_000 and data.reviews_done == 2


def test_retention_counts_only_questions_already_learned(
    services: AppServices, clock: FixedClock
) -> None:
    start = clock.now()
    _rate(services, clock, start, 1, Rating.AGAIN)  # first sight: not learned
    _rate(services, clock, start + timedelta(minutes=2), 1, Rating.GOOD)  # learning step
    assert services.progress.dashboard().retention_30d is None
    _rate(services, clock, start + timedelta(days=2), 1, Rating.GOOD)  # learned: pass
    _rate(services, clock, start + timedelta(days=6), 1, Rating.AGAIN)  # learned: fail
    _rate(services, clock, start + timedelta(days=6, minutes=10), 1, Rating.GOOD)  # relearning
    _rate(services, clock, start + timedelta(days=9), 2, Rating.EASY)  # first sight
    clock.set(start + timedelta(days=10))
    data = services.progress.dashboard()
    assert data.retention_30d == 0.5
    clock.set(start + timedelta(days=45))
    assert services.progress.dashboard().retention_30d is None  # outside the 30-day window


def test_headline_figures_topics_weakest_and_forecast(
    services: AppServices, clock: FixedClock
) -> None:
    empty = services.progress.dashboard()
    assert empty.is_empty and empty.seen == 0 and empty.forecast == (0,) * 30
    assert [row.seen for row in empty.topics] == [0, 0]
    start = clock.now()
    _rate(services, clock, start, 1, Rating.EASY)
    _rate(services, clock, start + timedelta(minutes=1), 3, Rating.AGAIN)
    clock.set(start + timedelta(hours=1))
    data = services.progress.dashboard()
    assert (data.seen, data.total_questions, data.reviews_done) == (2, 3, 2)
    assert data.due_today == 1  # Q3 again in minutes; Q1 is days away
    assert data.forecast[0] == 1 and sum(data.forecast) == 2
    assert [w.question.id for w in data.weakest] == [3, 1]
    basics = next(row for row in data.topics if row.topic.id == "basics")
    assert (basics.questions, basics.seen) == (2, 2)
    assert data.topics[-1].topic.id == "optim"  # not started sorts last


def test_export_csv_and_json(services: AppServices, clock: FixedClock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import json

    services.study.rate(NewReview(2, Rating.HARD, 1234, ticked=(0, 2)))
    services.library.set_starred(3, True)
    services.library.set_note(3, "remember scaling")
    assert services.export.review_log_csv(tmp_path / "log.csv") == 1
    rows = list(csv.DictReader((tmp_path / "log.csv").open(encoding="utf-8")))
    assert rows[0]["question_id"] == "2" and rows[0]["rating_name"] == "Hard"
    assert rows[0]["key_points_ticked"] == "1 3" and rows[0]["duration_ms"] == "1234"
    assert services.export.progress_json(tmp_path / "p.json") == 3
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in document["questions"]}
    assert by_id[3]["starred"] and by_id[3]["note"] == "remember scaling"
    assert by_id[2]["reps"] == 1 and by_id[1]["phase"] == "new"
