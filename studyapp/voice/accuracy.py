"""How close a transcript is to what was said: the word error rate, for the tests and the
spoken-answer benchmark (never used by the app itself, so it needs nothing from the engine)."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

_WORD = re.compile(r"[a-z0-9]+")


def spoken_words(text: str) -> list[str]:
    """`text` as the words a listener hears: lower case, hyphens and punctuation dropped."""
    return _WORD.findall(text.lower().replace("-", " "))


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word-level edit distance from `reference` to `hypothesis`, over the reference's length."""
    words = spoken_words(reference)
    return Levenshtein.distance(words, spoken_words(hypothesis)) / max(1, len(words))
