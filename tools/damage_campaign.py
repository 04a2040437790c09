"""Random byte overwrites of a real progress database, each followed by a whole session.

    .venv/bin/python tools/damage_campaign.py --trials 200 --seed 77

A data folder with a few hundred reviews, notes, stars, settings and a good backup is made
once. Each trial copies it, overwrites 1, 4 or 16 bytes at a random offset of the database
file, and then does what a person would: start DeepStudy. Either the start finds the damage
and the recovery offer is made (and taking the backup from it gives a working app), or the app
opens and every screen is worked through: every question in the browser, a quiz with a reveal
and a rating, the dashboard, both exports, Rebuild schedule, a backup. The one failure is a
Python exception anywhere, raised or reported by Qt from a slot: a traceback.

The test suite runs a few trials (tests/ui/test_damage_campaign.py); this script runs the
review's 200 and prints how each ended.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.paths import DATABASE_FILE
from studyapp.storage.database import CorruptDatabaseError, StorageError

OPENED = "opened, every screen worked"
RECOVERY = "recovery offered"
REFUSED = "refused with a message"
FOUND_BY_BACKUP = "opened; the backup's full check found the damage; recovery offered next start"
TRACEBACK = "TRACEBACK"
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def make_template(folder: Path, content: Path, reviews: int = 300) -> Path:
    """A data folder with a history of `reviews` ratings, notes, stars and one backup."""
    clock = FixedClock(START)
    services = build_services(folder, clock=clock, content_root=content)
    questions = [q.id for q in services.library.questions]
    rng = random.Random(5)
    for n in range(reviews):
        services.study.rate(
            NewReview(rng.choice(questions), Rating(rng.randint(1, 4)), 1000 + n, ticked=(0,))
        )
        clock.advance(timedelta(hours=rng.randint(1, 30)))
    for qid in questions[:5]:
        services.library.set_note(qid, f"my note on Q{qid}: ![pic](media/x.png) and *words*")
        services.library.set_starred(qid, True)
    services.settings.save(services.settings.load())
    services.backup()
    services.close()
    return folder


def overwrite(database: Path, rng: random.Random) -> str:
    """Overwrite 1, 4 or 16 bytes at a random offset with random bytes; says what it did."""
    data = bytearray(database.read_bytes())
    count = rng.choice((1, 4, 16))
    offset = rng.randrange(0, max(1, len(data) - count))
    data[offset : offset + count] = rng.randbytes(count)
    database.write_bytes(bytes(data))
    return f"{count} byte(s) at {offset}"


@contextmanager
def python_errors() -> Iterator[list[str]]:
    """Collects every exception Qt reports from a slot (it prints them via sys.excepthook
    and carries on, so a broken screen would otherwise pass unseen)."""
    seen: list[str] = []
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        seen.append("".join(traceback.format_exception(kind, error, tb)))

    sys.excepthook = hook  # (the window's own hook, which shows storage errors, is not installed)
    try:
        yield seen
    finally:
        sys.excepthook = previous


def work_through_every_screen(services: AppServices, out: Path) -> None:
    """What a person does in a session, on every screen."""
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.application import create_window

    window = create_window(services)
    window.show()
    app = QApplication.instance()
    assert app is not None
    try:
        for index in range(len(window.pages)):
            window.show_page(index)
            app.processEvents()
        window.show_page(0)
        for question in services.library.questions:
            window.browser.show_question(question.id)
        window.browser.save_note()
        app.processEvents()
        window.show_page(1)
        window.quiz.start_spec(window.quiz.setup.current().spec())
        if window.quiz.session is not None:
            window.quiz.reveal()
            window.quiz.rate(Rating.GOOD)
        app.processEvents()
        window.show_page(2)
        window.dashboard.refresh()
        app.processEvents()
        services.export.review_log_csv(out / "log.csv")
        services.export.progress_json(out / "progress.json")
        services.library.history(services.library.questions[0].id)
        # Last: the backup it starts runs the full check, which can find damage the open's
        # quick check does not; the window then says so (tested in the UI tests), and the
        # next start must offer the backups.
        services.rebuild_schedule()
    finally:
        from PySide6.QtCore import QCoreApplication, QEvent

        window.close()
        window.deleteLater()
        app.processEvents()
        # Deleted now, with its timers: a timer of this window must not fire in the next trial.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def trial(template: Path, content: Path, seed: int, work: Path) -> tuple[str, str]:
    """One trial in `work`; returns (outcome, detail)."""
    rng = random.Random(seed)
    data = work / f"trial-{seed}"
    shutil.copytree(template, data)
    what = overwrite(data / DATABASE_FILE, rng)
    clock = FixedClock(START + timedelta(days=400))
    with python_errors() as reported:
        try:
            outcome = _session(data, content, clock, work)
        except Exception:
            return TRACEBACK, f"{what}\n{traceback.format_exc()}"
    if reported:
        return TRACEBACK, f"{what}\n{reported[0]}"
    return outcome, what


def _session(data: Path, content: Path, clock: FixedClock, work: Path) -> str:
    from studyapp.storage.recovery import RecoveryChoice, offer_recovery, recover

    try:
        services = build_services(data, clock=clock, content_root=content)
    except CorruptDatabaseError as error:
        offer = offer_recovery(data / DATABASE_FILE, str(error))
        offer.message(clock.local_tz())
        if offer.backup is None:
            return RECOVERY + " (no backup)"
        recover(offer, RecoveryChoice.BACKUP, clock.now())
        services = build_services(data, clock=clock, content_root=content)
        try:
            work_through_every_screen(services, work)
        finally:
            services.close()
        return RECOVERY
    except StorageError:
        return REFUSED
    try:
        work_through_every_screen(services, work)
    except CorruptDatabaseError:
        services.close()
        try:
            build_services(data, clock=clock, content_root=content).close()
        except CorruptDatabaseError:
            return FOUND_BY_BACKUP
        raise
    finally:
        services.close()
    return OPENED


def campaign(trials: int, seed: int, content: Path) -> Counter[str]:
    from studyapp.ui.application import make_application

    make_application()
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        template = make_template(work / "template", content)
        for number in range(trials):
            outcome, detail = trial(template, content, seed * 1000 + number, work)
            outcomes[outcome.split(" (")[0]] += 1
            if outcome == TRACEBACK:
                print(f"trial {number}: {detail}", flush=True)
            shutil.rmtree(work / f"trial-{seed * 1000 + number}", ignore_errors=True)
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=77)
    parser.add_argument("--content", type=Path, default=None)
    args = parser.parse_args()
    from studyapp.paths import content_dir

    outcomes = campaign(args.trials, args.seed, args.content or content_dir())
    for outcome, count in sorted(outcomes.items()):
        print(f"{count:4d}  {outcome}")
    return 1 if outcomes[TRACEBACK] else 0


if __name__ == "__main__":
    raise SystemExit(main())
