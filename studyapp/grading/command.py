"""`python main.py --grade QUESTION_ID FILE`: the checker on one answer, as JSON on stdout.

For authors trying their rules, for scripts, and for anyone who wants to see why a point was
or was not ticked. Bad input (no such file, an unknown id, an empty answer) gets one line on
stderr naming the problem and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from studyapp import APP_NAME
from studyapp.content.loader import load_library
from studyapp.domain import Question
from studyapp.grading.checker import Checker
from studyapp.voice.engine import AUDIO_SUFFIXES

BAD_INPUT = 2


class GradeInputError(ValueError):
    """What is wrong with the command's arguments, in words for the person who typed them."""


def grade_command(content_root: Path, question_id: str, answer_file: str) -> int:
    try:
        print(json.dumps(grade_file(content_root, question_id, answer_file), indent=2))
    except GradeInputError as error:
        print(f"{APP_NAME.lower()} --grade: {error}", file=sys.stderr)
        return BAD_INPUT
    return 0


def grade_file(content_root: Path, question_id: str, answer_file: str) -> dict[str, Any]:
    """The JSON-ready grade of the answer in `answer_file` for question `question_id`."""
    try:
        wanted = int(question_id)
    except ValueError:
        raise GradeInputError(f"the question id must be a number, not '{question_id}'") from None
    library = load_library(content_root)
    question = library.question(wanted)
    if question is None:
        ids = sorted(q.id for q in library.questions)
        known = f"ids run {ids[0]}-{ids[-1]}" if ids else "no questions loaded"
        raise GradeInputError(f"no question has id {wanted} ({known})")
    spoken: dict[str, Any] = {}
    if Path(answer_file).suffix.lower() in AUDIO_SUFFIXES:
        answer, spoken = _transcribe(answer_file, question)
    else:
        answer = _read_answer(answer_file)
    checker = Checker.for_questions(library.questions, content_root)
    result = checker.grade(question, answer).as_json()
    return {**result, **spoken}


def _transcribe(answer_file: str, question: Question) -> tuple[str, dict[str, Any]]:
    """A recorded answer: transcribed offline, then graded like typed text."""
    path = Path(answer_file)
    if not path.is_file():
        raise GradeInputError(f"no recording at '{answer_file}'")
    from studyapp.voice.engine import VoiceUnavailable, unavailable_reason
    from studyapp.voice.spoken import transcribe_file

    reason = unavailable_reason()
    if reason:
        raise GradeInputError(reason)
    try:
        text, spoken = transcribe_file(path, question)
    except VoiceUnavailable as error:
        raise GradeInputError(str(error)) from None
    if not text.strip():
        raise GradeInputError(f"no speech was heard in '{answer_file}'")
    return text, spoken


def _read_answer(answer_file: str) -> str:
    if answer_file == "-":
        text = sys.stdin.read()
    else:
        path = Path(answer_file)
        if not path.is_file():
            raise GradeInputError(f"no answer file at '{answer_file}'")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise GradeInputError(f"'{answer_file}' is not UTF-8 text") from None
        except OSError as error:
            raise GradeInputError(f"cannot read '{answer_file}': {error.strerror}") from None
    if not text.strip():
        raise GradeInputError(f"the answer in '{answer_file}' is empty")
    return text
