"""A disk cache for rendered answers and typeset formulas.

Typesetting LaTeX and highlighting code cost tens of milliseconds per answer, and the libraries
that do it cost a quarter of a second to import. Answers change only when the content does, so
the results are kept on disk, keyed by a digest of everything that shaped them; a warm start
then reads files instead of loading ziamath, Pygments and Markdown. The cache is only ever an
optimisation: any error reading or writing it is ignored, and deleting it is always safe.

Besides the user's own folder it reads a seed: the same files for every answer in both
themes at the default text size, made at build time (`studyapp.content.prerender`) and
shipped with the app, so the first start after installing reads files too. The seed is
read-only (an installed copy may be); everything rendered at run time goes to the user's
folder.
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

from studyapp.content.cache_files import code_fingerprint, write_cache_file

_HERE = Path(__file__).parent
_FINGERPRINT = code_fingerprint(*(_HERE / name for name in ("render.py", "math.py", "theme.py")))


def digest(*parts: object) -> str:
    text = "\x1f".join(repr(part) for part in (_FINGERPRINT, *parts))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class RenderCache:
    def __init__(self, root: Path, seed: Path | None = None) -> None:
        self.root = root
        self.seed = seed

    def get(self, kind: str, key: str) -> str | None:
        """The user's own copy first, so what this install rendered itself wins."""
        for folder in (self.root, self.seed):
            if folder is None:
                continue
            try:
                return decode_entry(_path(folder, kind, key).read_bytes())
            except (OSError, UnicodeDecodeError, zlib.error):
                continue
        return None

    def seeded(self, kind: str, key: str) -> bool:
        """Whether the shipped seed holds this entry (and with it, the look it belongs to)."""
        return self.seed is not None and _path(self.seed, kind, key).is_file()

    def put(self, kind: str, key: str, text: str) -> None:
        write_cache_file(_path(self.root, kind, key), encode_entry(text))


# Entries are stored deflated: typeset formulas are SVG text that shrinks about five times,
# which keeps the shipped seed (over a thousand formulas in two looks) from pushing the bundle
# past its size target. Files written before, plain UTF-8, are still read.
_DEFLATED = b"\x00z"


def encode_entry(text: str) -> bytes:
    return _DEFLATED + zlib.compress(text.encode("utf-8"), 6)


def decode_entry(data: bytes) -> str:
    if data.startswith(_DEFLATED):
        data = zlib.decompress(data[len(_DEFLATED) :])
    return data.decode("utf-8")


def _path(folder: Path, kind: str, key: str) -> Path:
    return folder / kind / key[:2] / f"{key[2:]}.txt"
