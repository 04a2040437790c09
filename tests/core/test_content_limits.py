"""Content that froze or crashed the app is shown in bounded time, or as plain text with a
problem saying why (review findings H2 and C5): each test failed (or ran for minutes) on
ff8ef8c. The bounds are generous on purpose: these guard against hangs, the speed targets
live in benchmarks/."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from studyapp.app import run
from studyapp.content.render import MAX_MARKDOWN_CHARS, AnswerRenderer, code_blocks
from studyapp.content.theme import LIGHT
from studyapp.content.validate import validate_content
from tests.conftest import FIXTURE_CONTENT

NESTED_LIST = "\n".join("  " * level + "- item" for level in range(400))
CASES = {
    "20 MB answer": "# Heading\n\n" + "Some words, a list:\n\n- one\n- two\n\n" * 500_000,
    "4,000-term formula": "$$" + " + ".join(f"x_{{{n}}}" for n in range(4000)) + "$$",
    "30,000 unclosed fences": "```x\n" * 30_000,
    "20,000 nested links": "[" * 20_000 + "x" + "](y)" * 20_000,
    "400-level nested list": NESTED_LIST,
    "5,000-level emphasis": "*" * 5000 + "x" + "*" * 5000,
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_hostile_markdown_renders_in_bounded_time(tmp_path: Path, text: str) -> None:
    """H2/C5: each of these took 25 s to minutes on the UI thread, or raised RecursionError."""
    renderer = AnswerRenderer(FIXTURE_CONTENT, LIGHT)
    started = time.perf_counter()
    doc = renderer.render_markdown(text)
    assert time.perf_counter() - started < 5.0
    assert len(doc.html) < 4 * MAX_MARKDOWN_CHARS + 10_000


def test_ordinary_fences_still_pair_up() -> None:
    text = "a\n```python\nx = 1\n```\n\n~~~\n```\n~~~\n````\nno close\n"
    assert [(b.language, b.code) for b in code_blocks(text)] == [
        ("python", "x = 1\n"),
        ("", "```\n"),
    ]


def test_a_deeply_nested_answer_is_a_content_problem_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """C5: a 400-level nested list made --check-content and --smoke-test die with a
    traceback, and the browser kept the previous answer under the new title."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    question = content / "questions" / "03-dropout.md"
    text = question.read_text(encoding="utf-8")
    question.write_text(text + "\n\n" + NESTED_LIST + "\n", encoding="utf-8")
    problems = validate_content(content)
    assert any("unformatted" in problem.message for problem in problems)
    assert run(["--check-content", "--content-dir", str(content)]) == 1
    assert "03-dropout.md" in capsys.readouterr().out
