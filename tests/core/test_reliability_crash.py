"""Guarantee 1: every confirmed rating survives a crash.

200 times over, a fresh child process opens the same data folder through the real services
and rates questions until it is killed with SIGKILL at a random moment (often while it is
still opening the database, mostly in the middle of a commit). Afterwards every rating a
child reported as committed is in the review log, nothing is there twice, the only extra
rows are the single ratings that were committed but not yet reported when the kill came,
the card states equal a replay of the log, and SQLite's integrity check passes.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from studyapp.app import build_services
from studyapp.paths import DATABASE_FILE
from tests.conftest import FIXTURE_CONTENT, ROOT
from tests.core.reliability_child import TOKEN_BASE

KILLS = 200
MAX_DELAY_S = 0.06

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")


def _kill_many(data_dir: Path, report: Path, rounds: int, seed: int) -> int:
    """Runs the rounds; returns how many were killed after their first commit.

    A quarter of the children are killed after a random delay from their start, which often
    lands while they are still opening the database. The others are killed a random moment
    after their first rating was reported, so they die in the middle of the rating loop
    however slow the machine is.
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.core.reliability_child", str(data_dir),
         str(FIXTURE_CONTENT), str(report)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
    )  # fmt: skip
    assert server.stdin is not None and server.stdout is not None
    rng = random.Random(seed)
    mid_rating = 0
    try:
        for round_no in range(1, rounds + 1):
            size = report.stat().st_size if report.exists() else 0
            server.stdin.write(f"run {round_no} {rng.randrange(1 << 30)}\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            if rng.random() < 0.75 and _wait_for_growth(report, size):
                mid_rating += 1
                time.sleep(rng.uniform(0, MAX_DELAY_S / 2))
            else:
                time.sleep(rng.uniform(0, MAX_DELAY_S))
            os.kill(pid, signal.SIGKILL)
            died = server.stdout.readline().split()
            assert died == ["dead", str(int(signal.SIGKILL)), "-1"], (
                f"child of round {round_no} ended on its own ({died}): it hit an error"
            )
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    return mid_rating


def _wait_for_growth(report: Path, size: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if report.exists() and report.stat().st_size > size:
            return True
        time.sleep(0.001)
    return False


def test_every_reported_rating_survives_sigkill(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    report = tmp_path / "committed.txt"
    mid_rating = _kill_many(data_dir, report, KILLS, seed=20260310)

    claimed: dict[int, dict[int, int]] = defaultdict(dict)  # round -> n -> review id
    for line in report.read_text().splitlines():
        round_no, n, review_id = map(int, line.split())
        claimed[round_no][n] = review_id

    database = data_dir / DATABASE_FILE
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = raw.execute("SELECT id, duration_ms FROM reviews").fetchall()
    tokens = [token for _, token in rows]
    assert len(tokens) == len(set(tokens)), "a rating was stored twice"

    stored: dict[int, dict[int, int]] = defaultdict(dict)
    for review_id, token in rows:
        stored[token // TOKEN_BASE][token % TOKEN_BASE] = review_id
    total_claims = sum(len(c) for c in claimed.values())
    for round_no in range(1, KILLS + 1):
        claims, kept = claimed.get(round_no, {}), stored.get(round_no, {})
        for n, review_id in claims.items():
            assert kept.get(n) == review_id, f"round {round_no}: confirmed rating {n} lost"
        # Ratings are committed one after another, so what is stored beyond the claims can
        # only be the one rating whose commit finished just before the kill.
        extra = set(kept) - set(claims)
        assert extra <= {len(claims)}, f"round {round_no}: unexpected rows {extra}"
        assert sorted(claims) == list(range(len(claims)))

    # The kills really landed in the middle of rating, not only during start-up.
    assert mid_rating >= KILLS // 2
    assert sum(1 for c in claimed.values() if c) >= mid_rating
    assert total_claims >= mid_rating

    # A review and its card state are written in one transaction: replaying the surviving
    # log reproduces exactly the stored states.
    services = build_services(data_dir, content_root=FIXTURE_CONTENT)
    try:
        live = services.study.cards()
        services.study.rebuild_states()
        assert services.study.cards() == live
    finally:
        services.close()
