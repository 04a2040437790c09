"""Loading and validating content: good files load, each kind of damage is reported precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from studyapp.app import run
from studyapp.content.loader import load_library
from tests.conftest import FIXTURE_CONTENT


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_content_loads_without_problems() -> None:
    library = load_library(FIXTURE_CONTENT)
    assert library.problems == ()
    assert [q.id for q in library.questions] == [1, 2, 3]
    first = library.questions[0]
    assert first.title == "What does softmax compute?"
    assert first.topic == "basics"
    assert len(first.key_points) == 4
    assert first.follow_ups[0].question == "Why subtract the maximum?"
    assert "softmax" in first.detailed_answer
    assert first.common_mistakes.startswith("- Forgetting")
    assert [t.id for t in library.topics] == ["basics", "optim"]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("topic: basics", "topic: nope", 4, "unknown topic 'nope'"),
        ("difficulty: 1", "difficulty: 7", 5, "'difficulty' must be a whole number"),
        ("tags: [softmax, probabilities]", "tags: [softmax, probabilities", 7, "malformed YAML"),
        ("related: [2]", "related: [99]", 7, "'related' names unknown question 99"),
        (
            "  - Pairs with cross-entropy loss for classification\n",
            "  - {match: ['cross entropy + pair|with']}\n",
            8,
            "items need 'point' text",
        ),
        (
            "  - Pairs with cross-entropy loss for classification\n",
            "  - {point: Pairs with CE, match: ['cross entropy + | pair']}\n",
            8,
            "bad rule: empty alternative",
        ),
        ("## Short answer", "## Shortish answer", 20, "unknown section '## Shortish answer'"),
    ],
)
def test_each_problem_is_reported_with_file_and_line(
    content: Path, old: str, new: str, line: int, message: str
) -> None:
    path = content / "questions" / "01-softmax.md"
    _edit(path, old, new)
    library = load_library(content)
    assert len(library.problems) == 1, library.problems
    problem = library.problems[0]
    assert problem.path == str(path)
    assert message in problem.message
    assert problem.line == line
    assert str(problem).startswith(f"{path}:{line}: ")


def test_a_broken_file_is_skipped_and_the_rest_still_load(content: Path) -> None:
    _edit(content / "questions" / "01-softmax.md", "id: 1", "id: [")
    library = load_library(content)
    assert [q.id for q in library.questions] == [2, 3]
    assert len(library.problems) >= 1


def test_duplicate_ids_keep_the_first_and_report_the_second(content: Path) -> None:
    _edit(content / "questions" / "03-dropout.md", "id: 3", "id: 1")
    library = load_library(content)
    assert [q.id for q in library.questions] == [1, 2]
    duplicate = [p for p in library.problems if "duplicate id 1" in p.message]
    assert len(duplicate) == 1
    assert duplicate[0].path.endswith("03-dropout.md") and duplicate[0].line == 2
    assert "01-softmax.md" in duplicate[0].message


def test_missing_figure_is_reported(content: Path) -> None:
    (content / "figures" / "02-paths.svg").unlink()
    library = load_library(content)
    assert any("figure not found: figures/02-paths.svg" in p.message for p in library.problems)


def test_missing_required_field(content: Path) -> None:
    _edit(
        content / "questions" / "03-dropout.md", "title: Why does dropout reduce overfitting?\n", ""
    )
    problems = load_library(content).problems
    assert [p.message for p in problems] == ["missing required field 'title'"]


def test_check_content_command_exit_codes(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--check-content", "--content-dir", str(content)]) == 0
    assert "content OK" in capsys.readouterr().out
    _edit(content / "questions" / "02-momentum.md", "topic: optim", "topic: missing")
    _edit(content / "questions" / "01-softmax.md", r"\frac{e^{z_i}}", r"\frac{e^{z_i}")
    assert run(["--check-content", "--content-dir", str(content)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{content / 'questions' / '02-momentum.md'}:4: unknown topic 'missing'" in out
    assert any("01-softmax.md" in line and "cannot typeset" in line for line in out)


def test_a_stray_copy_sorting_first_does_not_replace_the_file_named_for_the_id(
    content: Path,
) -> None:
    """M10: a stray 00-copy.md with Q1's id used to win over 01-softmax.md."""
    original = (content / "questions" / "01-softmax.md").read_text(encoding="utf-8")
    (content / "questions" / "00-copy.md").write_text(
        original.replace("title: What does softmax compute?", "title: An old copy"),
        encoding="utf-8",
    )
    library = load_library(content)
    first = library.question(1)
    assert first is not None and first.title == "What does softmax compute?"
    (duplicate,) = [p for p in library.problems if "duplicate id 1" in p.message]
    assert duplicate.path.endswith("00-copy.md")


def test_a_duplicate_topic_id_is_reported(content: Path) -> None:
    topics = content / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text + "  - id: basics\n    name: Again\n", encoding="utf-8")
    library = load_library(content)
    assert [t.id for t in library.topics].count("basics") == 1
    assert any("duplicate topic id 'basics'" in p.message for p in library.problems)
