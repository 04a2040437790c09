"""The shipped seed of the content caches: a brand-new data folder gets every answer, formula
and the parsed library from it; the user's own cache wins over it; it is never written; a
stale one is ignored; the generator is atomic, repeatable and skips a current seed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.content.library_cache import load_library_cached
from studyapp.content.loader import load_library
from studyapp.content.prerender import STAMP_FILE, build_seed, main
from studyapp.content.render import library_renderer
from studyapp.content.render_cache import RenderCache, decode_entry
from studyapp.content.theme import DARK, LIGHT
from studyapp.services.settings import Settings
from tests.conftest import FIXTURE_CONTENT, REAL_CONTENT, ROOT


@pytest.fixture(scope="module")
def real_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed of the real content, made once (about five seconds)."""
    out = tmp_path_factory.mktemp("install") / "prerendered"
    report = build_seed(REAL_CONTENT, out)
    assert not report.skipped and report.answers == 4 * len(load_library(REAL_CONTENT).questions)
    return out


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    return content


def _snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_mode, path.stat().st_mtime_ns, b"")
        if path.is_dir()
        else (path.stat().st_mode, path.stat().st_mtime_ns, path.read_bytes())
        for path in folder.rglob("*")
    }


_FIRST_START = """
import sys
from pathlib import Path
from studyapp.content.library_cache import load_library_cached
from studyapp.content.render import library_renderer
from studyapp.content.render_cache import RenderCache, decode_entry
from studyapp.content.theme import THEMES
from studyapp.services.settings import Settings

content, seed, data = (Path(arg) for arg in sys.argv[1:4])
library = load_library_cached(
    content, data / "cache" / "content.json", seed=seed / "content.json"
)
cache = RenderCache(data / "cache" / "render", seed=seed / "render")
answers = formulas = 0
for theme in THEMES.values():
    renderer = library_renderer(content, library.questions, theme, Settings().answer_font_px, cache)
    for question in library.questions:
        for extras in (True, False):
            doc = renderer.render_question(question, extras)
            assert not doc.problems and question.title not in ("",), question.id
            answers += 1
            for url in doc.html.split('src="')[1:]:
                url = url.split('"')[0]
                if url.startswith("ds-math:"):
                    assert renderer.image(url) is not None, url
                    formulas += 1
loaded = [name for name in ("yaml", "markdown", "pygments", "ziamath") if name in sys.modules]
written = sorted(str(path) for path in data.rglob("*") if path.is_file())
print(answers, formulas, loaded, written)
"""


def test_a_fresh_data_folder_gets_every_answer_from_the_seed(
    real_seed: Path, tmp_path: Path
) -> None:
    data = tmp_path / "fresh data"
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_START, str(REAL_CONTENT), str(real_seed), str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    answers, formulas, rest = result.stdout.split(" ", 2)
    assert int(answers) == 4 * len(load_library(REAL_CONTENT).questions)
    assert int(formulas) > 500  # hundreds of formulas, every one served as SVG
    # Nothing parsed, rendered or typeset, so nothing written to the user's folder either.
    assert rest.strip() == "[] []"


def test_without_the_seed_the_same_start_parses_and_typesets(tmp_path: Path) -> None:
    """The other side of the test above: it can fail. No seed means the full cost."""
    empty = tmp_path / "no seed"
    data = tmp_path / "fresh data"
    code = _FIRST_START.replace("for theme in THEMES.values():", "for theme in [THEMES['light']]:")
    result = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURE_CONTENT), str(empty), str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "'ziamath'" in result.stdout and "'yaml'" in result.stdout
    assert (data / "cache" / "render" / "math").is_dir()
    assert not empty.exists()


