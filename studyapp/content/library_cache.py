"""The parsed content, kept between runs, so an everyday start does not parse YAML again.

Parsing fifty front matters (and importing PyYAML to do it) costs ~30 ms of every start, for a
result that changes only when the content files or the parsing code do. The cache is keyed by
a digest of every content file's bytes and of that code, so any edit is seen at once; it is only
ever an optimisation: a missing, stale or unreadable cache means the files are parsed as
before, and deleting it is always safe. It lives in the user's own data folder, next to the
render cache, as JSON read back through the dataclasses' type hints (content.plain_data): the
data folder is user data, copied and restored from elsewhere, and it once held a pickle, which
ran whatever code a planted file carried on every start.

An installed copy also ships a read-only seed of this cache (`prerendered/`, made by
`studyapp.content.prerender`), so even the very first start skips parsing. The seed was
made in another folder than the one the app runs from, so the file paths stored in it are
moved onto the content folder actually read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from studyapp.content.cache_files import code_fingerprint, write_cache_file
from studyapp.content.loader import Library, load_library
from studyapp.content.plain_data import PlainDataError, from_plain, to_plain

_HERE = Path(__file__).parent
_CODE = (
    _HERE / "loader.py",
    _HERE / "library_cache.py",
    _HERE / "plain_data.py",
    _HERE.parent / "domain.py",
)
# What earlier versions kept in the same folder: never read again, removed on the next write.
_FORMER_CACHE = "content.pickle"


def content_digest(root: Path) -> str:
    """Changes whenever a file under `root` or the code that parses them does."""
    sha = hashlib.sha1(code_fingerprint(*_CODE).encode())
    for path in sorted(root.rglob("*")):
        if path.is_file():
            sha.update(str(path.relative_to(root)).encode() + b"\0")
            sha.update(path.read_bytes() if path.suffix in (".md", ".yaml") else b"")
            sha.update(b"\0")
    return sha.hexdigest()


def load_library_cached(
    root: Path, cache_file: Path, save: bool = True, seed: Path | None = None
) -> Library:
    """The library in `root`, from `cache_file` when it was saved for exactly these files,
    else from the read-only `seed` under the same rule; otherwise parsed, and saved to
    `cache_file` unless `save` is False. The seed is never written."""
    try:
        key = content_digest(root)
    except OSError:
        return load_library(root)  # the loader reports what cannot be read, file by file
    for stored in (cache_file, seed):
        cached = _read(stored, key, root) if stored is not None else None
        if cached is not None:
            return cached
    library = load_library(root)
    if save:
        _write(cache_file, key, root, library)
    return library


def _write(cache_file: Path, key: str, root: Path, library: Library) -> None:
    try:
        plain = {"key": key, "root": str(root), "library": to_plain(library)}
        data = json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (PlainDataError, ValueError):
        return
    write_cache_file(cache_file, data)
    (cache_file.parent / _FORMER_CACHE).unlink(missing_ok=True)


def _read(cache_file: Path, key: str, root: Path) -> Library | None:
    try:
        stored = json.loads(cache_file.read_bytes())
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        stored_root = stored["root"]
        library = from_plain(Library, stored["library"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None  # missing, truncated, altered or from another version: parse instead
    if not isinstance(stored_root, str):
        return None
    return _moved(library, stored_root, str(root))


def _moved(library: Library, old: str, new: str) -> Library:
    """`library` as if parsed from `new`: the paths in questions and problems say where the
    files are now (a seed made at build time, a data folder whose app was moved)."""
    if old == new:
        return library

    def move(path: str) -> str:
        return new + path[len(old) :] if path.startswith(old) else path

    return replace(
        library,
        questions=tuple(replace(q, source_path=move(q.source_path)) for q in library.questions),
        problems=tuple(replace(p, path=move(p.path)) for p in library.problems),
    )
