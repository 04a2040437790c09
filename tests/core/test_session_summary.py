"""The end-of-session summary against a known log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from studyapp.domain import CardPhase, CardState, Question, Rating, Review, ReviewMode
from studyapp.stats.session import TopicResult, summarize_session

NOW = datetime(2026, 3, 10, 21, 0, tzinfo=UTC)
ZONE = timezone(timedelta(hours=-5))  # 16:00 local: the local day ends at 05:00 UTC


def _question(qid: int, topic: str) -> Question:
    return Question(qid, f"Question {qid}", topic, 1, (), (), (), (), "", "", "", "")


def _card(qid: int, due: datetime) -> CardState:
    return CardState(qid, CardPhase.REVIEW, None, 5.0, 5.0, due, NOW, 3, 0)


QUESTIONS = {1: _question(1, "basics"), 2: _question(2, "optim"), 3: _question(3, "basics")}
LOG = [
    Review(1, 1, NOW, Rating.AGAIN, 40_000, ReviewMode.MOCK),
    Review(2, 1, NOW, Rating.GOOD, 5_000, ReviewMode.FOLLOW_UP),  # practice, not scored
    Review(3, 2, NOW, Rating.GOOD, 200_000, ReviewMode.MOCK),
    Review(4, 3, NOW, Rating.EASY, 30_000, ReviewMode.MOCK),
    Review(5, 1, NOW, Rating.HARD, 50_000, ReviewMode.MOCK),
]
CARDS = {
    1: _card(1, NOW + timedelta(hours=2)),  # 23:00 UTC = 18:00 local: later today
    2: _card(2, NOW + timedelta(hours=9)),  # 06:00 UTC next day = 01:00 local: tomorrow
    3: _card(3, NOW + timedelta(days=4)),
}


def test_summary_numbers_match_the_log() -> None:
    summary = summarize_session(LOG, QUESTIONS, CARDS, NOW, ZONE, time_limit_ms=180_000)
    assert summary.answered == 4
    assert summary.counts == {Rating.AGAIN: 1, Rating.HARD: 1, Rating.GOOD: 1, Rating.EASY: 1}
    assert summary.total_ms == 320_000
    assert summary.average_ms == 80_000
    assert summary.topics == (
        TopicResult("basics", answered=3, again=1, recalled=1),
        TopicResult("optim", answered=1, again=0, recalled=1),
    )
    assert summary.missed == (1,)
    assert summary.next_due == NOW + timedelta(hours=2)
    assert (summary.due_today, summary.due_tomorrow, summary.due_later) == (1, 1, 1)
    assert summary.later_from == NOW + timedelta(days=4)
    assert summary.over_time == 1  # the 200 s answer against a 3-minute countdown
    assert summary.follow_ups == 1


def test_the_local_day_decides_today_and_tomorrow() -> None:
    summary = summarize_session(LOG, QUESTIONS, CARDS, NOW, UTC)
    # In UTC the day ends at midnight: 23:00 is today, 06:00 tomorrow.
    assert (summary.due_today, summary.due_tomorrow) == (1, 1)
    later = summarize_session(LOG, QUESTIONS, CARDS, NOW, timezone(timedelta(hours=-10)))
    # At 11:00 local both 13:00 and 20:00 local fall today.
    assert (later.due_today, later.due_tomorrow) == (2, 0)
    assert summary.over_time == 0  # no countdown, nothing is "over"


def test_an_empty_session() -> None:
    summary = summarize_session([], QUESTIONS, CARDS, NOW, ZONE)
    assert summary.answered == 0 and summary.average_ms == 0
    assert summary.topics == () and summary.missed == () and summary.next_due is None
