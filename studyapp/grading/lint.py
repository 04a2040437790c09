"""Checks on authored rules that the validator reports (`--check-content`): a rule part made
only of symbols has no words to find (`relu(W x + b)` is fine, `+ ( ) +` is not), so the rule
could never match, or would match on fewer groups than its author wrote."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from studyapp.content.loader import ContentProblem
from studyapp.domain import Question
from studyapp.grading.lexicon import LexiconError, shipped_lexicon
from studyapp.grading.matcher import compile_alternative
from studyapp.grading.rules import parse_rule


def rule_problems(questions: Iterable[Question], root: Path) -> list[ContentProblem]:
    try:
        lexicon = shipped_lexicon(root)
    except LexiconError:
        return []  # reported on its own
    problems: list[ContentProblem] = []
    for question in questions:
        labelled = [
            (f"key point {index + 1}", rules)
            for index, rules in enumerate(question.key_point_rules)
        ]
        labelled += [
            (f"misconception {index + 1}", item.match)
            for index, item in enumerate(question.misconceptions)
        ]
        for where, rules in labelled:
            for rule in rules:
                for group in parse_rule(rule).groups:
                    empty = [alt for alt in group if not compile_alternative(alt, lexicon)]
                    if empty:
                        problems.append(
                            ContentProblem(
                                question.source_path,
                                0,
                                f"{where}: rule '{rule}' has an alternative with no words: "
                                f"'{' '.join(empty[0])}'",
                            )
                        )
    return problems
