"""The parsed-content cache: the same library as parsing, and any edit to the files is seen."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from dataclasses import MISSING, fields
from pathlib import Path

from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.content.library_cache import _read, _write, load_library_cached
from studyapp.content.loader import ContentProblem, Library, load_library
from studyapp.domain import FollowUp, Misconception, Question, Topic
from tests.conftest import FIXTURE_CONTENT

ROOT = Path(__file__).resolve().parents[2]


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def test_a_cached_library_equals_the_parsed_one(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "cache" / "content.json"
    first = load_library_cached(content, cache)
    assert cache.is_file()
    assert first == load_library(content)
    assert load_library_cached(content, cache) == first


def test_an_edit_of_the_same_size_is_seen_at_once(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "content.json"
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
    cache = tmp_path / "content.json"
    cache.write_bytes(b"not json")
    assert load_library_cached(content, cache) == load_library(content)
    assert load_library_cached(content, cache) == load_library(content)  # rewritten


def test_an_everyday_start_does_not_import_yaml(tmp_path: Path) -> None:
    content = _content(tmp_path)
    cache = tmp_path / "content.json"
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


def _every_field_set() -> Library:
    """A library whose every field, down to each Question's, holds a value other than its
    default, with the awkward characters a file format can lose."""
    odd = 'quote " back\\slash \u2028 nul\0 ünï 🎓'
    question = Question(
        id=7,
        title=f"Title {odd}",
        topic="basics",
        difficulty=3,
        tags=("a", odd),
        related=(1, 2),
        key_points=("first", odd),
        follow_ups=(FollowUp("why?", odd),),
        short_answer="short",
        detailed_answer=odd * 3,
        common_mistakes="mistakes",
        source_path="/somewhere/07.md",
        figures=("figures/a.svg",),
        key_point_rules=(("rule one", "rule two"), ()),
        misconceptions=(Misconception("claim", "correction", ("match",)),),
        asked_as=("phrased another way", odd),
        needs_answer=True,
    )
    unset = [
        f.name
        for f in fields(Question)
        if f.default is not MISSING and getattr(question, f.name) == f.default
    ]
    assert not unset, f"give these fields a value in this test: {unset}"
    return Library(
        topics=(Topic("basics", "Basics", odd, 2),),
        questions=(question,),
        problems=(ContentProblem("/somewhere/x.md", 4, odd),),
    )


def test_the_cache_holds_every_field_exactly(tmp_path: Path) -> None:
    """U2: the JSON cache gives back the very library it was given, every Question field
    included (key_point_rules, misconceptions, asked_as...)."""
    library = _every_field_set()
    cache = tmp_path / "content.json"
    _write(cache, "key", "/somewhere", library)
    assert _read(cache, "key", Path("/somewhere")) == library
    moved = _read(cache, "key", Path("/elsewhere"))
    assert moved is not None and moved.questions[0].source_path == "/elsewhere/07.md"
    assert _read(cache, "another key", Path("/somewhere")) is None


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(_CANARY),))


_CANARY = Path("/nonexistent")


def test_a_planted_cache_file_runs_no_code(tmp_path: Path, clock: FixedClock) -> None:
    """U2: content.pickle was unpickled on every start, so a planted file ran code (the
    tester's __reduce__ created a file). The cache is JSON now; the old name is never read."""
    global _CANARY
    _CANARY = tmp_path / "RAN"
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    payload = pickle.dumps(_Planted())
    for name in ("content.pickle", "content.json"):
        (data / "cache" / name).write_bytes(payload)
    services = build_services(data, clock=clock, content_root=FIXTURE_CONTENT)
    services.close()
    assert not _CANARY.exists()
    assert len(services.library.questions) == 3
    assert not (data / "cache" / "content.pickle").exists()  # the old file is cleared away


def test_a_cache_that_does_not_match_the_code_is_refused(tmp_path: Path) -> None:
    """A value of the wrong type, a missing or an extra field: parsed again, never trusted."""
    content = _content(tmp_path)
    cache = tmp_path / "content.json"
    load_library_cached(content, cache)
    stored = json.loads(cache.read_bytes())
    for change in (
        lambda q: q.update(id="7"),
        lambda q: q.pop("asked_as"),
        lambda q: q.update(extra=1),
        lambda q: q.update(tags=[1]),
        lambda q: q.update(difficulty=True),
    ):
        doctored = json.loads(json.dumps(stored))
        change(doctored["library"]["questions"][0])
        cache.write_text(json.dumps(doctored), encoding="utf-8")
        assert _read(cache, stored["key"], content) is None
