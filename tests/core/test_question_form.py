"""The question editor's fields: what each message says, and how text becomes a question."""

from __future__ import annotations

from dataclasses import replace

import pytest

from studyapp.content.loader import load_library
from studyapp.content.local_images import MediaError, check_picture
from studyapp.domain import OWN_ID_START
from studyapp.services.question_form import (
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
        ({"key_points": "\n".join(f"p{i}" for i in range(12))}, "key_points", "this has 12"),
        ({"follow_ups": "Why?\n\nHow?\nLike so."}, "follow_ups", "Follow-up 1 ('Why?') has no"),
        ({"topic": ""}, "topic", "Choose a topic"),
    ],
)
def test_each_problem_names_its_field(change: dict[str, str], field: str, words: str) -> None:
    from dataclasses import replace

    (problem,) = form_problems(replace(GOOD, **change))  # type: ignore[arg-type]
    assert problem.field == field and words in problem.message


def test_empty_answers_make_a_question_with_its_answer_to_write() -> None:
    bare = QuestionForm(title="What is a GAN?", topic="Foundations")
    assert form_problems(bare) == []
    preview = form_question(bare, None, "foundations")
    assert preview.needs_answer and preview.id == OWN_ID_START and preview.is_own


def test_editing_keeps_what_the_form_does_not_show() -> None:
    library = load_library(REAL_CONTENT)
    original = library.questions[0]
    form = question_form(original, "Foundations")
    assert form_problems(form) == []
    assert apply_form(original, form, original.topic) == original  # opened, saved: unchanged
    lines = form.key_points.splitlines()
    new_first = replace(form, key_points="\n".join(["A brand new point", *lines[1:]]))
    edited = apply_form(original, new_first, original.topic)
    assert edited.key_point_rules[0] == ()
    assert edited.key_point_rules[1:] == original.key_point_rules[1:]
    assert edited.misconceptions == original.misconceptions and edited.related == original.related


def test_only_pictures_of_a_size_the_answers_show_are_taken() -> None:
    check_picture("curve.PNG", 1000)
    with pytest.raises(MediaError, match="only pictures"):
        check_picture("run.sh", 10)
    with pytest.raises(MediaError, match="pictures up to 20 MB"):
        check_picture("big.png", 21 * 2**20)
    with pytest.raises(MediaError, match="empty"):
        check_picture("nothing.png", 0)
