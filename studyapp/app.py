"""Composition root and command line: settings -> engine -> services -> window.

Nothing here is global: every object is built once and passed down, so tests can build the
same graph with a temporary folder and a fixed clock.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from studyapp import APP_NAME, __version__
from studyapp.clock import Clock, SystemClock
from studyapp.content.library_cache import load_library_cached
from studyapp.content.loader import ContentProblem, Library
from studyapp.content.own_source import load_own_library, merge_libraries
from studyapp.display import missing_display
from studyapp.paths import (
    DATA_DIR_ENV,
    DATABASE_FILE,
    LIBRARY_CACHE_FILE,
    NoDataFolderError,
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
from studyapp.storage.instance_lock import InstanceLock

if TYPE_CHECKING:
    from studyapp.grading.checker import Checker
    from studyapp.interchange.drafts import DraftSet
    from studyapp.services.export import ExportService
    from studyapp.services.own_questions import OwnQuestionService
    from studyapp.services.plan import PlanService
    from studyapp.services.progress import ProgressService
    from studyapp.services.question_export import QuestionExportService
    from studyapp.services.recordings import Recordings
    from studyapp.services.sync import SyncService


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
    # The built-in questions alone (content/); `library` holds them merged with the own ones.
    builtin_library: Library | None = None
    own_library: Library | None = None
    _own: OwnQuestionService | None = field(default=None, init=False, repr=False)
    _progress: ProgressService | None = field(default=None, init=False, repr=False)
    _export: ExportService | None = field(default=None, init=False, repr=False)
    _question_export: QuestionExportService | None = field(default=None, init=False, repr=False)
    _plan: PlanService | None = field(default=None, init=False, repr=False)
    _checker: Checker | None = field(default=None, init=False, repr=False)
    _recordings: Recordings | None = field(default=None, init=False, repr=False)
    _sync: SyncService | None = field(default=None, init=False, repr=False)
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
    def question_export(self) -> QuestionExportService:
        if self._question_export is None:
            from studyapp.services.question_export import QuestionExportService

            self._question_export = QuestionExportService(
                self.library, self.content_root, self.data_dir
            )
        return self._question_export

    @property
    def plan(self) -> PlanService:
        if self._plan is None:
            from studyapp.services.plan import PlanService

            self._plan = PlanService(
                self.library.library, self.store, self.study, self.settings, self.clock
            )
        return self._plan

    @property
    def sync(self) -> SyncService:
        """Sync through a shared folder and the progress file (built when first asked for)."""
        if self._sync is None:
            from studyapp.services.sync import SyncService

            self._sync = SyncService(
                self.store,
                self.settings,
                self.study,
                self.library,
                self.browse,
                self.clock,
                lambda: self.own_questions,
            )
        return self._sync

    @property
    def checker(self) -> Checker:
        """The answer checker for this library, built at the first graded answer (it reads
        the lexicon and the words the questions use, about 0.1 s)."""
        if self._checker is None:
            from studyapp.grading.checker import Checker

            self._checker = Checker.for_questions(self.library.library.questions, self.content_root)
        return self._checker

    @property
    def own_questions(self) -> OwnQuestionService:
        """Add, edit, delete and import the learner's own questions (services.own_questions);
        each write hands the merged library to `use_library`."""
        if self._own is None:
            from studyapp.services.own_questions import OwnQuestionService

            builtin = self.builtin_library or self.library.library
            self._own = OwnQuestionService(
                self.data_dir,
                builtin,
                self.store,
                self.study.scheduler,
                self.clock,
                publish=self.use_library,
                own=self.own_library,
            )
        return self._own

    def use_library(self, library: Library) -> None:
        """Serve `library` (after own questions changed) from every service: the ones that
        hold it are pointed at it, the ones built from it are rebuilt when next asked for."""
        self.library.use_library(library)
        self.study.library = library
        self._progress = self._export = self._plan = None
        self._checker = None
        self.browse.invalidate()
        if self._own is not None:
            self.own_library = self._own.own

    @property
    def recordings(self) -> Recordings:
        """Spoken answers' recordings in the data folder (built at first use)."""
        if self._recordings is None:
            from studyapp.services.recordings import Recordings

            self._recordings = Recordings(self.data_dir)
        return self._recordings

    def prune_recordings(self) -> int:
        """Start-up's clean-up: recordings older than the setting allows are deleted."""
        if self.read_only:
            return 0
        keep = self.settings.load().audio_keep_days
        return self.recordings.prune(keep, self.clock.now())

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
        fresh = build_services(
            self.data_dir, self.clock, self.content_root, self.builtin_library or None
        )
        for item in fields(self):
            if item.name != "_file_lock":  # held by the restore that asked for this
                setattr(self, item.name, getattr(fresh, item.name))

    def backup(self, cancel: threading.Event | None = None) -> Path:
        """A consistent copy of the database into backups/, then the rotation; what start-up,
        the 30-minute timer and every rebuild of the schedule run. `cancel` calls it off
        (storage.backups.BackupCancelled)."""
        from studyapp.storage.backups import backup_and_prune

        with self._file_lock:
            return backup_and_prune(
                self.engine, self.data_dir, self.clock.now(), self.clock.local_tz(), cancel
            )

    def rebuild_schedule(
        self, progress: Callable[[int, int], None] | None = None
    ) -> tuple[Path, int]:
        """Back up first (every card is rewritten), then replay the review log into the cards;
        returns the backup and how many questions were rebuilt."""
        made = self.backup()
        return made, self.study.rebuild_states(progress)

    def restore(self, backup: Path) -> Path | None:
        """Replace the database with `backup`; the current one is set aside (its new path is
        returned), never deleted. The services are rebuilt on the restored file."""
        from studyapp.storage.backups import check_restorable, restore_backup

        with self._file_lock:
            check_restorable(backup)  # a newer or damaged copy: refused, nothing closed
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
    # A file without write permission in WAL mode opens "for writing" (SQLite only finds
    # out at the first write): it is read-only all the same, and the window must say so
    # before a rating is lost, not after (review M4).
    read_only = read_only or not _writable(data_dir / DATABASE_FILE)
    # After the database: a folder that must stay untouched (a newer or damaged database)
    # raised above before anything, the content cache included, was written to it.
    cache = data_dir / "cache" / LIBRARY_CACHE_FILE
    seed = prerendered_dir() / LIBRARY_CACHE_FILE
    builtin = library or load_library_cached(root, cache, save=not read_only, seed=seed)
    # The learner's own questions (data folder) join the built-in ones in one library.
    own = load_own_library(data_dir, builtin.topics)
    library = merge_libraries(builtin, own) if own.questions or own.problems else builtin
    store = Store(engine)
    settings = SettingsService(store, clock)
    stored = settings.load()
    scheduler = SpacedScheduler(stored.desired_retention)
    study = StudyService(library, store, scheduler, clock)
    study.follow_settings(stored)
    library_service = LibraryService(library, store, clock)
    services = AppServices(
        data_dir=data_dir,
        content_root=root,
        clock=clock,
        library=library_service,
        study=study,
        settings=settings,
        browse=BrowseService(library_service, study),
        store=store,
        read_only=read_only,
        builtin_library=builtin,
        own_library=own,
    )
    # "Study now" follows the interview plan when a date is set (services/plan.py).
    study.plan_queue = lambda: services.plan.today_queue() if stored_plan(services) else None
    return services


