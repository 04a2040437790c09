"""Fill a data folder with a plausible synthetic review history, for screenshots and benchmarks.

    .venv/bin/python tools/synthetic_history.py DATA_DIR --reviews 100000 --days 1095

The history is simulated, not drawn at random: on most evenings a learner reviews what the
scheduler says is due (learning steps included), starts a few new questions, and spends any
time left on extra practice, weakest first, as the quiz's "all questions" session does. Whether
an answer is recalled is drawn from the scheduler's own predicted recall, bent by how hard each
question is for this learner, with an occasional slip, so lapses happen mostly on hard
questions and long gaps and the true retention lands near the desired 90%. That
way the lists show the mix a real learner sees (mostly review and mastered, some due, a few
weak) instead of nearly everything weak.

Reviews are inserted in bulk with SQL (the service would take minutes for 100,000), then
every card is rebuilt by replaying the log, exactly as `--rebuild-state` does.
"""

from __future__ import annotations

import argparse
import heapq
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import CardPhase, CardState, Rating
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.storage.models import ReviewRow

ACTIVE_DAY = 0.8  # share of days the learner studies at all
NEW_PER_DAY = 5
INTRODUCED_BY = 1.0  # started steadily until the end, so the newest are still young
SECONDS_PER_REVIEW = 40
# Once an answer is recalled: how sure the learner felt (Hard, Good, Easy).
RECALLED_WEIGHTS = (0.15, 0.7, 0.15)
SLIP = 0.03  # even a well-known answer is sometimes blanked on: tiredness, a bad day


def fill(services: AppServices, reviews: int, days: int, seed: int = 7) -> int:
    """Insert about `reviews` reviews spread over the `days` before the clock's now.

    Due reviews are never skipped, so a small `reviews` over many days still follows the
    schedule; a large one adds extra practice to reach the count."""
    rng = random.Random(seed)
    scheduler = services.study.scheduler
    now = services.clock.now()
    ids = [q.id for q in services.library.questions]
    # Recall is (1 - SLIP) * predicted recall ** hardness: most near 1, a few much harder.
    hardness = {qid: rng.lognormvariate(0.0, 0.45) for qid in ids}
    states = {qid: CardState.new(qid) for qid in ids}
    unseen = list(ids)
    active_days = [d for d in range(days, 0, -1) if rng.random() < ACTIVE_DAY]
    per_day = max(1, reviews // max(1, len(active_days)))
    rows: list[dict[str, object]] = []

    def review(qid: int, when: datetime) -> None:
        state = states[qid]
        recall = 1.0 if state.phase == CardPhase.NEW else scheduler.retrievability(state, when)
        if state.phase == CardPhase.NEW or rng.random() < (1 - SLIP) * recall ** hardness[qid]:
            hard = min(0.6, RECALLED_WEIGHTS[0] * hardness[qid])
            rating = rng.choices((2, 3, 4), (hard, RECALLED_WEIGHTS[1], RECALLED_WEIGHTS[2]))[0]
        else:
            rating = 1
        states[qid] = scheduler.review(state, Rating(rating), when)
        rows.append(
            {
                "question_id": qid,
                "reviewed_at": when,
                "rating": rating,
                "duration_ms": rng.randint(15_000, 180_000),
                "mode": "normal",
                "ticked": "",
                "suggested": "",
            }
        )

    # New questions are started steadily over most of the period, not all in the first week,
    # so the newest ones are still being learnt at the end.
    spread = len(active_days) * INTRODUCED_BY
    start_day = {qid: int(n * spread / len(ids)) for n, qid in enumerate(ids)}
    for day, offset in enumerate(active_days):
        start = (now - timedelta(days=offset)).replace(hour=18, minute=0, second=0, microsecond=0)
        start += timedelta(minutes=rng.randint(0, 240))
        quota = round(per_day * rng.uniform(0.6, 1.4))
        fresh: list[int] = []
        while unseen and len(fresh) < NEW_PER_DAY and start_day[unseen[0]] <= day:
            fresh.append(unseen.pop(0))
        due = [q for q, s in states.items() if s.due is not None and s.due <= start]
        # (ready at, tie-break, question): due and new first; steps come back when ready.
        queue = [(start, n, qid) for n, qid in enumerate(due + fresh)]
        heapq.heapify(queue)
        queued = set(due + fresh)
        practice = _weakest_first(states, scheduler, start, queued)
        clock, done, counter = start, 0, len(queue)
        while queue or (practice and done < quota):
            if queue and (queue[0][0] <= clock or not practice or done >= quota):
                ready, _, qid = heapq.heappop(queue)
                clock = max(clock, ready)
            else:
                qid = practice.pop(0)
                if not practice:  # a long session goes round again
                    practice = _weakest_first(states, scheduler, clock, set())
            review(qid, clock)
            done += 1
            clock += timedelta(seconds=SECONDS_PER_REVIEW)
            due_again = states[qid].due
            if due_again is not None and due_again - clock < timedelta(hours=1):
                counter += 1
                heapq.heappush(queue, (due_again, counter, qid))
    with services.engine.begin() as connection:
        connection.execute(ReviewRow.__table__.insert(), rows)
    services.study.rebuild_states()
    return len(rows)


def _weakest_first(
    states: dict[int, CardState], scheduler: SpacedScheduler, when: datetime, skip: set[int]
) -> list[int]:
    """Questions already started, lowest predicted recall first: the extra practice."""
    seen = [q for q, s in states.items() if q not in skip and s.phase != CardPhase.NEW]
    return sorted(seen, key=lambda q: scheduler.retrievability(states[q], when))


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Fill a data folder with a synthetic, plausible review history (for "
        "trying the dashboard, Browse and the quiz with a long history).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("data_dir", type=Path, help="the data folder to fill (made if absent)")
    parser.add_argument(
        "--reviews", type=int, default=100_000, help="how many reviews to write in all"
    )
    parser.add_argument("--days", type=int, default=3 * 365, help="how many days they span")
    parser.add_argument("--content", type=Path, help="a content folder other than content/")
    args = parser.parse_args()
    clock = FixedClock(datetime.now(UTC))
    services = build_services(args.data_dir, clock=clock, content_root=args.content)
    count = fill(services, args.reviews, args.days)
    services.close()
    print(f"inserted {count} reviews into {args.data_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
