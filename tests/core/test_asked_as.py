"""The quiz asks a question in one of the ways interviewers phrase it."""

from __future__ import annotations

import random
from dataclasses import replace

from studyapp.content.asked_as import canonical_note, choose_prompt
from studyapp.content.loader import load_library
from tests.conftest import FIXTURE_CONTENT

LIBRARY = load_library(FIXTURE_CONTENT)


def test_the_loader_reads_the_phrasings() -> None:
    momentum = LIBRARY.question(2)
    assert momentum is not None
    assert momentum.asked_as == (
        "Why would you use SGD with momentum instead of plain SGD?",
        "How does a velocity term change a gradient step?",
    )


def test_every_phrasing_is_asked_and_the_title_shows_after_the_reveal() -> None:
    momentum = LIBRARY.question(2)
    assert momentum is not None
    rng = random.Random(7)
    asked = {choose_prompt(momentum, rng) for _ in range(40)}
    assert asked == set(momentum.asked_as)
    prompt = next(iter(asked))
    assert canonical_note(momentum, prompt) == f"On the card: {momentum.title}"


def test_a_question_without_phrasings_is_asked_by_its_title() -> None:
    softmax = LIBRARY.question(1)
    assert softmax is not None
    plain = replace(softmax, asked_as=())
    assert choose_prompt(plain, random.Random(0)) == plain.title
    assert canonical_note(plain, plain.title) == ""
