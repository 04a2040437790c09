"""Dashboard statistics from hand-built logs, checked against numbers worked out by hand.

Every log goes through the real services into a real SQLite file, with a FixedClock and an
explicit zone, so "today", "yesterday" and "midnight" are the user's, not the machine's.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock, SystemZone
from studyapp.domain import CardPhase, CardState, NewReview, Rating, ReviewMode
from studyapp.stats.advice import NextAction, next_step
from studyapp.stats.dashboard import weakest_topic
from studyapp.stats.localtime import OffsetSpan, offset_spans
from studyapp.stats.streaks import streaks
from studyapp.storage import repository
from studyapp.wording import percent_down
from tests.conftest import FIXTURE_CONTENT

CET = timezone(timedelta(hours=1))  # Berlin in winter
IST = timezone(timedelta(hours=5, minutes=30))  # India: not a whole number of hours


class ToySummerZone(tzinfo):
    """+1 h, then +2 h from 2026-03-29 01:00 UTC: a zone with summer time that needs no
    time-zone database on the test machine."""

    SWITCH = datetime(2026, 3, 29, 1, tzinfo=UTC)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(hours=1)
        wall = dt.replace(tzinfo=None)
        return timedelta(hours=2) if wall >= datetime(2026, 3, 29, 3) else timedelta(hours=1)

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=UTC)
        return dt + (timedelta(hours=2) if utc >= self.SWITCH else timedelta(hours=1))

    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt) - timedelta(hours=1)


def _open(data_dir: Path, start: datetime, zone: tzinfo) -> tuple[AppServices, FixedClock]:
    clock = FixedClock(start, zone)
    return build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT), clock


@pytest.fixture
def berlin(data_dir: Path) -> Iterator[tuple[AppServices, FixedClock]]:
    services, clock = _open(data_dir, datetime(2026, 3, 1, 9, tzinfo=UTC), CET)
    yield services, clock
    services.close()


def _rate(
    services: AppServices,
    clock: FixedClock,
    at: datetime,
    qid: int,
    rating: Rating,
    seconds: int = 60,
    mode: ReviewMode = ReviewMode.NORMAL,
) -> None:
    clock.set(at)
    services.study.rate(NewReview(qid, rating, seconds * 1000, mode=mode))


def _utc(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_every_figure_of_a_hand_built_week(berlin: tuple[AppServices, FixedClock]) -> None:
    """Six days in March 2026 (Mon 2 March starts a week), 4 March missed.

    day  question  rating  seconds  learned?  (previous review at least half a day earlier)
    1    Q1        Good    60       no (first sight)
    1    Q3        Again   30       no (first sight)
    2    Q1        Good    60       yes, passed
    3    Q3        Good    30       yes (2 days after), passed
    5    Q1        Again   60       yes, failed: a lapse
    5    Q1        Good    60       no (10 minutes after: a relearning step)
    6    Q2        Hard    90       no (first sight)
    6    Q2        Good    45       follow-up drill: logged, counted nowhere
    """
    services, clock = berlin
    _rate(services, clock, _utc(1, 9), 1, Rating.GOOD, 60)
    _rate(services, clock, _utc(1, 9, 5), 3, Rating.AGAIN, 30)
    _rate(services, clock, _utc(2, 9), 1, Rating.GOOD, 60)
    _rate(services, clock, _utc(3, 9), 3, Rating.GOOD, 30)
    _rate(services, clock, _utc(5, 9), 1, Rating.AGAIN, 60)
    _rate(services, clock, _utc(5, 9, 10), 1, Rating.GOOD, 60)
    _rate(services, clock, _utc(6, 9), 2, Rating.HARD, 90)
    _rate(services, clock, _utc(6, 9, 2), 2, Rating.GOOD, 45, ReviewMode.FOLLOW_UP)
    clock.set(_utc(6, 20))
    data = services.progress.dashboard()

    assert data.today == date(2026, 3, 6)
    assert (data.seen, data.total_questions, data.new_questions) == (3, 3, 0)
    assert data.reviews_done == 7
    assert data.study_ms == (60 + 30 + 60 + 30 + 60 + 60 + 90) * 1000
    assert (data.streak.current, data.streak.longest) == (2, 3)  # 5-6 March; 1-3 March
    assert data.studied_today
    assert data.retention_30d == pytest.approx(2 / 3)
    assert {a.day.day: a.counts for a in data.activity.values()} == {
        1: (1, 0, 1, 0),
        2: (0, 0, 1, 0),
        3: (0, 0, 1, 0),
        5: (1, 0, 1, 0),
        6: (0, 1, 0, 0),
    }
    assert data.activity[date(2026, 3, 6)].duration_ms == 90_000
    assert data.retention_weeks[-2:] == (
        (date(2026, 2, 23), None, 0),
        (date(2026, 3, 2), 2 / 3, 3),
    )
    assert len(data.retention_weeks) == 26
    # Q3 overdue since 3 March, Q1 due 09:10 today, Q2 in a learning step: all due today.
    assert data.due_today == 3 and data.forecast[0] == 3 and sum(data.forecast) == 3
    assert data.mastered == 0  # nothing has three weeks of stability after six days
    basics, optim = data.topics  # Basics has the lower mean recall: weakest first
    assert (basics.topic.id, basics.questions, basics.seen, basics.lapses) == ("basics", 2, 2, 1)
    assert (optim.topic.id, optim.questions, optim.seen, optim.lapses) == ("optim", 1, 1, 0)
    recalls = {w.question.id: w.recall for w in data.weakest}
    assert basics.mean_recall == pytest.approx((recalls[1] + recalls[3]) / 2)
    assert [w.question.id for w in data.weakest] == sorted(recalls, key=recalls.__getitem__)
    assert services.progress.streaks() == data.streak  # the session summary agrees


def test_the_kept_summary_of_past_days_follows_undo_and_new_reviews(
    services: AppServices, clock: FixedClock
) -> None:
    """Past days are summarised once; an undo that reaches back to them, a review today and
    the next day's midnight must all show at once."""
    start = clock.now()  # 10 March, 09:00 UTC
    clock.set(start - timedelta(days=1))
    yesterday = services.study.rate(NewReview(1, Rating.GOOD, 60_000))
    clock.set(start)
    first = services.progress.dashboard()
    assert (first.reviews_done, first.streak.current, first.studied_today) == (1, 1, False)
    services.study.rate(NewReview(2, Rating.HARD, 30_000))
    second = services.progress.dashboard()
    assert (second.reviews_done, second.study_ms, second.streak.current) == (2, 90_000, 2)
    services.study.undo(yesterday)  # reaches into the summarised past
    third = services.progress.dashboard()
    assert (third.reviews_done, third.study_ms, third.streak.longest) == (1, 30_000, 1)
    assert date(2026, 3, 9) not in third.activity
    clock.advance(timedelta(days=1))  # today's review is now yesterday's
    fourth = services.progress.dashboard()
    assert (fourth.reviews_done, fourth.streak.current, fourth.studied_today) == (1, 1, False)


