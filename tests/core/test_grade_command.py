"""`python main.py --grade QUESTION_ID FILE`: JSON on stdout for a good call; a clear line on
stderr and exit status 2 for a missing file, an unknown id or an empty answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.app import run
from tests.conftest import FIXTURE_CONTENT


def _grade(
    capsys: pytest.CaptureFixture[str], *args: str, content: Path = FIXTURE_CONTENT
) -> tuple[int, str, str]:
    code = run(["--content-dir", str(content), "--grade", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_grading_an_answer_prints_points_rating_and_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "answer.txt"
    text = "Softmax turns logits into probabilities that sum to one. Cats are nice."
    answer.write_text(text, encoding="utf-8")
    code, out, err = _grade(capsys, "1", str(answer))
    assert code == 0 and err == ""
    result = json.loads(out)
    assert set(result) == {"covered", "rating", "evidence", "misconceptions"}
    assert result["covered"] == [0] and result["rating"] == "again"  # 1 of 4 points
    ((start, end),) = result["evidence"]["0"]
    assert text[start:end] == "turns logits into probabilities that sum"
    assert result["misconceptions"] == []


def test_misconceptions_are_listed_with_claim_and_correction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from studyapp.content.loader import load_library
    from tests.conftest import REAL_CONTENT

    question = next(q for q in load_library(REAL_CONTENT).questions if q.misconceptions)
    wrong = question.misconceptions[0]
    # the claim, as a learner says it, states the misconception by construction of the rules
    answer = tmp_path / "wrong.txt"
    answer.write_text(wrong.claim + ".", encoding="utf-8")
    code, out, _ = _grade(capsys, str(question.id), str(answer), content=REAL_CONTENT)
    assert code == 0
    found = json.loads(out)["misconceptions"]
    assert found and found[0]["claim"] == wrong.claim
    assert found[0]["correction"] == wrong.correction


def test_a_missing_file_is_named_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _grade(capsys, "1", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert "no answer file" in err and "nope.txt" in err


def test_an_unknown_or_malformed_id_is_named_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text("Softmax turns logits into probabilities.", encoding="utf-8")
    code, out, err = _grade(capsys, "42", str(answer))
    assert code == 2 and out == "" and "no question has id 42 (ids run 1-3)" in err
    code, out, err = _grade(capsys, "softmax", str(answer))
    assert code == 2 and out == "" and "must be a number" in err


def test_an_empty_or_unreadable_answer_is_named_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    code, out, err = _grade(capsys, "1", str(empty))
    assert code == 2 and out == "" and "is empty" in err
    binary = tmp_path / "answer.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, out, err = _grade(capsys, "1", str(binary))
    assert code == 2 and out == "" and "not UTF-8" in err
