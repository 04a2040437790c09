"""Guarantee 5: a database written with the first schema opens in this version with every
review, note, star and setting intact.

tests/fixtures/v1.sqlite3 is built by tests/fixtures/make_v1_db.py from migration 0001 alone
and committed, so it stays a first-version file while later migrations are added: each new
migration is then exercised on real first-version data by these tests.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.domain import CardPhase, ReviewMode
from studyapp.paths import DATABASE_FILE
from studyapp.storage.database import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR
from tests.conftest import FIXTURE_CONTENT
from tests.fixtures import make_v1_db

FIXTURE = Path(make_v1_db.__file__).with_name("v1.sqlite3")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as raw:
        return {
            table: raw.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("reviews", "cards", "annotations", "settings", "alembic_version")
        }


def test_the_fixture_is_a_first_schema_database() -> None:
    assert _rows(FIXTURE)["alembic_version"] == [(KNOWN_REVISIONS[0],)]


def test_the_committed_fixture_is_what_the_script_builds(tmp_path: Path) -> None:
    rebuilt = make_v1_db.build(tmp_path / "v1.sqlite3")
    assert _rows(rebuilt) == _rows(FIXTURE)


def test_a_first_schema_database_upgrades_with_everything_intact(
    data_dir: Path, clock: FixedClock
) -> None:
    shutil.copyfile(FIXTURE, data_dir / DATABASE_FILE)
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        assert _rows(data_dir / DATABASE_FILE)["alembic_version"] == [(HEAD_REVISION,)]
        reviews = [r for q in (1, 2, 3) for r in services.library.history(q)]
        assert [
            (
                r.question_id,
                r.reviewed_at,
                int(r.rating),
                r.duration_ms,
                str(r.mode),
                r.typed_answer,
                ",".join(map(str, r.ticked)),
                ",".join(map(str, r.suggested)),
            )
            for r in reviews
        ] == [(q, _when(t), *rest) for q, t, *rest in make_v1_db.REVIEWS]
        assert reviews[4].mode is ReviewMode.FOLLOW_UP

        cards = services.study.cards()
        for qid, phase, step, stability, difficulty, due, last, reps, lapses in make_v1_db.CARDS:
            card = cards[qid]
            assert (card.phase, card.step, card.stability, card.difficulty) == (
                CardPhase(phase),
                step,
                stability,
                difficulty,
            )
            assert (card.due, card.last_review, card.reps, card.lapses) == (
                _when(due),
                _when(last),
                reps,
                lapses,
            )

        assert services.library.starred() == {1, 3}
        for qid, _starred, note, _updated in make_v1_db.ANNOTATIONS:
            assert services.library.note(qid) == note
        settings = services.settings.load()
        assert (settings.theme, settings.desired_retention) == ("dark", 0.92)
        # The upgraded file takes new work like any other.
        assert services.library.search("ravine") and services.study.rebuild_states() == 3
    finally:
        services.close()


def test_every_migration_file_is_a_known_revision_in_order() -> None:
    """The upgrade path is the chain of migration files; the code's list of revisions it can
    open must be exactly that chain, so a new 0002 cannot be forgotten in either place."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    chain = [rev.revision for rev in script.walk_revisions("base", "heads")]
    assert tuple(reversed(chain)) == KNOWN_REVISIONS
    assert script.get_current_head() == HEAD_REVISION


def test_upgraded_reviews_get_distinct_stable_ids_and_new_ones_too(
    data_dir: Path, clock: FixedClock
) -> None:
    """Revision 0002: every old review gets its own uid (sync merges logs by it), it reads
    back the same after a restart, and a new rating is written with a fresh one."""
    from studyapp.domain import NewReview, Rating

    shutil.copyfile(FIXTURE, data_dir / DATABASE_FILE)

    def uids() -> list[str]:
        services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
        try:
            return [r.uid for q in (1, 2, 3) for r in services.library.history(q)]
        finally:
            services.close()

    old = uids()
    assert len(old) == len(make_v1_db.REVIEWS) == len(set(old))
    assert all(len(uid) == 32 and int(uid, 16) >= 0 for uid in old)
    assert uids() == old
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        added = services.study.rate(NewReview(question_id=2, rating=Rating.GOOD, duration_ms=900))
    finally:
        services.close()
    assert len(added.review.uid) == 32 and added.review.uid not in old
    assert sorted(uids()) == sorted([*old, added.review.uid])
