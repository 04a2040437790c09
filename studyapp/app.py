"""Composition root and command line: settings -> engine -> services -> window.

Nothing here is global: every object is built once and passed down, so tests can build the
same graph with a temporary folder and a fixed clock.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from studyapp import APP_NAME, __version__
from studyapp.clock import Clock, SystemClock
from studyapp.content.library_cache import load_library_cached
from studyapp.content.loader import ContentProblem, Library
from studyapp.paths import (
    DATABASE_FILE,
    LIBRARY_CACHE_FILE,
    content_dir,
    prerendered_dir,
    resolve_data_dir,
)
from studyapp.scheduling.fsrs_scheduler import SpacedScheduler
from studyapp.services.browse import BrowseService
from studyapp.services.library import LibraryService
from studyapp.services.settings import SettingsService
from studyapp.services.study import StudyService
from studyapp.storage.database import (
    CorruptDatabaseError,
    DataFolderError,
    EarlyCheck,
    StorageError,
    Store,
    open_database,
    start_check,
)

if TYPE_CHECKING:
    from studyapp.services.export import ExportService
    from studyapp.services.progress import ProgressService


@dataclass
class AppServices:
    data_dir: Path
    content_root: Path
    clock: Clock
    library: LibraryService
    study: StudyService
    settings: SettingsService
    browse: BrowseService
    store: Store
    # True when the data folder cannot be written: content shows, nothing can be saved.
    read_only: bool = False
    _progress: ProgressService | None = field(default=None, init=False, repr=False)
    _export: ExportService | None = field(default=None, init=False, repr=False)
    # A backup may run on a thread of its own (ui/data_safety.BackupScheduler); a restore
    # waits for it, so the file is never replaced while it is being copied.
    _file_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # The dashboard's and the exports' services are built when first asked for: their
    # statistics modules are not needed on the way to the first paint (about 6 ms).
    @property
    def progress(self) -> ProgressService:
        if self._progress is None:
            from studyapp.services.progress import ProgressService

            self._progress = ProgressService(
                self.library.library, self.store, self.study.scheduler, self.clock
            )
        return self._progress

    @property
    def export(self) -> ExportService:
        if self._export is None:
            from studyapp.services.export import ExportService

            self._export = ExportService(self.library.library, self.store, self.clock)
        return self._export

    @property
    def content_problems(self) -> tuple[ContentProblem, ...]:
        return self.library.library.problems

    @property
    def engine(self) -> Engine:
        return self.store.engine

    @property
    def database_path(self) -> Path:
        return self.data_dir / DATABASE_FILE

    def close(self) -> None:
        self.engine.dispose()

    def reopen(self) -> None:
        """Rebuild every service on the database file now in place (after a restore), so
        callers holding this object see the restored progress and no stale cache."""
        self.close()
        fresh = build_services(self.data_dir, self.clock, self.content_root, self.library.library)
        for item in fields(self):
            if item.name != "_file_lock":  # held by the restore that asked for this
                setattr(self, item.name, getattr(fresh, item.name))

    def backup(self) -> Path:
        """A consistent copy of the database into backups/, then the rotation; what start-up,
        the 30-minute timer and every rebuild of the schedule run."""
        from studyapp.storage.backups import backup_and_prune

        with self._file_lock:
            return backup_and_prune(
                self.engine, self.data_dir, self.clock.now(), self.clock.local_tz()
            )

    def rebuild_schedule(self) -> tuple[Path, int]:
        """Back up first (every card is rewritten), then replay the review log into the cards;
        returns the backup and how many questions were rebuilt."""
        made = self.backup()
        return made, self.study.rebuild_states()

    def restore(self, backup: Path) -> Path | None:
        """Replace the database with `backup`; the current one is set aside (its new path is
        returned), never deleted. The services are rebuilt on the restored file."""
        from studyapp.storage.backups import restore_backup

        with self._file_lock:
            self.close()
            try:
                return restore_backup(backup, self.database_path, self.clock.now())
            finally:
                self.reopen()


def build_services(
    data_dir: Path,
    clock: Clock | None = None,
    content_root: Path | None = None,
    library: Library | None = None,
    check: EarlyCheck | None = None,
) -> AppServices:
    """Open (or create) the database in `data_dir` and wire every service to it; `check` is
    the database's integrity check if run() started it early (storage.database.EarlyCheck)."""
    clock = clock or SystemClock()
    root = content_root or content_dir()
    engine, read_only = _open_engine(data_dir / DATABASE_FILE, check)
    # After the database: a folder that must stay untouched (a newer or damaged database)
    # raised above before anything, the content cache included, was written to it.
    cache = data_dir / "cache" / LIBRARY_CACHE_FILE
    seed = prerendered_dir() / LIBRARY_CACHE_FILE
    library = library or load_library_cached(root, cache, save=not read_only, seed=seed)
    store = Store(engine)
    settings = SettingsService(store)
    stored = settings.load()
    scheduler = SpacedScheduler(stored.desired_retention)
    study = StudyService(library, store, scheduler, clock)
    study.follow_settings(stored)
    library_service = LibraryService(library, store, clock)
    return AppServices(
        data_dir=data_dir,
        content_root=root,
        clock=clock,
        library=library_service,
        study=study,
        settings=settings,
        browse=BrowseService(library_service, study),
        store=store,
        read_only=read_only,
    )


