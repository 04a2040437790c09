"""Which local image files the app may read: only pictures under the data folder's media/.

Everything shown (answers, notes, titles, key points, topics) can name an image. Qt would
otherwise open any path or `file:` URL itself, resolving relative names against whatever the
current folder is, and a note pointing at a FIFO hung the window for good, `/dev/zero` ran it
out of memory (review U1, H1). DeepStudy's own formulas and figures come by their own URL
schemes; the only local files allowed are images the person keeps in `<data folder>/media/`
(where their own questions will store theirs), and only regular files of a bounded size,
opened without blocking.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

MEDIA_FOLDER = "media"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg")


def media_dir(data_dir: Path) -> Path:
    return data_dir / MEDIA_FOLDER


def media_file(url: str, media: Path | None) -> Path | None:
    """The file inside `media` that an image reference names (a path relative to the data
    folder such as `media/x.png`, an absolute path, or a `file:` URL), or None when it
    names anything else: a path outside it (after resolving `..` and links), a web address,
    another scheme, a file that is not an image."""
    if media is None or not url:
        return None
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost"):
            return None
        candidate = Path(unquote(parts.path))
    elif parts.scheme or parts.netloc or parts.query:
        return None
    else:
        candidate = Path(unquote(url))
        if not candidate.is_absolute():
            candidate = media.parent / candidate
    try:
        resolved = candidate.resolve()
        inside = resolved.is_relative_to(media.resolve())
    except (OSError, RuntimeError, ValueError):
        return None
    if not inside or resolved.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    return resolved


def read_media(path: Path, limit: int = MAX_IMAGE_BYTES) -> bytes | None:
    """The bytes of `path` if it is a regular file of at most `limit` bytes, else None.
    Opened with O_NONBLOCK, so a FIFO given this name cannot stop the caller."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


class MediaError(ValueError):
    """A picture that cannot be kept, with the reason in words."""


def check_picture(name: str, size: int) -> None:
    """Raise MediaError unless a file called `name` of `size` bytes is a picture the
    answers may show: one of IMAGE_SUFFIXES, not empty, at most MAX_IMAGE_BYTES (what
    `read_media` would refuse to show is refused when it is added, not later)."""
    if not name.lower().endswith(IMAGE_SUFFIXES):
        raise MediaError(f"only pictures can be added ({', '.join(IMAGE_SUFFIXES)})")
    if size == 0:
        raise MediaError("the picture is empty")
    if size > MAX_IMAGE_BYTES:
        raise MediaError(
            f"the picture is {size / 2**20:.1f} MB; pictures up to "
            f"{MAX_IMAGE_BYTES // 2**20} MB can be added"
        )
