"""What the on-disk caches of content share: a key that changes with the code that filled
them, and writes that never leave half a file behind."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

from studyapp import __version__

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# A frozen bundle carries bytecode, not the sources a fingerprint hashes: build.spec records
# each source's digest here (write_code_digests), so the bundle keys its caches exactly like
# the checkout it was built from, and a rebuilt bundle with other code never reuses old ones.
CODE_DIGESTS_FILE = "code-digests.json"


def code_fingerprint(*sources: Path, package: Path = PACKAGE_DIR) -> str:
    """Changes whenever one of `sources` (files inside `package`) does, so a cache never
    outlives the code that filled it. A source that is not on disk is looked up in the
    digests recorded at build time; one in neither contributes only the version number."""
    sha = hashlib.sha1(__version__.encode())
    recorded = _recorded_digests(package)
    for source in sources:
        try:
            sha.update(_file_digest(source).encode())
        except OSError:
            with contextlib.suppress(ValueError):
                sha.update(recorded.get(_relative_name(source, package), "").encode())
    return sha.hexdigest()


def write_code_digests(out: Path, package: Path = PACKAGE_DIR) -> int:
    """Record the digest of every Python source in `package`, for a bundle that has none;
    returns how many were recorded."""
    digests = {
        _relative_name(path, package): _file_digest(path) for path in sorted(package.rglob("*.py"))
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(digests, indent=0, sort_keys=True), encoding="utf-8")
    return len(digests)


def _file_digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def _relative_name(path: Path, package: Path) -> str:
    return path.resolve().relative_to(package.resolve()).as_posix()


@cache
def _recorded_digests(package: Path) -> dict[str, str]:
    try:
        loaded = json.loads((package / CODE_DIGESTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def write_cache_file(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step, so readers never see half a file. A cache is
    only an optimisation: a write that fails is dropped, never reported, and so is its
    temporary file (on a nearly full disk, those left behind ate the last free space)."""
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