def _open_engine(path: Path, check: EarlyCheck | None = None) -> tuple[Engine, bool]:
    """Open for writing; if the folder cannot be written, fall back to reading only, so the
    person can still study while being told that nothing will be saved."""
    try:
        return open_database(path, check=check), False
    except DataFolderError:
        if not path.is_file():
            raise
        try:
            return open_database(path, read_only=True), True
        except StorageError:
            pass
        raise


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=APP_NAME.lower(), description=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", help="folder for progress data (default: per-user folder)")
    parser.add_argument("--check-content", action="store_true", help="validate content and exit")
    parser.add_argument("--content-dir", help=argparse.SUPPRESS)
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="exercise every screen offscreen and exit (in a temporary data folder unless "
        "--data-dir is given)",
    )
    parser.add_argument(
        "--rebuild-state", action="store_true", help="recompute scheduling from the review log"
    )
    # For the start-up benchmark: exit as soon as the main window has painted once.
    parser.add_argument("--quit-after-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser.parse_args(argv)


def check_content(root: Path) -> int:
    """Print every content problem as `file:line: message`; non-zero exit if any."""
    from studyapp.content.validate import validate_content

    problems = validate_content(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found in {root}", file=sys.stderr)
        return 1
    print(f"content OK: {root}")
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.check_content or args.smoke_test or args.rebuild_state:
        gc.enable()  # main.py paused the cycle collector for a window's start-up only
    root = Path(args.content_dir).resolve() if args.content_dir else content_dir()
    if args.check_content:
        return check_content(root)
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if args.data_dir is None:
            return _smoke_test_in_scratch(root)
    data_dir = resolve_data_dir(args.data_dir)
    gui = not (args.smoke_test or args.rebuild_state)
    check = None
    if gui:
        # The database's integrity check runs on a thread of its own while Qt loads.
        check = start_check(data_dir / DATABASE_FILE)
        from studyapp.ui.application import hand_over_to_running_instance, run_gui

        if not args.quit_after_paint and hand_over_to_running_instance(data_dir):
            print(f"{APP_NAME} is already running with {data_dir}; brought it to the front.")
            return 0
    try:
        services = build_services(data_dir, content_root=root, check=check)
    except CorruptDatabaseError as error:
        if not gui:
            return _report_fatal(f"{error} Start DeepStudy normally to recover.", gui=False)
        from studyapp.ui.recovery_dialog import recover_interactively

        if not recover_interactively(data_dir / DATABASE_FILE, str(error)):
            return 2  # the person chose to quit: nothing was changed
        try:
            services = build_services(data_dir, content_root=root)
        except StorageError as again:
            return _report_fatal(str(again), gui=gui)
    except StorageError as error:
        return _report_fatal(str(error), gui=gui)
    if args.rebuild_state:
        return rebuild_state(services)
    if args.smoke_test:
        from studyapp.ui.smoke import run_smoke_test

        return run_smoke_test(services)

    return run_gui(services, quit_after_paint=args.quit_after_paint, single_instance=True)


def _smoke_test_in_scratch(root: Path) -> int:
    """`--smoke-test` without `--data-dir` writes its review into a temporary folder that is
    removed afterwards: a check of the installation must never add to a person's progress."""
    import tempfile

    from studyapp.ui.smoke import run_smoke_test

    with tempfile.TemporaryDirectory(prefix="deepstudy-smoke-") as scratch:
        try:
            services = build_services(Path(scratch), content_root=root)
        except StorageError as error:
            return _report_fatal(str(error), gui=False)
        code = run_smoke_test(services)
    print("(a temporary data folder, now removed: your own progress was not touched)")
    return code


def rebuild_state(services: AppServices) -> int:
    """`--rebuild-state`: back up first (the command rewrites every card), then replay."""
    try:
        made, count = services.rebuild_schedule()
    except StorageError as error:
        return _report_fatal(str(error), gui=False)
    finally:
        services.close()
    print(f"backed up to {made}")
    print(f"rebuilt scheduling state of {count} question(s) from the review log")
    return 0


def _report_fatal(message: str, gui: bool) -> int:
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    if gui:
        from studyapp.ui.application import show_fatal_error

        show_fatal_error(message)
    return 2