def stored_plan(services: AppServices) -> bool:
    """Whether an interview date is set: checked before the planner is built or imported."""
    return bool(services.settings.load().interview_date)


def _writable(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return True  # created by the open: the folder is writable
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def _open_engine(path: Path, check: EarlyCheck | None = None) -> tuple[Engine, bool]:
    """Open for writing; if the folder cannot be written, fall back to reading only, so the
    person can still study while being told that nothing will be saved."""
    try:
        return open_database(path, check=check), False
    except DataFolderError:
        try:
            exists = path.is_file()
        except OSError:  # a name too long, a folder without permission: already said
            exists = False
        if not exists:
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
        "--smoke-test", action="store_true", help="exercise every screen offscreen and exit"
    )
    parser.add_argument(
        "--rebuild-state", action="store_true", help="recompute scheduling from the review log"
    )
    parser.add_argument(
        "--grade",
        nargs=2,
        metavar=("QUESTION_ID", "FILE"),
        help="check the answer in FILE ('-' reads standard input) against a question's key "
        "points and print JSON: covered points, rating, evidence, misconceptions",
    )
    parser.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        help="import the questions in FILE (a list, CSV, DeepStudy pack or Anki deck) as "
        "your own, with no window, and print JSON: added, skipped, questions",
    )
    parser.add_argument(
        "--with-history",
        action="store_true",
        help="with --import: also bring an Anki deck's review history into the schedule",
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
    if (
        args.check_content
        or args.smoke_test
        or args.rebuild_state
        or args.grade
        or args.import_file
    ):
        gc.enable()  # main.py paused the cycle collector for a window's start-up only
    root = Path(args.content_dir).resolve() if args.content_dir else content_dir()
    if args.check_content:
        return check_content(root)
    if args.grade:
        from studyapp.grading.command import grade_command

        return grade_command(root, *args.grade)
    if args.smoke_test and not (args.data_dir or os.environ.get(DATA_DIR_ENV)):
        # The smoke test writes a rating: without a folder of its own it would go into the
        # person's real history (review M9). A fresh temporary folder, removed afterwards.
        with tempfile.TemporaryDirectory(prefix="deepstudy-smoke-") as scratch:
            code = run([*(argv if argv is not None else sys.argv[1:]), "--data-dir", scratch])
        print("(a temporary data folder, now removed: your own progress was not touched)")
        return code
    if args.import_file:
        # The file is read and checked before the data folder is even opened: a bad file
        # leaves everything as it was, the folder and its database included.
        from studyapp.interchange.drafts import ImportFileError
        from studyapp.interchange.reader import read_import

        path = Path(args.import_file)
        try:
            args.import_drafts = read_import(path, args.with_history)
        except ImportFileError as error:
            return _report_fatal(f"cannot import {path.name}: {error}", gui=False)
    try:
        data_dir = resolve_data_dir(args.data_dir)
    except NoDataFolderError as error:
        return _report_fatal(str(error), gui=not _headless(args))
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    gui = not _headless(args)
    if gui and (no_display := missing_display(os.environ)):
        print(no_display, file=sys.stderr)  # no window can say it: Qt would abort instead
        return 2
    # The lock before anything opens the database: of two launches at the same moment,
    # exactly one becomes the writer (review D7); the other hands over to it.
    lock = InstanceLock(data_dir)
    if not lock.acquire():
        return _already_running(lock, gui)
    try:
        return _run_holding_the_lock(args, data_dir, root, gui)
    finally:
        lock.release()


def _run_holding_the_lock(args: argparse.Namespace, data_dir: Path, root: Path, gui: bool) -> int:
    check = None
    if gui:
        # The database's integrity check runs on a thread of its own while Qt loads.
        check = start_check(data_dir / DATABASE_FILE)
        from studyapp.ui.application import run_gui
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
    if args.import_file:
        return import_command(services, args.import_drafts, args.with_history)
    if args.smoke_test:
        from studyapp.ui.smoke import run_smoke_test

        return run_smoke_test(services)

    return run_gui(services, quit_after_paint=args.quit_after_paint, single_instance=True)


# How long a second launch keeps knocking: the running one may still be starting up (it
# listens once its window exists) or quitting (then this launch takes over).
HAND_OVER_SECONDS = 10.0


def _already_running(lock: InstanceLock, gui: bool) -> int:
    """Another DeepStudy holds the data folder: bring it to the front (a window launch) or
    refuse (a command that would write beside it)."""
    data_dir = lock.folder
    if not gui:
        return _report_fatal(
            f"{APP_NAME} is already running with {data_dir}; close it first.", gui=False
        )
    from studyapp.ui.application import hand_over_to_running_instance

    deadline = time.monotonic() + HAND_OVER_SECONDS
    while time.monotonic() < deadline:
        if hand_over_to_running_instance(data_dir):
            print(f"{APP_NAME} is already running with {data_dir}; brought it to the front.")
            return 0
        if lock.acquire():  # it quit meanwhile: this launch is the one now
            lock.release()
            break
        time.sleep(0.1)
    return _report_fatal(
        f"{APP_NAME} is already running with {data_dir}, but it did not answer. Close it, "
        "or end it from the system monitor, then start again.",
        gui=True,
    )


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


def _headless(args: argparse.Namespace) -> bool:
    """Commands that run and exit with no window."""
    return bool(args.smoke_test or args.rebuild_state or args.import_file)


def import_command(services: AppServices, drafts: DraftSet, with_history: bool) -> int:
    """`--import FILE`: the import the window runs, without it, of everything in the file
    that is not a duplicate; prints what was added as JSON."""
    import json

    from studyapp.services.own_questions import OwnQuestionError

    own = services.own_questions
    try:
        result = own.import_drafts(own.preview_import(drafts), with_history=with_history)
    except OwnQuestionError as error:
        return _report_fatal(str(error), gui=False)
    except StorageError as error:
        return _report_fatal(str(error), gui=False)
    finally:
        services.close()
    print(json.dumps(result.summary(), ensure_ascii=False))
    return 0


def _report_fatal(message: str, gui: bool) -> int:
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    if gui:
        from studyapp.ui.application import show_fatal_error

        show_fatal_error(message)
    return 2
