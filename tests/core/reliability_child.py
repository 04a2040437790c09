"""Fork server for the crash test: rates questions through the real services until killed.

Started once per test as `python -m tests.core.reliability_child DATA CONTENT REPORT`. It
imports the Qt-free services a single time, then for every `run ROUND SEED` line on stdin it
forks a fresh child process, prints that child's pid, and reports how it died once the test
has killed it. Forking keeps each child's start-up at a few milliseconds (no interpreter
start, no imports) while every child is still a separate process that opens the database
itself, exactly like a new launch of the app.

A child builds the services on the data folder, then rates question after question. After
`rate()` returns, and only then, it appends `ROUND N REVIEW_ID` to the report file with one
unbuffered `write`: that line is the child's claim that the rating was committed. The
rating's `duration_ms` carries ROUND * 100000 + N, so the test can match every row in the
database to the claim that produced it.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import traceback
from itertools import count
from pathlib import Path

from studyapp.app import build_services
from studyapp.domain import NewReview, Rating, ReviewMode

TOKEN_BASE = 100_000


def rate_until_killed(
    data_dir: Path, content: Path, report: Path, round_no: int, seed: int
) -> None:
    rng = random.Random(seed)
    services = build_services(data_dir, content_root=content)
    ids = [q.id for q in services.library.questions]
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    for n in count():
        mode = ReviewMode.FOLLOW_UP if rng.random() < 0.1 else ReviewMode.NORMAL
        review = NewReview(
            rng.choice(ids),
            rng.choice(list(Rating)),
            duration_ms=round_no * TOKEN_BASE + n,
            mode=mode,
            ticked=(0, 1) if rng.random() < 0.5 else (),
        )
        result = services.study.rate(review)
        os.write(fd, f"{round_no} {n} {result.review.id}\n".encode())


def warm_up(content: Path) -> None:
    """Open a scratch database and rate once, so the lazy imports (Alembic, FSRS) are done
    here once and every forked child starts with them loaded."""
    with tempfile.TemporaryDirectory() as scratch:
        services = build_services(Path(scratch), content_root=content)
        services.study.rate(NewReview(services.library.questions[0].id, Rating.GOOD, 0))
        services.close()


def serve(data_dir: Path, content: Path, report: Path) -> None:
    warm_up(content)
    assert "PySide6" not in sys.modules, "the crash child must stay Qt-free to start fast"
    for line in sys.stdin:
        command, *args = line.split()
        if command != "run":
            break
        round_no, seed = int(args[0]), int(args[1])
        pid = os.fork()
        if pid == 0:  # the child: never returns into the server loop
            code = 0
            try:
                rate_until_killed(data_dir, content, report, round_no, seed)
            except BaseException:  # reported to the test through the exit status
                print(f"child {round_no} failed:\n{traceback.format_exc()}", file=sys.stderr)
                code = 3
            os._exit(code)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        signal_no = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        print(f"dead {signal_no} {code}", flush=True)


if __name__ == "__main__":
    serve(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
