"""A disk cache for rendered answers and typeset formulas.

Typesetting LaTeX and highlighting code cost tens of milliseconds per answer, and the libraries
that do it cost a quarter of a second to import. Answers change only when the content does, so
the results are kept on disk, keyed by a digest of everything that shaped them; a warm start
then reads files instead of loading ziamath, Pygments and Markdown. The cache is only ever an
optimisation: any error reading or writing it is ignored, and deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from studyapp import __version__


def _code_fingerprint() -> str:
    """Changes whenever the rendering code does, so a cache never outlives the code that
    filled it (a frozen bundle has no sources; its version number stands in for them)."""
    sha = hashlib.sha1(__version__.encode())
    for name in ("render.py", "math.py", "theme.py"):
        with contextlib.suppress(OSError):
            sha.update(Path(__file__).with_name(name).read_bytes())
    return sha.hexdigest()


_FINGERPRINT = _code_fingerprint()


def digest(*parts: object) -> str:
    text = "\x1f".join(repr(part) for part in (_FINGERPRINT, *parts))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class RenderCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key[2:]}.txt"

    def get(self, kind: str, key: str) -> str | None:
        try:
            return self._path(kind, key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, kind: str, key: str, text: str) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)  # readers never see half a file
        except OSError:
            pass