def test_activity_covers_the_calendars_first_week(services: AppServices, clock: FixedClock) -> None:
    """Today is Tue 10 March 2026; a year back is Tue 11 March 2025, whose calendar column
    starts on Mon 10 March 2025: that Monday is in, the Sunday before is not."""
    now = clock.now()
    _rate(services, clock, datetime(2025, 3, 9, 12, tzinfo=UTC), 1, Rating.GOOD)
    _rate(services, clock, datetime(2025, 3, 10, 12, tzinfo=UTC), 2, Rating.GOOD)
    clock.set(now)
    data = services.progress.dashboard()
    assert sorted(data.activity) == [date(2025, 3, 10)]
    assert data.reviews_done == 2 and data.streak.longest == 2


def test_streak_across_a_missed_day() -> None:
    days = [date(2026, 3, d) for d in (1, 2, 3, 5, 6)]
    result = streaks(days, date(2026, 3, 6))
    assert (result.current, result.longest) == (2, 3)
    assert streaks(days, date(2026, 3, 7)).current == 2  # today not studied yet: still alive
    assert streaks(days, date(2026, 3, 8)).current == 0  # a whole day missed: broken
    assert streaks([], date(2026, 3, 8)) == streaks([], date(2026, 3, 8))
    assert streaks([], date(2026, 3, 8)).longest == 0


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # 22:59 UTC is 23:59 in Berlin (10 Jan); 23:01 UTC is 00:01 on 11 Jan there.
        (CET, _utc(10, 22, 59, month=1), _utc(10, 23, 1, month=1)),
        # 18:29 UTC is 23:59 in India; 18:31 UTC is 00:01 the next day.
        (IST, _utc(10, 18, 29, month=1), _utc(10, 18, 31, month=1)),
        # Summer time: 21:59 UTC is 23:59 at +2 h on 10 July; 22:01 UTC is 00:01 on 11 July.
        (ToySummerZone(), _utc(10, 21, 59, month=7), _utc(10, 22, 1, month=7)),
    ],
    ids=["berlin-winter", "india-half-hour", "summer-time"],
)
def test_reviews_either_side_of_local_midnight_land_on_their_local_days(
    data_dir: Path, zone: tzinfo, before: datetime, after: datetime
) -> None:
    services, clock = _open(data_dir, before - timedelta(hours=1), zone)
    try:
        # A review months earlier, in winter, keeps the zone's older offset in play.
        _rate(services, clock, _utc(5, 12, month=1) - timedelta(days=40), 3, Rating.EASY)
        _rate(services, clock, before, 1, Rating.GOOD)
        _rate(services, clock, after, 2, Rating.AGAIN)
        clock.set(after + timedelta(hours=12))
        data = services.progress.dashboard()
    finally:
        services.close()
    first = before.astimezone(zone).date()
    assert before.astimezone(zone).hour == 23 and after.astimezone(zone).hour == 0
    assert data.activity[first].counts == (0, 0, 1, 0)
    assert data.activity[first + timedelta(days=1)].counts == (1, 0, 0, 0)
    assert (data.streak.current, data.streak.longest) == (2, 2)
    assert data.today == first + timedelta(days=1)