def test_the_users_own_cache_wins_over_the_seed(tmp_path: Path) -> None:
    content = _content(tmp_path)
    seed = build_seed(content, tmp_path / "prerendered").out
    user = tmp_path / "data" / "cache"
    # The user's copy of the library, told apart by one title, under the same key.
    load_library_cached(content, user / "content.json")
    stored = json.loads((user / "content.json").read_bytes())
    stored["library"]["questions"][0]["title"] = "Mine"
    (user / "content.json").write_text(json.dumps(stored), encoding="utf-8")
    loaded = load_library_cached(content, user / "content.json", seed=seed / "content.json")
    assert loaded.questions[0].title == "Mine"
    # The same for a rendered answer.
    cache = RenderCache(user / "render", seed=seed / "render")
    questions = load_library(content).questions
    renderer = library_renderer(content, questions, LIGHT, Settings().answer_font_px, cache)
    from_seed = renderer.render_question(questions[0]).html
    answer_files = list((seed / "render" / "answer").rglob("*.txt"))
    (seeded,) = [path for path in answer_files if decode_entry(path.read_bytes()) == from_seed]
    (user / "render" / "answer" / seeded.parent.name).mkdir(parents=True)
    (user / "render" / "answer" / seeded.parent.name / seeded.name).write_text("<p>my copy</p>")
    fresh = library_renderer(content, questions, LIGHT, Settings().answer_font_px, cache)
    assert fresh.render_question(questions[0]).html == "<p>my copy</p>"


def test_the_seed_is_never_written_and_a_read_only_one_still_serves(tmp_path: Path) -> None:
    content = _content(tmp_path)
    seed = build_seed(content, tmp_path / "prerendered").out
    for path in [seed, *seed.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = _snapshot(seed)
    user = tmp_path / "data" / "cache"
    library = load_library_cached(content, user / "content.json", seed=seed / "content.json")
    cache = RenderCache(user / "render", seed=seed / "render")
    # The default look comes from the seed; a size the seed does not hold is rendered now,
    # its formulas scaled from the seed's (typeset once, at MATH_REFERENCE_PX).
    for font_px in (Settings().answer_font_px, 19):
        renderer = library_renderer(content, library.questions, DARK, font_px, cache)
        for question in library.questions:
            doc = renderer.render_question(question, extras=False)
            assert "Short answer" in doc.html and not doc.problems
    assert _snapshot(seed) == before
    written = {path.parent.parent.name for path in (user / "render").rglob("*.txt")}
    assert written == {"answer"}  # the size-19 answers, in the user's folder; no formula
    assert not (user / "content.json").exists()  # the seed's library was current


def test_a_stale_or_damaged_seed_is_ignored(tmp_path: Path) -> None:
    content = _content(tmp_path)
    seed = build_seed(content, tmp_path / "prerendered").out
    path = content / "questions" / "01-softmax.md"
    question = load_library(content).questions[0]
    edited = question.title + " (edited)"
    path.write_text(path.read_text(encoding="utf-8").replace(question.title, edited))
    user = tmp_path / "data" / "cache"
    library = load_library_cached(content, user / "content.json", seed=seed / "content.json")
    assert library.questions[0].title == edited
    cache = RenderCache(user / "render", seed=seed / "render")
    renderer = library_renderer(content, library.questions, LIGHT, Settings().answer_font_px, cache)
    assert "(edited)" in renderer.render_question(library.questions[1]).html  # related link
    (seed / "content.json").write_bytes(b"{not json")
    (user / "content.json").unlink()
    assert load_library_cached(content, user / "content.json", seed=seed / "content.json") == (
        load_library(content)
    )


def test_paths_in_a_seeded_library_name_the_folder_actually_read(tmp_path: Path) -> None:
    """The bundle's seed was parsed on the build machine; problems and sources must point at
    the installed files."""
    built_from = _content(tmp_path / "build")
    seed = build_seed(built_from, tmp_path / "prerendered").out
    installed = tmp_path / "opt" / "content"
    shutil.copytree(built_from, installed)
    shutil.rmtree(built_from)
    library = load_library_cached(installed, tmp_path / "user.json", seed=seed / "content.json")
    assert not (tmp_path / "user.json").exists()  # it did come from the seed
    assert library == load_library(installed)


def test_the_generator_skips_a_current_seed_and_repeats_itself_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _content(tmp_path)
    out = tmp_path / "install" / "prerendered"
    first = build_seed(content, out)
    assert not first.skipped and first.formulas > 0
    made = _snapshot(out)
    assert build_seed(content, out).skipped
    assert _snapshot(out) == made  # not even touched
    assert build_seed(content, out, force=True).answers == first.answers
    again = _snapshot(out)
    assert {name: item[2] for name, item in again.items()} == {
        name: item[2] for name, item in made.items()
    }
    # Only the finished seed is left: no temporary or retired folder beside it.
    assert [path.name for path in out.parent.iterdir()] == ["prerendered"]
    # Every file can be read by everyone: an installed copy is shared by all users.
    assert all(os.stat(path).st_mode & 0o444 == 0o444 for path in out.rglob("*"))
    # An edit makes the seed stale: the next run rebuilds it.
    stamp = (out / STAMP_FILE).read_text()
    path = content / "questions" / "02-momentum.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n")
    assert not build_seed(content, out).skipped
    assert (out / STAMP_FILE).read_text() != stamp


