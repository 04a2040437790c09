"""Which wording of a question the quiz asks.

Interviewers rarely use a card's exact title, and a learner who only ever sees one wording
learns to recognise the wording instead of recalling the concept. So the quiz asks one of the
question's `asked_as` phrasings at random and shows the canonical title after the reveal.
"""

from __future__ import annotations

import random

from studyapp.domain import Question


def choose_prompt(question: Question, rng: random.Random) -> str:
    """One of the question's other phrasings, or its title when it has none."""
    if not question.asked_as:
        return question.title
    return rng.choice(question.asked_as)


def canonical_note(question: Question, prompt: str) -> str:
    """The line shown after the reveal when the card was asked in other words ('' if not)."""
    return "" if prompt == question.title else f"On the card: {question.title}"
