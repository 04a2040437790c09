"""Things that worked but told the person something untrue (review findings M4, M5, M9):
each test failed on ff8ef8c."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.paths import DATABASE_FILE
from tests.conftest import FIXTURE_CONTENT, ROOT


def test_a_read_only_database_file_in_wal_mode_is_read_only(
    data_dir: Path, clock: FixedClock
) -> None:
    """M4: a file of mode 444 in WAL mode (its normal state) opened as writable: no
    read-only notice, backups kept running, and the first rating failed."""
    build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT).close()
    database = data_dir / DATABASE_FILE
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    database.chmod(0o444)
    try:
        services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
        assert services.read_only
        services.close()
    finally:
        database.chmod(0o644)


def test_rebuild_after_the_clock_went_back_keeps_the_schedule(
    data_dir: Path, clock: FixedClock
) -> None:
    """M5: replay sorted by time, live followed the order of the ratings, so after the clock
    went back Rebuild moved a card's due date by a year."""
    services = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    for step in (timedelta(0), timedelta(days=3), timedelta(days=-400), timedelta(days=2)):
        clock.advance(step)
        services.study.rate(NewReview(1, Rating.GOOD, 1000))
    live = services.study.states()[1]
    services.study.rebuild_states()
    assert services.study.states()[1] == live
    services.close()


def test_the_smoke_test_never_touches_the_real_progress(tmp_path: Path) -> None:
    """M9: without --data-dir, --smoke-test stored a real 'Good' rating of Q1 in the person's
    own history."""
    env = {k: v for k, v in os.environ.items() if k != "DEEPSTUDY_DATA_DIR"}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "share"))
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--smoke-test",
            "--content-dir",
            str(FIXTURE_CONTENT),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "smoke test OK" in done.stdout, done.stderr
    assert not (tmp_path / "share" / "deepstudy").exists()