def test_the_command_prints_one_line_and_can_record_code_digests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path)
    monkeypatch.setattr("studyapp.content.prerender.content_dir", lambda: content)
    out = tmp_path / "seed"
    assert main([str(out), "--code-digests", str(tmp_path / "digests.json")]) == 0
    assert main([str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("prerender: 12 answers and ") and str(out) in lines[0]
    assert "source digests recorded" in lines[1]
    assert lines[2] == f"prerender: {out} is up to date ({lines[2].split('(')[1]}"
    assert (tmp_path / "digests.json").is_file()


def test_a_sourceless_copy_keys_its_caches_like_the_source(tmp_path: Path) -> None:
    """What a frozen bundle is: bytecode without sources. With the digests recorded at build
    time it computes the same fingerprints as the checkout, so the seed's keys match; without
    them it could only fall back to the version number."""
    from studyapp.content import library_cache, render_cache
    from studyapp.content.cache_files import CODE_DIGESTS_FILE, code_fingerprint, write_code_digests

    lib = tmp_path / "lib"
    shutil.copytree(
        ROOT / "studyapp", lib / "studyapp", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-b", str(lib / "studyapp")], check=True
    )
    for path in (lib / "studyapp").rglob("*.py"):
        path.unlink()
    code = (
        "import studyapp; from studyapp.content import library_cache, render_cache; "
        "from studyapp.content.cache_files import code_fingerprint; "
        "print(studyapp.__file__, render_cache._FINGERPRINT, "
        "code_fingerprint(*library_cache._CODE))"
    )

    def frozen() -> list[str]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env={**env, "PYTHONPATH": str(lib)},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.split()

    source = [render_cache._FINGERPRINT, code_fingerprint(*library_cache._CODE)]
    where, *without = frozen()
    assert where == str(lib / "studyapp" / "__init__.pyc")
    assert without != source  # the check below can fail
    write_code_digests(lib / "studyapp" / CODE_DIGESTS_FILE, package=ROOT / "studyapp")
    assert frozen()[1:] == source


@pytest.mark.parametrize("shipped", [True, False], ids=["with a seed", "without a seed"])
def test_the_app_reads_the_seed_it_finds_and_starts_as_well_without_one(
    shipped: bool, real_seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build_services looks for the seed beside the program (paths.prerendered_dir); an
    installed copy without one, e.g. built by hand, parses the content as before."""
    from studyapp.app import build_services

    install = tmp_path / "install"
    install.mkdir()
    if shipped:
        (install / "prerendered").symlink_to(real_seed)
    monkeypatch.setattr("studyapp.paths.install_root", lambda: install)
    data = tmp_path / "data"
    services = build_services(data, content_root=REAL_CONTENT)
    try:
        assert services.library.library == load_library(REAL_CONTENT)
    finally:
        services.close()
    # With the seed the library came from it; without, it was parsed and cached for next time.
    assert (data / "cache" / "content.json").exists() is not shipped


def test_cache_entries_are_stored_deflated_and_plain_ones_still_read(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "render")
    svg = "<svg>" + "<path d='M0 0 L10 10'/>" * 200 + "</svg>"
    cache.put("math", "ab" * 20, svg)
    (stored,) = (tmp_path / "render" / "math").rglob("*.txt")
    assert len(stored.read_bytes()) < len(svg) / 5 and cache.get("math", "ab" * 20) == svg
    stored.write_text(svg, encoding="utf-8")  # a file written before entries were deflated
    assert cache.get("math", "ab" * 20) == svg
