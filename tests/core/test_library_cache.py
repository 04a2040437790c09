"""The parsed-content cache: the same library as parsing, and any edit to the files is seen."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.content.library_cache import load_library_cached
from studyapp.content.loader import load_library
from tests.conftest import FIXTURE_CONTENT

ROOT = Path(__file__).resolve().parents[2]


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def test_a_cached_library_equals_the_parsed_one(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "cache" / "content.pickle"
    first = load_library_cached(content, cache)
    assert cache.is_file()
    assert first == load_library(content)
    assert load_library_cached(content, cache) == first


def test_an_edit_of_the_same_size_is_seen_at_once(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "content.pickle"
    before = load_library_cached(content, cache)
    path = content / "questions" / "02-momentum.md"
    text = path.read_text(encoding="utf-8")
    title = next(q.title for q in before.questions if q.id == 2)
    edited = title[:-1] + ("X" if title[-1] != "X" else "Y")  # same length, same second
    path.write_text(text.replace(title, edited), encoding="utf-8")
    after = load_library_cached(content, cache)
    assert next(q.title for q in after.questions if q.id == 2) == edited


def test_a_broken_file_is_reported_from_the_cache_too(tmp_path: Path, clock: FixedClock) -> None:
    content = _content(tmp_path)
    broken = content / "questions" / "02-momentum.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("topic: optim", "topic: [oops"))
    data = tmp_path / "data"
    for _ in range(2):  # parsed, then read back from the cache
        services = build_services(data, clock=clock, content_root=content)
        assert [q.id for q in services.library.questions] == [1, 3]
        assert len(services.content_problems) == 1
        services.close()


def test_a_damaged_cache_file_is_ignored(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "content.pickle"
    cache.write_bytes(b"not a pickle")
    assert load_library_cached(content, cache) == load_library(content)
    assert load_library_cached(content, cache) == load_library(content)  # rewritten


def test_an_everyday_start_does_not_import_yaml(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "content.pickle"
    load_library_cached(content, cache)
    code = (
        "import sys; from pathlib import Path; "
        "from studyapp.content.library_cache import load_library_cached; "
        f"library = load_library_cached(Path({str(content)!r}), Path({str(cache)!r})); "
        "print(len(library.questions), 'yaml' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["3", "False"]
