"""Suggestions from a typed answer: which key points it covers, and what rating that implies.

Deliberately simple and transparent: a key point counts as covered when most of its
distinctive words (or their stems) appear in the typed text. The user always has the last word;
the UI marks these ticks as suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyapp.domain import Rating

# Words that carry no technical content, including the verbs key points start with.
_STOPWORD_TEXT = """
a an the and or of to in on for with by as at from into over under than then that this
these those it its is are was were be been being has have had do does not no can could may
might must should would will which what when where why how who whose each every any all
both either one two more most less least very also only just such other some same so if but
about via per between across after before while during without within their there they them
we our you your names name gives give states state explains explain describes describe
mentions mention defines define notes note writes write uses use shows show says say lists
list compares compare identifies identify recognises recognizes distinguishes distinguish
connects connect relates relate points point out why how e g eg ie i
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
COVERAGE_NEEDED = 0.5
_SHORT_TERMS = frozenset({"l1", "l2", "ml", "dl", "rl", "ai", "gd", "bn", "nn"})


def stem(word: str) -> str:
    """Crude suffix stripping: enough to match 'gradients' with 'gradient'."""
    for suffix in ("ization", "isation", "ations", "ation", "ings", "ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def important_words(text: str) -> set[str]:
    words = set()
    for token in _WORD.findall(text.lower()):
        for part in token.split("-"):
            if part in _STOPWORDS or part.isdigit():  # years and counts are not the point
                continue
            if len(part) >= 3 or part in _SHORT_TERMS:
                words.add(stem(part))
    return words


def suggest_ticks(key_points: Sequence[str], typed_answer: str) -> tuple[int, ...]:
    """Indices of the key points the typed answer appears to cover."""
    if not typed_answer.strip():
        return ()
    typed = important_words(typed_answer)
    ticks = []
    for index, point in enumerate(key_points):
        wanted = important_words(point)
        if wanted and len(wanted & typed) / len(wanted) >= COVERAGE_NEEDED:
            ticks.append(index)
    return tuple(ticks)


def suggest_rating(covered: int, total: int) -> Rating:
    """Share of key points covered, as a rating: under a third is Again, then Hard, Good, Easy."""
    if total <= 0:
        return Rating.GOOD
    share = covered / total
    if share < 1 / 3:
        return Rating.AGAIN
    if share < 0.6:
        return Rating.HARD
    if share < 0.9:
        return Rating.GOOD
    return Rating.EASY
