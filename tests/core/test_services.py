"""Services on the real SQLite database: rating, undo, queues, search, stars, notes."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, timezone
from pathlib import Path

from sqlalchemy import text

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import CardPhase, NewReview, Rating, ReviewMode
from studyapp.services.study import QueueKind, QueueOrder, QueueSpec
from tests.conftest import FIXTURE_CONTENT


def _rows(services: AppServices) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with services.engine.connect() as connection:
        cards = [tuple(r) for r in connection.execute(text("SELECT * FROM cards ORDER BY 1"))]
        reviews = [tuple(r) for r in connection.execute(text("SELECT * FROM reviews ORDER BY 1"))]
    return cards, reviews


def test_rating_commits_review_and_state_together(services: AppServices) -> None:
    result = services.study.rate(
        NewReview(1, Rating.GOOD, 4200, ReviewMode.NORMAL, "typed", ticked=(0, 2), suggested=(2,))
    )
    assert result.before.phase == CardPhase.NEW
    history = services.library.history(1)
    assert len(history) == 1
    stored = history[0]
    assert (stored.rating, stored.duration_ms, stored.typed_answer) == (Rating.GOOD, 4200, "typed")
    assert stored.ticked == (0, 2) and stored.suggested == (2,)
    assert stored.reviewed_at == services.clock.now()
    assert services.study.card(1) == result.after


def test_undo_three_steps_restores_the_stored_rows_exactly(
    services: AppServices, clock: FixedClock
) -> None:
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    clock.advance(timedelta(days=2))
    snapshot = _rows(services)
    results = []
    for qid, rating in ((1, Rating.AGAIN), (2, Rating.EASY), (1, Rating.HARD)):
        clock.advance(timedelta(minutes=5))
        results.append(services.study.rate(NewReview(qid, rating, 500)))
    assert _rows(services) != snapshot
    for result in reversed(results):
        services.study.undo(result)
    assert _rows(services) == snapshot


def test_queue_kinds(services: AppServices, clock: FixedClock) -> None:
    assert services.study.build_queue(QueueSpec(QueueKind.NEW)) == [1, 2, 3]
    assert services.study.build_queue(QueueSpec(QueueKind.DUE)) == []
    services.study.rate(NewReview(2, Rating.AGAIN, 100))
    clock.advance(timedelta(hours=1))
    assert services.study.build_queue(QueueSpec(QueueKind.DUE)) == [2]
    assert services.study.build_queue(QueueSpec(QueueKind.MIXED)) == [2, 1, 3]
    assert services.study.build_queue(QueueSpec(QueueKind.MIXED, limit=2)) == [2, 1]
    topic = QueueSpec(QueueKind.TOPIC, topics=("basics",))
    assert services.study.build_queue(topic) == [1, 3]
    assert services.study.build_queue(QueueSpec(QueueKind.WEAK)) == [2]
    number = QueueSpec(QueueKind.ALL, order=QueueOrder.NUMBER)
    assert services.study.build_queue(number) == [1, 2, 3]
    shuffled = services.study.build_queue(
        QueueSpec(QueueKind.ALL, order=QueueOrder.RANDOM), random.Random(4)
    )
    assert sorted(shuffled) == [1, 2, 3]
    assert services.study.build_queue(QueueSpec(question_ids=(3,), limit=1)) == [3]


def test_search_words_and_phrases_and_topics(services: AppServices) -> None:
    ids = lambda q, t=frozenset(): [x.id for x in services.library.search(q, t)]  # noqa: E731
    assert ids("") == [1, 2, 3]
    assert ids("dropout") == [3]
    assert ids("softmax probability") == [1]
    assert ids('"thinned networks"') == [3]
    assert ids('"networks thinned"') == []
    assert ids("momentum", frozenset({"basics"})) == []
    services.library.set_note(2, "remember the ravine picture")
    assert ids("ravine") == [2]


def test_stars_and_notes_persist_across_restarts(services: AppServices, clock: FixedClock) -> None:
    services.library.set_starred(3, True)
    services.library.set_note(3, "my *note*")
    services.close()
    again = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    assert again.library.starred() == {3}
    assert again.library.note(3) == "my *note*"
    again.close()


def test_rebuild_states_matches_live_state(services: AppServices, clock: FixedClock) -> None:
    for qid, rating in ((1, Rating.GOOD), (2, Rating.AGAIN), (1, Rating.EASY), (3, Rating.HARD)):
        services.study.rate(NewReview(qid, rating, 100))
        clock.advance(timedelta(days=1, hours=2))
    live = services.study.cards()
    with services.engine.begin() as connection:
        connection.execute(text("UPDATE cards SET stability = 999, reps = 0"))
    assert services.study.rebuild_states() == 3
    assert services.study.cards() == live


def test_count_matching_ignores_the_session_length(services: AppServices) -> None:
    spec = QueueSpec(QueueKind.NEW, limit=1)
    assert services.study.build_queue(spec) == [1]
    assert services.study.count_matching(spec) == 3
    assert services.study.count_matching(QueueSpec(QueueKind.NEW, topics=("optim",))) == 1


def test_due_means_due_within_the_users_local_day(data_dir: Path) -> None:
    zone = timezone(timedelta(hours=-5))
    clock = FixedClock(datetime(2026, 3, 10, 3, 30, tzinfo=UTC), zone)  # 22:30 local, 9 March
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        after = services.study.rate(NewReview(1, Rating.EASY, 100)).after
        assert after.due is not None
        due_local = after.due.astimezone(zone)
        assert due_local.hour == 22  # late in the evening, local time
        morning = datetime.combine(due_local.date(), time(8), zone)
        clock.set(morning - timedelta(days=1))
        assert services.study.build_queue(QueueSpec(QueueKind.DUE)) == []
        clock.set(morning)  # 14.5 hours early, but the same local day: due today
        assert services.study.build_queue(QueueSpec(QueueKind.DUE)) == [1]
        assert services.study.overview()[1].status == "due"
    finally:
        services.close()


def _lapse_twice(services: AppServices, clock: FixedClock, qid: int) -> None:
    """Forgotten twice, but just relearned: recall is high right now."""
    gaps = (0, 20 * 24 * 60, 10, 20 * 24 * 60, 10)  # minutes before each rating
    for gap, rating in zip(
        gaps, (Rating.EASY, Rating.AGAIN, Rating.GOOD, Rating.AGAIN, Rating.GOOD), strict=True
    ):
        clock.advance(timedelta(minutes=gap))
        services.study.rate(NewReview(qid, rating, 100))


def test_weak_threshold_comes_from_settings_and_weak_questions_come_first(
    services: AppServices, clock: FixedClock
) -> None:
    services.study.rate(NewReview(1, Rating.HARD, 100))  # once, long ago: lowest recall
    clock.advance(timedelta(days=30))
    _lapse_twice(services, clock, 2)
    assert services.study.card(2).lapses == 2
    weakest = QueueSpec(QueueKind.WEAK)
    overview = services.study.overview()
    assert overview[1].recall < overview[2].recall
    assert overview[2].status != "weak"  # default threshold: 4 lapses
    assert services.study.build_queue(weakest) == [1, 2]

    services.settings.save(replace(services.settings.load(), weak_lapses=2))
    services.close()
    again = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        assert again.study.weak_lapses == 2
        assert again.study.overview()[2].status == "weak"
        assert again.study.build_queue(weakest) == [2, 1]  # the leech is offered first
    finally:
        again.close()


def test_a_leech_mastered_again_is_no_longer_weak(services: AppServices, clock: FixedClock) -> None:
    services.settings.save(replace(services.settings.load(), weak_lapses=2))
    services.close()
    study = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        _lapse_twice(study, clock, 2)
        assert study.study.overview()[2].status == "weak"
        for _ in range(8):  # recalled on time, again and again, until stability passes 21 days
            card = study.study.card(2)
            assert card.due is not None
            clock.set(max(clock.now(), card.due))
            study.study.rate(NewReview(2, Rating.GOOD, 100))
        card = study.study.card(2)
        assert card.lapses == 2 and card.stability is not None and card.stability >= 21
        assert study.study.overview()[2].status == "mastered"
    finally:
        study.close()


def test_desired_retention_comes_from_settings(services: AppServices) -> None:
    assert services.study.scheduler.desired_retention == 0.9
    services.settings.save(replace(services.settings.load(), desired_retention=0.8))
    services.close()
    again = build_services(services.data_dir, clock=services.clock, content_root=FIXTURE_CONTENT)
    try:
        assert again.study.scheduler.desired_retention == 0.8
    finally:
        again.close()


def test_settings_read_once_still_follow_every_write(
    services: AppServices, data_dir: Path, clock: FixedClock
) -> None:
    """The settings are kept after the first read; writes, a value changed by the caller and
    a second service on the same file all see what is really stored."""
    settings = services.settings
    assert settings.load().answer_font_px == 15
    settings.save(replace(settings.load(), answer_font_px=19))
    assert settings.load().answer_font_px == 19
    settings.set_value("last_setup", {"topics": ["cnn"]})
    got = settings.get_value("last_setup")
    got["topics"].append("rnn")  # the caller's copy, not the kept one
    assert settings.get_value("last_setup") == {"topics": ["cnn"]}
    again = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        assert again.settings.load().answer_font_px == 19
        assert again.settings.get_value("last_setup") == {"topics": ["cnn"]}
    finally:
        again.close()
