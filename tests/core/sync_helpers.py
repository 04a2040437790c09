"""Two (or more) devices sharing one sync folder, for the sync tests."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import CardState, NewReview, Rating
from studyapp.scheduling.fsrs_scheduler import replay_order
from studyapp.services.study import RatingResult
from tests.conftest import FIXTURE_CONTENT


@dataclass
class Device:
    services: AppServices
    clock: FixedClock
    results: list[RatingResult]

    def rate(self, qid: int, rating: Rating = Rating.GOOD) -> RatingResult:
        result = self.services.study.rate(NewReview(qid, rating, 1500))
        self.results.append(result)
        return result

    def undo(self) -> None:
        self.services.study.undo(self.results.pop())

    def sync(self) -> None:
        report = self.services.sync.sync_now()
        assert not report.paused, report.paused
        self.services.sync.settle(report)

    def history(self) -> list[tuple[object, ...]]:
        return sorted(
            (r.uid, r.question_id, r.reviewed_at, r.rating, r.mode, r.duration_ms)
            for r in self.services.library.history_all()
        )

    def cards(self) -> dict[int, CardState]:
        return self.services.study.cards()


def make_device(root: Path, name: str, clock: FixedClock, folder: Path | None) -> Device:
    data = root / name
    data.mkdir()
    services = build_services(data, clock=clock, content_root=FIXTURE_CONTENT)
    services.sync.set_device_name(name)
    if folder is not None:
        services.sync.set_folder(folder)
    return Device(services, clock, [])


def single_device_replica(root: Path, devices: list[Device]) -> dict[int, CardState]:
    """The cards of one device that gave every rating the others kept, at their times, in
    the order a merge replays them: what the merged devices must show."""
    reviews = [r for r in devices[0].services.library.history_all()]
    clock = FixedClock(devices[0].clock.now())
    single_dir = Path(tempfile.mkdtemp(prefix="single-", dir=root))
    single = build_services(single_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        for review in replay_order(reviews):
            clock.set(review.reviewed_at)
            single.study.rate(NewReview(review.question_id, review.rating, review.duration_ms))
        return single.study.cards()
    finally:
        single.close()


SKEW = timedelta(hours=3)