def test_offset_spans_follow_summer_time() -> None:
    spans = offset_spans(ToySummerZone(), _utc(1, 0), _utc(30, 0))
    assert spans == (OffsetSpan(_utc(29, 1), 60), OffsetSpan(None, 120))
    assert offset_spans(IST, _utc(1, 0), _utc(30, 0)) == (OffsetSpan(None, 330),)


@pytest.mark.parametrize("name", ["Europe/Berlin", "Africa/Casablanca", "Australia/Lord_Howe"])
def test_offset_spans_agree_with_the_tz_database_hour_by_hour(name: str) -> None:
    """Casablanca suspends summer time for Ramadan; Lord Howe shifts by half an hour."""
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        zone = zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no time-zone database on this machine")
    start, end = datetime(2023, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    spans = offset_spans(zone, start, end)
    assert len(spans) > 4
    moment = start
    while moment < end:
        local = moment.astimezone(zone).replace(tzinfo=None)
        minutes = round((local - moment.replace(tzinfo=None)).total_seconds() / 60)
        span = next(s for s in spans if s.until is None or moment < s.until)
        assert span.minutes == minutes, moment
        moment += timedelta(hours=1)


@pytest.mark.skipif(sys.platform == "win32", reason="time.tzset is POSIX only")
def test_system_zone_knows_past_summer_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real clock's zone must give last winter's offset even in summer (a fixed offset
    taken from today would move old reviews an hour)."""
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")  # POSIX rule: no tz database needed
    time.tzset()
    try:
        zone = SystemZone()
        assert _utc(10, 12, month=1).astimezone(zone).hour == 13
        assert _utc(10, 12, month=7).astimezone(zone).hour == 14
        spans = offset_spans(zone, _utc(1, 0), _utc(30, 0))
        assert spans == (OffsetSpan(_utc(29, 1), 60), OffsetSpan(None, 120))
    finally:
        monkeypatch.undo()
        time.tzset()


def test_retention_counts_only_questions_already_learned(
    services: AppServices, clock: FixedClock
) -> None:
    start = clock.now()
    _rate(services, clock, start, 1, Rating.AGAIN)  # first sight: not learned
    _rate(services, clock, start + timedelta(minutes=2), 1, Rating.GOOD)  # learning step
    data = services.progress.dashboard()
    assert data.retention_30d is None  # no learned question yet: no figure, not 0% or 100%
    assert all(value is None for _, value, _n in data.retention_weeks)
    _rate(services, clock, start + timedelta(days=2), 1, Rating.GOOD)  # learned: pass
    _rate(services, clock, start + timedelta(days=6), 1, Rating.AGAIN)  # learned: fail
    _rate(services, clock, start + timedelta(days=6, minutes=10), 1, Rating.GOOD)  # relearning
    _rate(services, clock, start + timedelta(days=9), 2, Rating.EASY)  # first sight
    clock.set(start + timedelta(days=10))
    assert services.progress.dashboard().retention_30d == 0.5
    clock.set(start + timedelta(days=6 + 29))  # the fail's local day is the window's first
    assert services.progress.dashboard().retention_30d == 0.0
    clock.set(start + timedelta(days=45))
    assert services.progress.dashboard().retention_30d is None  # outside the 30-day window


def test_due_mastered_and_forecast_from_card_states(
    services: AppServices, clock: FixedClock
) -> None:
    """Mastered means in review with stability of at least 21 days; the forecast puts
    overdue questions on today and counts the next 30 local days."""
    now = clock.now()  # 10 March 2026, 09:00 UTC

    def card(qid: int, stability: float, due: datetime) -> CardState:
        return CardState(qid, CardPhase.REVIEW, None, stability, 5.0, due, now, 3, 0)

    with Session(services.engine) as session, session.begin():
        repository.save_card(session, card(1, 21.0, now - timedelta(days=2)))  # mastered, overdue
        repository.save_card(session, card(2, 20.9, now + timedelta(days=3)))  # not mastered
        repository.save_card(session, card(3, 40.0, now + timedelta(days=31)))  # past day 30
    data = services.progress.dashboard()
    assert data.mastered == 2
    assert data.due_today == 1
    assert data.forecast[0] == 1 and data.forecast[3] == 1 and sum(data.forecast) == 2
    assert len(data.forecast) == 30


def test_empty_log_gives_an_empty_dashboard(services: AppServices) -> None:
    data = services.progress.dashboard()
    assert data.is_empty and data.seen == 0 and data.reviews_done == 0
    assert data.forecast == (0,) * 30 and data.activity == {}
    assert (data.streak.current, data.streak.longest) == (0, 0)
    assert [row.seen for row in data.topics] == [0, 0]
    assert next_step(data).action == NextAction.FIRST_SESSION


def test_next_step_follows_due_then_new_then_weak_topic(
    services: AppServices, clock: FixedClock
) -> None:
    _rate(services, clock, clock.now(), 3, Rating.AGAIN)
    step = next_step(services.progress.dashboard())
    assert step.action == NextAction.DUE_SESSION
    # One topic started: there is nothing to compare it with, so none is named weakest.
    assert step.sentence == "1 due today: start a session of 3 questions."
    clock.advance(timedelta(minutes=20))
    _rate(services, clock, clock.now(), 3, Rating.EASY)
    clock.advance(timedelta(minutes=5))
    step = next_step(services.progress.dashboard())
    assert step.action == NextAction.LEARN_NEW
    assert step.sentence == "Nothing due: learn 2 of your 2 new questions."
    data = services.progress.dashboard()
    weak_topic = replace(data.topics[0], mean_recall=0.6)
    other = replace(data.topics[1], seen=1, mean_recall=0.95)
    caught_up = replace(data, seen=data.total_questions, due_today=0, topics=(weak_topic, other))
    step = next_step(caught_up)
    assert step.action == NextAction.PRACTISE_TOPIC and step.topic_id == weak_topic.topic.id
    assert step.sentence.startswith(f"All caught up, topic {weak_topic.topic.name} is weakest")
    strong = replace(caught_up, topics=(replace(weak_topic, mean_recall=0.95),))
    assert next_step(strong).action == NextAction.DRILL_WEAKEST


def test_export_csv_and_json(services: AppServices, clock: FixedClock, tmp_path: Path) -> None:
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


def test_day_one_recall_tells_again_from_good_and_never_reads_100(
    services: AppServices, clock: FixedClock
) -> None:
    """Minutes after the first ratings FSRS's recall *now* is 100 % for every question, an
    Again included (gui.md 5); the figures read a day ahead, so the forgotten one shows."""
    _rate(services, clock, clock.now(), 1, Rating.AGAIN)
    _rate(services, clock, clock.now() + timedelta(minutes=1), 2, Rating.GOOD)
    _rate(services, clock, clock.now() + timedelta(minutes=2), 3, Rating.GOOD)
    data = services.progress.dashboard()
    recall = {w.question.id: w.recall for w in data.weakest}
    assert data.weakest[0].question.id == 1
    assert recall[1] < 0.85 < recall[2]  # the Again reads amber or red, not green
    assert all(value < 0.995 for value in recall.values())
    assert data.weakest_ranked
    basics = next(row for row in data.topics if row.topic.id == "basics")
    assert basics.mean_recall == pytest.approx((recall[1] + recall[3]) / 2)
    assert data.topics[0] is basics  # it holds the forgotten question: weakest
    assert weakest_topic(data.topics) is basics


def test_a_tie_is_not_ranked_and_no_topic_is_named_weakest(
    services: AppServices, clock: FixedClock
) -> None:
    for offset, qid in enumerate((1, 2, 3)):
        _rate(services, clock, clock.now() + timedelta(minutes=offset), qid, Rating.GOOD)
    data = services.progress.dashboard()
    assert not data.weakest_ranked  # three alike Good ratings: nothing to tell apart
    assert weakest_topic(data.topics) is None
    assert "weakest" not in next_step(data).sentence


def test_percent_down_never_rounds_up_to_certain() -> None:
    assert (percent_down(0.996), percent_down(0.29), percent_down(1.0)) == ("99%", "29%", "100%")


def test_a_question_marked_weak_heads_the_weakest_list_and_marks_its_topic(
    services: AppServices, clock: FixedClock
) -> None:
    """gui.md 21: Browse's "weak" badge and the dashboard agree. A leech comes first in the
    weakest list even when another question has a lower recall, and its topic is listed
    first with the count of weak questions."""
    _rate(services, clock, clock.now(), 1, Rating.HARD)  # long ago: low recall, no lapse
    at = clock.now() + timedelta(days=30)
    for gap, rating in ((0, Rating.EASY), (20, Rating.AGAIN), (0.01, Rating.GOOD)) * 2:
        at += timedelta(days=gap)
        _rate(services, clock, at, 2, rating)  # Q2 (Optimization) forgotten twice
    data = services.progress.dashboard(weak_lapses=2)
    by_id = {w.question.id: w for w in data.weakest}
    assert by_id[1].recall < by_id[2].recall and not by_id[1].weak
    assert data.weakest[0].question.id == 2 and data.weakest[0].weak
    assert data.topics[0].topic.id == "optim" and data.topics[0].weak == 1
    services.settings.save(replace(services.settings.load(), weak_lapses=2))
    services.study.follow_settings(services.settings.load())
    assert services.study.overview()[2].status == "weak"  # the badge Browse shows
