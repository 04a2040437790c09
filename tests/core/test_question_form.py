"""The question editor's fields: what each message says, and how text becomes a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.content.loader import load_library
from studyapp.content.local_images import MediaError, media_file, store_media
from studyapp.content.question_form import (
    QuestionForm,
    apply_form,
    form_problems,
    form_question,
    question_form,
)
from tests.conftest import REAL_CONTENT

GOOD = QuestionForm(
    title="  What is  layer norm? ",
    short_answer="It normalizes each token: $\\hat x = (x - \\mu)/\\sigma$.",
    detailed_answer="### Why\n\nBatch statistics are noisy.",
    key_points="- Normalizes over features\n\n• Learned scale and shift\n",
    follow_ups="Why not batch norm?\nSmall batches make its statistics noisy.\n\n"
    "Where does it go?\nBefore attention (pre-LN)\nin most models.",
    topic="Training Dynamics",
    difficulty=3,
    tags="normalization, layer norm, ,normalization",
)


def test_a_complete_form_becomes_the_question_it_shows() -> None:
    assert form_problems(GOOD) == []
    question = form_question(GOOD, 9001, "training")
    assert question.title == "What is layer norm?"
    assert question.key_points == ("Normalizes over features", "Learned scale and shift")
    assert [(f.question, f.answer) for f in question.follow_ups] == [
        ("Why not batch norm?", "Small batches make its statistics noisy."),
        ("Where does it go?", "Before attention (pre-LN) in most models."),
    ]
    assert question.tags == ("normalization", "layer norm")
    assert question.difficulty == 3 and question.topic == "training"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": "   "}, "title", "Write the question."),
        ({"short_answer": "\n"}, "short_answer", "Write a short answer"),
        ({"key_points": " \n- \n"}, "key_points", "Add at least one key point"),
        ({"key_points": "\n".join(f"p{i}" for i in range(12))}, "key_points", "this has 12"),
        ({"follow_ups": "Why?\n\nHow?\nLike so."}, "follow_ups", "Follow-up 1 ('Why?') has no"),
        ({"topic": ""}, "topic", "Choose a topic"),
        ({"detailed_answer": "## Mine\ntext"}, "detailed_answer", "use '### '"),
    ],
)
def test_each_problem_names_its_field(change: dict[str, str], field: str, words: str) -> None:
    from dataclasses import replace

    (problem,) = form_problems(replace(GOOD, **change))  # type: ignore[arg-type]
    assert problem.field == field and words in problem.message


def test_editing_keeps_what_the_form_does_not_show() -> None:
    library = load_library(REAL_CONTENT)
    original = library.questions[0]
    form = question_form(original, "Foundations")
    assert form_problems(form) == []
    same = apply_form(original, form, original.topic)
    assert same == original  # opening and saving unchanged changes nothing
    lines = form.key_points.splitlines()
    edited = apply_form(
        original,
        QuestionForm(
            **{**form.__dict__, "key_points": "\n".join(["A brand new point", *lines[1:]])}
        ),
        original.topic,
    )
    assert (
        edited.key_point_rules[0] == ()
        and edited.key_point_rules[1:] == (original.key_point_rules[1:])
    )
    assert edited.misconceptions == original.misconceptions and edited.related == original.related


def test_a_picture_is_kept_once_in_the_data_folder(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x01" * 30
    ref = store_media(tmp_path, png, ".PNG")
    assert ref.startswith("media/") and ref.endswith(".png")
    assert store_media(tmp_path, png, ".png") == ref  # the same picture again: one file
    assert list((tmp_path / "media").iterdir()) == [tmp_path / ref]
    assert media_file(ref, tmp_path / "media") == (tmp_path / ref).resolve()
    with pytest.raises(MediaError, match="only pictures"):
        store_media(tmp_path, b"#!/bin/sh", ".sh")
    with pytest.raises(MediaError, match="pictures up to 20 MB"):
        store_media(tmp_path, b"x" * (21 * 2**20), ".png")
