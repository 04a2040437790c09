"""Checks on authored rules that the validator reports (`--check-content`): a rule part made
only of symbols has no words to find (`relu(W x + b)` is fine, `+ ( ) +` is not), so the rule
could never match, or would match on fewer groups than its author wrote; and in a rule of one
group a one-word alternative is never used (the matcher credits phrases only there, so a bare
keyword cannot tick a point), which authors otherwise discover only from a missed answer."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from studyapp.content.loader import ContentProblem
from studyapp.domain import Question
from studyapp.grading.lexicon import LexiconError, shipped_lexicon
from studyapp.grading.matcher import compile_alternative
from studyapp.grading.rules import parse_rule
from studyapp.grading.text import raw_words


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
                groups = parse_rule(rule).groups
                lone = [alt for alt in groups[0] if len(raw_words(" ".join(alt))) < 2]
                if len(groups) == 1 and lone:
                    problems.append(
                        ContentProblem(
                            question.source_path,
                            0,
                            f"{where}: in the one-group rule '{rule}' the single word "
                            f"'{' '.join(lone[0])}' never matches; pair it with a second group "
                            "(word + what it does) in a rule of its own",
                        )
                    )
                for group in groups:
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
