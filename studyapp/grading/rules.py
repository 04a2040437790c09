"""The small rule language authors use to say what counts as stating a key point.

A rule is groups joined by ``+``; a group is alternatives joined by ``|``; an alternative is one
or more words, and a word ending in ``*`` matches any word it starts. A sentence states the rule
when every group has an alternative in it. Example::

    "dropout + off|disabled|not applied|turned off + test time|inference|evaluation"

Parsing lives here, apart from matching, so the content validator can check rules without
loading the matcher.
"""

from __future__ import annotations

from dataclasses import dataclass

GROUP_SEPARATOR = "+"
ALTERNATIVE_SEPARATOR = "|"


class RuleSyntaxError(ValueError):
    """A rule string that cannot be read; the message says which part is wrong."""


@dataclass(frozen=True)
class Rule:
    source: str
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # groups -> alternatives -> words


def parse_rule(text: str) -> Rule:
    """Split a rule string into groups of alternatives of words, refusing empty parts."""
    if not isinstance(text, str) or not text.strip():
        raise RuleSyntaxError("a rule must be non-empty text")
    groups: list[tuple[tuple[str, ...], ...]] = []
    for group_text in text.split(GROUP_SEPARATOR):
        alternatives: list[tuple[str, ...]] = []
        for alternative in group_text.split(ALTERNATIVE_SEPARATOR):
            words = tuple(alternative.lower().split())
            if not words:
                raise RuleSyntaxError(f"empty alternative in rule '{text.strip()}'")
            if any(word == "*" for word in words):
                raise RuleSyntaxError(f"a lone '*' in rule '{text.strip()}'")
            alternatives.append(words)
        groups.append(tuple(alternatives))
    return Rule(text.strip(), tuple(groups))
