"""Writing the learner's own questions into the data folder, so that no failure leaves half
of a change behind.

One question is written to a temporary file beside its final name and renamed over it
(`atomic_file`). An import of many is staged whole in a hidden folder inside the data folder
(same file system), then its questions move in with ONE rename, as a folder of their own
(`questions/import-<first id>/`): the folder holds all of the import or none of it, and
5,000 questions cost one rename, not 5,000. Its pictures follow into media/ one by one; if
any move fails, every one already moved is taken back out.

Ids are drawn at random from the own range (OWN_ID_START..OWN_ID_MAX), never one on disk or
given by the caller (every id in the review log, cards, stars and notes, and those the sync
folder brought). A counter "above the highest" gave two computers the same first id
(100000 each), and a synced question then overwrote the other's; drawn from 900 million,
two computers' ids meet only by chance (for questions made apart before either syncs:
about 1 in a million for 30 on each, 1 in 900 for 1,000 on each), and an id once given never
changes. `questions/.used-ids` keeps every id handed out here or met from another computer,
so a deleted question without history never lends its id either.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from studyapp.content.local_images import media_dir
from studyapp.content.own_source import questions_dir, topics_file, topics_yaml
from studyapp.domain import OWN_ID_MAX, OWN_ID_START, Question, Topic
from studyapp.interchange.question_file import question_file_name, question_markdown
from studyapp.storage.atomic_file import replaced_on_success

USED_FILE = ".used-ids"
STAGING_PREFIX = ".import-"


class OwnFilesError(OSError):
    """The data folder could not take the change; nothing of it was kept."""


@dataclass(frozen=True)
class StagedQuestion:
    question: Question  # with its final id; source_path is set once it is in place
    media: dict[str, bytes]  # file name in media/ -> bytes


class OwnFiles:
    """The own questions' files in one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.folder = questions_dir(data_dir)
        self.media = media_dir(data_dir)

    # --- ids ------------------------------------------------------------------------------
    def allocate_ids(self, count: int, in_use: Iterable[int] = ()) -> list[int]:
        """`count` fresh ids in a run from a random start (an import keeps its order),
        recorded as used before they are returned: the used-ids file is written first, so a
        crash after it wastes ids but never hands one out twice."""
        taken = set(in_use) | set(self._ids_on_disk()) | self._used()
        draw = random.SystemRandom()
        while True:
            start = draw.randint(OWN_ID_START, OWN_ID_MAX - count + 1)
            made = list(range(start, start + count))
            if taken.isdisjoint(made):
                break
        self.remember_ids(made)
        return made

    def remember_ids(self, ids: Iterable[int]) -> None:
        """Ids another computer gave (a synced question): never drawn here, even once the
        question is deleted again."""
        used = self._used()
        fresh = set(ids) - used
        if fresh:
            self._ensure_folder(self.folder)
            with replaced_on_success(self.folder / USED_FILE) as out:
                out.write("".join(f"{i}\n" for i in sorted(used | fresh)))

    def _used(self) -> set[int]:
        try:
            text = (self.folder / USED_FILE).read_text(encoding="utf-8")
        except OSError:
            return set()
        return {int(line) for line in text.split() if line.isdigit()}

    def _ids_on_disk(self) -> list[int]:
        found = []
        # Questions set aside by a restore count too: they may be put back by hand.
        homes = [self.folder, *self.data_dir.glob(f"{self.folder.name}.before-restore-*")]
        paths = [path for home in homes if home.is_dir() for path in home.rglob("*.md")]
        for path in paths:
            head = path.name.split("-", 1)[0]
            if head.isdigit():
                found.append(int(head))
        return found

    # --- one question ---------------------------------------------------------------------
    def write(self, question: Question, media: dict[str, bytes] | None = None) -> Path:
        """Write (or rewrite) one question; an earlier file of the same id is replaced, and
        removed if the title changed its name. Returns the file's path."""
        self._ensure_folder(self.folder)
        for name, data in (media or {}).items():
            self.save_media(name, data)
        earlier = self.files_of(question.id)
        home = earlier[0].parent if earlier else self.folder  # an imported one stays put
        target = home / question_file_name(question)
        with replaced_on_success(target) as out:
            out.write(question_markdown(question))
        for old in self.files_of(question.id):
            if old != target:
                old.unlink(missing_ok=True)
        return target

    def delete(self, question_id: int) -> bool:
        """Remove the question's file; its pictures stay (another question may show them)."""
        removed = False
        for path in self.files_of(question_id):
            path.unlink()
            removed = True
        return removed

    def files_of(self, question_id: int) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.rglob(f"{question_id}-*.md"))

    def save_media(self, name: str, data: bytes) -> str:
        """Store a picture under media/ and return the name it got: `name` itself, or, when
        another picture already has that name, the name with a digest of the bytes added."""
        chosen = self.media_name(name, data)
        path = self.media / chosen
        if not path.exists():
            self._ensure_folder(self.media)
            _write_bytes(path, data)
        return chosen

    def media_name(self, name: str, data: bytes) -> str:
        """The name `data` is (or would be) kept under in media/, without writing it."""
        base = PurePosixPath(name).name
        path = self.media / base
        if not path.exists() or _same_bytes(path, data):
            return base
        stem, suffix = os.path.splitext(base)
        return f"{stem}-{hashlib.sha1(data).hexdigest()[:10]}{suffix}"

    def save_topics(self, topics: list[Topic]) -> None:
        self._ensure_folder(self.folder)
        with replaced_on_success(topics_file(self.data_dir)) as out:
            out.write(topics_yaml(topics))

    # --- many at once ---------------------------------------------------------------------
    def write_all(
        self,
        staged: list[StagedQuestion],
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Path]:
        """Write every question and picture, or none: staged in a hidden folder, then moved
        in (and flushed to disk soon after, off this thread). `cancelled()` is asked while
        staging; True leaves nothing behind. Raises OwnFilesError (nothing kept) or
        InterruptedError (cancelled)."""
        self._ensure_folder(self.folder)
        self._ensure_folder(self.media)
        stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.data_dir))
        moved: list[Path] = []
        first = min((item.question.id for item in staged), default=0)
        home = self.folder / f"import-{first}"
        try:
            (stage / "questions").mkdir()
            (stage / "media").mkdir()
            pictures: dict[str, bytes] = {}
            for item in staged:
                pictures.update(item.media)
            for name, data in pictures.items():
                if not (self.media / name).exists():
                    (stage / "media" / name).write_bytes(data)
            # Creating a file is mostly waiting on the file system: a few threads write
            # while this one formats the next (about 40 % faster at 5,000 on two cores).
            step = max(1, len(staged) // 100)
            with ThreadPoolExecutor(max_workers=4, thread_name_prefix="own-files") as pool:
                pending = []
                for done, item in enumerate(staged, start=1):
                    if cancelled is not None and cancelled():
                        raise InterruptedError("import cancelled")
                    target = stage / "questions" / question_file_name(item.question)
                    pending.append(
                        pool.submit(_write_text, target, question_markdown(item.question))
                    )
                    if progress is not None and (done % step == 0 or done == len(staged)):
                        progress(done, len(staged))
                for future in pending:
                    future.result()  # the first failure, if any, raised here
            for path in sorted((stage / "media").iterdir()):
                target = self.media / path.name
                if target.exists():  # never overwrite a picture already there
                    raise OwnFilesError(f"{target} already exists")
                os.replace(path, target)
                moved.append(target)
            if home.exists():
                raise OwnFilesError(f"{home} already exists")
            os.replace(stage / "questions", home)  # every question at once
            moved.append(home)
            _flush_soon()
        except OSError as error:
            _take_back(moved)
            if isinstance(error, OwnFilesError | InterruptedError):
                raise
            raise OwnFilesError(f"could not write to {self.data_dir}: {error}") from error
        except BaseException:
            _take_back(moved)
            raise
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return [home / question_file_name(item.question) for item in staged]

    def remove_import(self, paths: list[Path]) -> None:
        """Take back an import `write_all` just made (what it returned)."""
        folders = {path.parent for path in paths if path.parent != self.folder}
        _take_back([*paths, *folders])

    def remove_leftover_stages(self) -> None:
        """Stages of an import killed half-way (nothing of them was moved in yet)."""
        try:
            leftovers = [p for p in self.data_dir.glob(f"{STAGING_PREFIX}*") if p.is_dir()]
        except OSError:
            return
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)

    @staticmethod
    def _ensure_folder(path: Path) -> None:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OwnFilesError(f"cannot create {path}: {error.strerror}") from error


def _flush_soon() -> None:
    """Ask the system to write the new files to disk now, on a thread of its own: waiting
    for it took 5-10 s after 5,000 files on a busy disk, for files the system writes within
    half a minute anyway and that a crash in between costs only a repeat of the import (the
    file imported from is still there; nothing of the progress depends on them)."""
    threading.Thread(target=os.sync, name="own-files-flush", daemon=True).start()


def _take_back(moved: list[Path]) -> None:
    for path in moved:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _write_bytes(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
