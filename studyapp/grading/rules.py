"""The small rule language authors use to say what counts as stating a key point.

A rule is groups joined by `` + ``; a group is alternatives joined by ``|``; an alternative is
one or more words, and a word ending in ``*`` matches any word it starts. A sentence states the
rule when every group has an alternative in it. Example::

    "dropout + off|disabled|not applied|turned off + test time|inference|evaluation"

A ``+`` inside brackets belongs to a formula (``relu(W x + b)``), not between groups.

Parsing lives here, apart from matching, so the content validator can check rules without
loading the matcher (studyapp/grading/matcher.py compiles what this returns).
"""

from __future__ import annotations

from dataclasses import dataclass

GROUP_SEPARATOR = "+"
ALTERNATIVE_SEPARATOR = "|"
PREFIX_MARK = "*"


class RuleSyntaxError(ValueError):
    """A rule string that cannot be read; the message says which part is wrong."""


@dataclass(frozen=True)
class Rule:
    source: str
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # groups -> alternatives -> words


def split_outside_brackets(text: str, separator: str) -> list[str]:
    """`text` cut at every `separator` that is not inside (), [] or {}."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_rule(text: str) -> Rule:
    """Split a rule string into groups of alternatives of words, refusing empty parts."""
    if not isinstance(text, str) or not text.strip():
        raise RuleSyntaxError("a rule must be non-empty text")
    groups: list[tuple[tuple[str, ...], ...]] = []
    for group_text in split_outside_brackets(text, GROUP_SEPARATOR):
        alternatives: list[tuple[str, ...]] = []
        for alternative in split_outside_brackets(group_text, ALTERNATIVE_SEPARATOR):
            words = tuple(alternative.lower().split())
            if not words:
                raise RuleSyntaxError(f"empty alternative in rule '{text.strip()}'")
            if any(word == PREFIX_MARK for word in words):
                raise RuleSyntaxError(f"a lone '*' in rule '{text.strip()}'")
            if any(PREFIX_MARK in word[:-1] for word in words):
                raise RuleSyntaxError(f"'*' may only end a word, in rule '{text.strip()}'")
            alternatives.append(words)
        groups.append(tuple(alternatives))
    return Rule(text.strip(), tuple(groups))
