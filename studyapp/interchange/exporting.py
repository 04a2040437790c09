"""What every export shares: the pictures a question shows, where their bytes come from, the
result a person is told, and progress for a window that shows how far it is.

An answer names a picture as `figures/<name>` (the built-in SVG figures in `content/`) or as
`media/<name>` (the learner's own pictures in the data folder, see content.local_images).
Exports read them through one `ImageSource`, which only ever opens files in those two
folders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from studyapp.content.local_images import media_file, read_media
from studyapp.domain import Question

Progress = Callable[[int, int], None]
ImageSource = Callable[[str], bytes | None]

IMAGE_REF = re.compile(r"!\[[^\]]*\]\(((?:figures|media)/[^)\s]+)\)")
MAX_FIGURE_BYTES = 5 * 2**20


class ExportError(OSError):
    """An export that could not be written, with a message naming the file and the reason."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    questions: int
    images: int
    missing_images: tuple[str, ...] = ()  # pictures an answer names that could not be read


def image_refs(question: Question) -> list[str]:
    """Every picture the question's answer sections show, in order, each once."""
    text = "\n".join((question.short_answer, question.detailed_answer, question.common_mistakes))
    return list(dict.fromkeys(IMAGE_REF.findall(text)))


def image_name(ref: str) -> str:
    return PurePosixPath(ref).name


def folder_images(content_root: Path, data_dir: Path | None) -> ImageSource:
    """Pictures from `content_root/figures/` and `data_dir/media/` only: a reference that
    leaves either folder (`figures/../x`, a link out) reads nothing."""
    figures = (content_root / "figures").resolve()
    media = (data_dir / "media") if data_dir is not None else None

    def read(ref: str) -> bytes | None:
        if ref.startswith("figures/"):
            path = (content_root / ref).resolve()
            if path.parent != figures:
                return None
            return read_media(path, MAX_FIGURE_BYTES)
        found = media_file(ref, media)
        return read_media(found) if found is not None else None

    return read


def write_failure(path: Path, error: OSError) -> ExportError:
    """The message for a file that could not be written: which file, and why in words."""
    reason = error.strerror or str(error)
    if isinstance(error, PermissionError):
        reason = f"the folder {path.parent} cannot be written to (permission denied)"
    elif getattr(error, "errno", None) == 28:
        reason = "the disk is full"
    elif isinstance(error, FileNotFoundError):
        reason = f"the folder {path.parent} does not exist"
    return ExportError(f"Could not write {path.name}: {reason}.")
