"""How long merging another computer's history through the sync folder takes.

    .venv/bin/python -m benchmarks.sync [--quick]

A laptop with 100,000 reviews over three years (tools/synthetic_history.py) publishes them to
a sync folder; a desk computer with 5,000 reviews of its own over the same years then syncs:
it reads and checks every record, adds the 100,000 reviews, replays every question from the
whole merged log (their histories interleave, so nothing can be patched) and publishes its
own. Target: <= 2 s, on the sync thread (ui/sync_ui.SyncController), never the UI thread.
The baseline is the same-run cost of the replay alone: FSRS over the 105,000 merged reviews,
the least an exact merge must do.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import Figure, median_ms, run_alone
from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.domain import Review
from studyapp.paths import DATABASE_FILE
from tools.synthetic_history import fill

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
OTHER_REVIEWS = 100_000
OWN_REVIEWS = 5_000


def _device(root: Path, name: str, reviews: int, seed: int, folder: Path) -> Path:
    data = root / name
    services = build_services(data, clock=FixedClock(NOW))
    fill(services, reviews, 3 * 365, seed=seed)
    services.sync.set_device_name(name)
    services.sync.set_folder(folder)
    services.close()
    return data


def sync_figures(repeat: int) -> list[Figure]:
    root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    folder = root / "Sync"
    folder.mkdir()
    laptop = _device(root, "laptop", OTHER_REVIEWS, 7, folder)
    desk = _device(root, "desk", OWN_REVIEWS, 11, folder)
    publisher = build_services(laptop, clock=FixedClock(NOW))
    started = time.perf_counter()
    published = publisher.sync.sync_now().published
    publish_ms = (time.perf_counter() - started) * 1000
    publisher.close()
    pristine = (desk / DATABASE_FILE).read_bytes()
    merged: dict[str, int] = {}

    def merge_once() -> None:
        (desk / DATABASE_FILE).write_bytes(pristine)
        for extra in ("-wal", "-shm"):
            (desk / (DATABASE_FILE + extra)).unlink(missing_ok=True)
        services = build_services(desk, clock=FixedClock(NOW))
        try:
            start = time.perf_counter()
            report = services.sync.sync_now()
            merged["ms"] = int((time.perf_counter() - start) * 1000)
            merged["added"] = report.added
        finally:
            services.close()

    times = []
    for _ in range(repeat):
        merge_once()
        times.append(merged["ms"])
    assert merged["added"] == published - 1, (merged, published)  # less the device record
    sync_ms = sorted(times)[len(times) // 2]

    services = build_services(desk, clock=FixedClock(NOW))
    history = services.library.history_all()
    scheduler = services.study.scheduler
    services.close()
    by_question: dict[int, list[Review]] = {}
    for review in history:
        by_question.setdefault(review.question_id, []).append(review)
    replay_ms = median_ms(
        lambda: [scheduler.replay(qid, items) for qid, items in by_question.items()],
        max(1, repeat // 2),
    )
    stall = _longest_stall(merge_once)
    shutil.rmtree(root, ignore_errors=True)
    return [
        Figure(
            f"sync: merge {OTHER_REVIEWS:,} reviews from another device "
            f"(into {OWN_REVIEWS:,} of its own)",
            sync_ms,
            "ms",
            f"replay alone ({len(history):,} reviews)",
            replay_ms,
            "<= 2000 ms",
            f"on the sync thread; the main thread's longest stall meanwhile {stall:.0f} ms",
        ),
        Figure(
            f"sync: publish {published:,} records to the folder (first sync of a device)",
            publish_ms,
            "ms",
            note="once per device and folder; later syncs publish only what is new",
        ),
    ]


def _longest_stall(work: object) -> float:
    """Run `work` on a thread, as the app does, and measure the longest gap between 5 ms
    ticks of the main thread meanwhile: how long the window could not have drawn."""
    worker = threading.Thread(target=work)  # type: ignore[arg-type]
    worker.start()
    longest = 0.0
    last = time.perf_counter()
    while worker.is_alive():
        time.sleep(0.005)
        now = time.perf_counter()
        longest = max(longest, (now - last) * 1000 - 5)
        last = now
    worker.join()
    return longest


if __name__ == "__main__":
    raise SystemExit(run_alone(sync_figures, quick=1, full=3))
