"""Fill a data folder with a plausible synthetic review history, for screenshots and benchmarks.

    .venv/bin/python tools/synthetic_history.py DATA_DIR --reviews 100000 --days 1095

Reviews are inserted in bulk with SQL (the service would take minutes for 100,000), then
every card is rebuilt by replaying the log, exactly as `--rebuild-state` does.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.storage.models import ReviewRow

RATING_WEIGHTS = (0.12, 0.15, 0.58, 0.15)


def fill(services: AppServices, reviews: int, days: int, seed: int = 7) -> int:
    """Insert about `reviews` reviews spread over the `days` before the clock's now."""
    rng = random.Random(seed)
    now = services.clock.now()
    ids = [q.id for q in services.library.questions]
    active_days = [d for d in range(days, 0, -1) if rng.random() < 0.8]
    per_day = max(1, reviews // max(1, len(active_days)))
    rows = []
    for offset in active_days:
        start = (now - timedelta(days=offset)).replace(hour=18, minute=0, second=0, microsecond=0)
        start += timedelta(minutes=rng.randint(0, 240))
        for index in range(per_day):
            rating = rng.choices((1, 2, 3, 4), RATING_WEIGHTS)[0]
            rows.append(
                {
                    "question_id": rng.choice(ids),
                    "reviewed_at": start + timedelta(seconds=40 * index),
                    "rating": rating,
                    "duration_ms": rng.randint(15_000, 180_000),
                    "mode": "normal",
                    "ticked": "",
                    "suggested": "",
                }
            )
    with services.engine.begin() as connection:
        connection.execute(ReviewRow.__table__.insert(), rows)
    services.study.rebuild_states()
    return len(rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=3 * 365)
    parser.add_argument("--content", type=Path)
    args = parser.parse_args()
    clock = FixedClock(datetime.now(UTC))
    services = build_services(args.data_dir, clock=clock, content_root=args.content)
    count = fill(services, args.reviews, args.days)
    services.close()
    print(f"inserted {count} reviews into {args.data_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
