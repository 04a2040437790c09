"""The learner's own questions and pictures in every backup, and back in place on a restore.

The progress database alone would bring back reviews of own questions whose files are gone.
So each backup `deepstudy-<time>.sqlite3` gets a companion `deepstudy-<time>.sqlite3.files.zip`
holding `questions/` (question files, own topics, the id counter) and `media/` as they were.
It is written completely (as a `.partial-files.zip`) before the database copy gets its final
name, so a backup that is listed always has its files; pruning deletes both together.

Restoring a backup that has the archive puts its folders in place the way the database is:
unpacked and complete beside them first, the current folders kept under another name
(`questions.before-restore-<time>`, never deleted), then one rename each. A backup made
before own questions existed has no archive, and the folders are left as they are.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from studyapp.content.local_images import MEDIA_FOLDER
from studyapp.content.own_source import QUESTIONS_FOLDER

ARCHIVE_SUFFIX = ".files.zip"
PARTIAL_SUFFIX = "-files.zip"
FOLDERS = (QUESTIONS_FOLDER, MEDIA_FOLDER)
_STAMP = "%Y%m%d-%H%M%S"


def archive_of(backup: Path) -> Path:
    """Where the own files of `backup` are kept."""
    return backup.with_name(backup.name + ARCHIVE_SUFFIX)


def write_archive(data_dir: Path, partial_backup: Path) -> Path:
    """Zip the own folders as they are now beside the unfinished backup copy; returns the
    partial archive, to be renamed by `finish_archive` with the copy. Only regular files
    inside the folders are taken (no links out of them)."""
    partial = partial_backup.with_name(partial_backup.name + PARTIAL_SUFFIX)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for folder in FOLDERS:
                root = data_dir / folder
                if not root.is_dir() or root.is_symlink():
                    continue
                for path in sorted(root.rglob("*")):
                    if path.is_symlink() or not path.is_file():
                        continue
                    name = f"{folder}/{path.relative_to(root).as_posix()}"
                    method = (
                        zipfile.ZIP_DEFLATED
                        if path.suffix in (".md", ".yaml", ".svg")
                        else zipfile.ZIP_STORED
                    )
                    archive.write(path, name, compress_type=method)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def finish_archive(partial: Path, backup: Path) -> None:
    os.replace(partial, archive_of(backup))


def restore_archive(backup: Path, data_dir: Path, now: datetime, label: str) -> list[Path]:
    """Put the own folders of `backup` in place (when it has an archive); the current ones
    are kept as `<folder>.<label>-<time>`. Returns the folders set aside."""
    archive_path = archive_of(backup)
    if not archive_path.is_file():
        return []
    stage = Path(tempfile.mkdtemp(prefix=".restore-files-", dir=data_dir))
    try:
        with zipfile.ZipFile(archive_path) as archive:
            for info in archive.infolist():
                parts = PurePosixPath(info.filename).parts
                if info.is_dir() or len(parts) < 2 or parts[0] not in FOLDERS or ".." in parts:
                    continue  # only what write_archive puts there
                target = stage.joinpath(*parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
        aside: list[Path] = []
        stamp = now.astimezone(UTC).strftime(_STAMP)
        for folder in FOLDERS:
            current = data_dir / folder
            if current.exists():
                kept = _free(data_dir / f"{folder}.{label}-{stamp}")
                os.replace(current, kept)
                aside.append(kept)
            restored = stage / folder
            if restored.is_dir():
                os.replace(restored, current)
        return aside
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _free(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate, number = path.with_name(f"{path.name}-{number}"), number + 1
    return candidate
