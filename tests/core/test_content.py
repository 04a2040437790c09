"""The shipped answers: complete, well-formed, and every runnable code block really runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.content.loader import load_library
from studyapp.content.render import RUNNABLE_LANGUAGE, code_blocks
from studyapp.content.theme import FIGURE_DARK_SWAP
from studyapp.content.validate import sentence_count, validate_content
from tests.conftest import REAL_CONTENT, ROOT

LIBRARY = load_library(REAL_CONTENT)
QUESTION_LIST = ROOT.parent / "shared" / "questions.md"
MIN_FIGURES_PER_HALF = 6
FIGURE_FILES = sorted((REAL_CONTENT / "figures").glob("*.svg"))
UNSUPPORTED_SVG = ("<style", "<marker", "<clipPath", "<filter", "<mask", "<foreignObject", "class=")
BLOCKS = [
    pytest.param(block, id=f"Q{q.id:02d}-line{block.line}-{block.language}")
    for q in LIBRARY.questions
    for block in code_blocks(q.detailed_answer + "\n" + q.common_mistakes)
    if block.language in (RUNNABLE_LANGUAGE, "pytorch")
]


def test_sentence_counter() -> None:
    assert sentence_count("One. Two, e.g. this and Smith et al. 2014 agree. Three is $0.5$.") == 3
    assert sentence_count("Ends without a full stop") == 0


def test_all_fifty_questions_load_without_problems() -> None:
    """The loader's problems and the authors' standard (validate.standard_problems)."""
    assert [str(p) for p in validate_content(REAL_CONTENT)] == []
    assert [q.id for q in LIBRARY.questions] == list(range(1, 51))


def test_every_shipped_answer_is_authored_for_the_checker() -> None:
    """The validator holds a question to the shipped standard once its key points carry
    rules; every built-in question must, so none slips through as a plain question."""
    unauthored = [
        q.id
        for q in LIBRARY.questions
        if not all(q.rules_for(i) for i in range(len(q.key_points))) or not q.asked_as
    ]
    assert unauthored == []


@pytest.mark.skipif(not QUESTION_LIST.is_file(), reason="shared/questions.md not beside the repo")
def test_titles_match_the_question_list() -> None:
    listed = dict(re.findall(r"^(\d+)\. (.+)$", QUESTION_LIST.read_text(encoding="utf-8"), re.M))
    assert {q.id: q.title for q in LIBRARY.questions} == {int(k): v for k, v in listed.items()}


def test_near_twins_link_to_each_other() -> None:
    for a, b in ((7, 38), (12, 41), (25, 46), (28, 43)):
        qa, qb = LIBRARY.question(a), LIBRARY.question(b)
        assert qa is not None and qb is not None
        assert b in qa.related and a in qb.related


def test_each_half_has_enough_figures() -> None:
    first = sum(1 for q in LIBRARY.questions if q.id <= 25 and q.figures)
    second = sum(1 for q in LIBRARY.questions if q.id > 25 and q.figures)
    assert first >= MIN_FIGURES_PER_HALF and second >= MIN_FIGURES_PER_HALF


def test_every_referenced_figure_exists() -> None:
    missing = [
        (q.id, figure)
        for q in LIBRARY.questions
        for figure in q.figures
        if not (REAL_CONTENT / figure).is_file()
    ]
    assert missing == []


@pytest.mark.parametrize("figure", FIGURE_FILES, ids=lambda path: path.name)
def test_figures_keep_to_the_palette_and_qt_svg_subset(figure: Path) -> None:
    """A colour outside the palette would not be swapped in dark mode; these tags Qt skips."""
    svg = figure.read_text(encoding="utf-8")
    colours = {colour.lower() for colour in re.findall(r"#[0-9a-fA-F]{6}\b", svg)}
    assert colours and colours <= set(FIGURE_DARK_SWAP)
    assert re.findall(r'(?:fill|stroke)="(?!#|none)[^"]*"', svg) == []
    assert [tag for tag in UNSUPPORTED_SVG if tag in svg] == []


def test_every_figure_file_is_used() -> None:
    used = {Path(f).name for q in LIBRARY.questions for f in q.figures}
    on_disk = {p.name for p in (REAL_CONTENT / "figures").glob("*.svg")}
    assert on_disk == used


def test_runnable_blocks_need_only_numpy() -> None:
    """A developer may have PyTorch installed locally; CI does not, so a `python` block that
    imports torch would pass here and fail there. Such blocks must be marked `pytorch`."""
    offending = [
        (q.id, block.line)
        for q in LIBRARY.questions
        for block in code_blocks(q.detailed_answer + "\n" + q.common_mistakes)
        if block.language == RUNNABLE_LANGUAGE
        and re.search(r"^\s*(?:import|from)\s+torch\b", block.code, re.M)
    ]
    assert offending == []


@pytest.mark.parametrize("block", BLOCKS)
def test_answer_code_runs(block, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if block.language == "pytorch":
        compile(block.code, "<answer>", "exec")  # PyTorch is not installed: syntax only
        return
    result = subprocess.run(
        [sys.executable, "-c", block.code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
