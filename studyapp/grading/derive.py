"""A rule for a key point nobody wrote rules for (a learner's own question, a test fixture),
taken from the point's own words.

Stricter than counting words over the whole answer: most of the point's content words must be
stated together in ONE sentence (not a list of terms), none of them negated. A bare keyword
never covers a point, because at least two words are always needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from studyapp.grading.lexicon import Lexicon
from studyapp.grading.matcher import Hit, Matcher, WordPattern, compile_alternative
from studyapp.grading.text import raw_words

SHARE_NEEDED = 0.6
MIN_WORDS = 2

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
connects connect relates relate points point out e g eg ie i
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(frozen=True)
class DerivedRule:
    """At least `needed` of `words` in one unit, none of them negated."""

    source: str
    words: tuple[WordPattern, ...]
    needed: int


def derive_rule(point: str, lexicon: Lexicon) -> DerivedRule:
    content = [
        word.text
        for word in raw_words(point)
        if word.text not in STOPWORDS and not word.text.isdigit() and len(word.text) > 1
    ]
    patterns: list[WordPattern] = []
    for pattern in compile_alternative(content, lexicon):
        if pattern not in patterns:
            patterns.append(pattern)
    needed = min(len(patterns), max(MIN_WORDS, math.ceil(SHARE_NEEDED * len(patterns))))
    return DerivedRule(point, tuple(patterns), needed)


def derived_hits(matcher: Matcher, rule: DerivedRule, skip_units: set[int]) -> list[Hit]:
    """Units holding enough of the point's words, unnegated."""
    if len(rule.words) < MIN_WORDS:
        return []  # a one-word point cannot be told from a keyword
    tokens = matcher.tokens
    by_unit: dict[int, dict[int, list[int]]] = {}
    for number, word in enumerate(rule.words):
        for index in matcher.positions(word):
            token = tokens[index]
            if token.negated_by or token.unit in skip_units:
                continue
            by_unit.setdefault(token.unit, {}).setdefault(number, []).append(index)
    hits: list[Hit] = []
    for unit, found in sorted(by_unit.items()):
        if len(found) >= rule.needed:
            chosen = [tokens[indices[0]] for indices in found.values()]
            hits.append(Hit(unit, min(t.start for t in chosen), max(t.end for t in chosen)))
    return hits
