"""Full content check for authors: the loader's problems plus the built-in answers' standard,
id gaps and formula errors.

The loader accepts any question a learner could write; this module holds the standard the
shipped answers keep, so `--check-content` and the tests enforce one list.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from studyapp.content.loader import ContentProblem, load_library
from studyapp.content.render import AnswerRenderer
from studyapp.content.theme import LIGHT
from studyapp.domain import Question
from studyapp.grading.lexicon import LEXICON_FILE, lexicon_problems
from studyapp.grading.lint import rule_problems

# The detailed answer may run to 1,300 words: a top candidate's answer carries a derivation, a
# worked number and a failure seen in practice, which the old 700-word cap squeezed out.
# 300 keeps it from being a stub. Code blocks do not count.
DETAILED_WORDS = (300, 1300)
SHORT_SENTENCES = (2, 5)  # what a person says in 30-60 seconds
KEY_POINTS = (5, 8)
KEY_POINT_CHARS = 140  # a checkbox line, read at a glance
FOLLOW_UPS = (3, 5)
ASKED_AS = (2, 3)
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|et al|etc|vs|cf)\.", re.I)


def validate_content(root: Path) -> list[ContentProblem]:
    library = load_library(root)
    problems = list(library.problems)
    ids = {q.id for q in library.questions}
    if not ids:
        problems.append(ContentProblem(str(root / "questions"), 0, "no valid question files"))
    else:
        for missing in sorted(set(range(1, max(ids) + 1)) - ids):
            problems.append(
                ContentProblem(str(root / "questions"), 0, f"no question has id {missing}")
            )
    for message in lexicon_problems(root):
        problems.append(ContentProblem(str(root / LEXICON_FILE), 0, message))
    problems += rule_problems(library.questions, root)
    renderer = AnswerRenderer(root, LIGHT)
    for question in library.questions:
        for message in [*standard_problems(question), *renderer.render_question(question).problems]:
            problems.append(ContentProblem(question.source_path, 0, message))
    return problems


def prose_words(markdown_text: str) -> int:
    """Words of prose: fenced code blocks are left out, formulas count as written."""
    without_code = re.sub(r"^```.*?^```", " ", markdown_text, flags=re.S | re.M)
    return len(re.findall(r"[A-Za-z0-9][\w'-]*", without_code))


def sentence_count(text: str) -> int:
    """Sentence ends: a full stop, ! or ? followed by a capital (or the end), so that
    "e.g.", "et al." and the dots inside formulas, code and decimals do not count."""
    plain = re.sub(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", "X", text, flags=re.S)
    plain = _ABBREVIATIONS.sub("abbr", plain)
    return len(re.findall(r"[.!?](?=\s+[A-Z0-9\"'(\[]|\s*$)", plain.strip()))


def standard_problems(question: Question) -> list[str]:
    """How a shipped answer falls short of the authors' standard (content/STYLE.md)."""
    problems: list[str] = []
    if not any(question.key_point_rules):
        # A plain question (a test fixture, a learner's own pack) only has to load; the shipped
        # answers are all authored for the checker, which tests/core/test_content.py demands.
        return problems

    def within(name: str, value: int, bounds: tuple[int, int]) -> None:
        if not bounds[0] <= value <= bounds[1]:
            problems.append(f"{name}: {value}, expected {bounds[0]}-{bounds[1]}")

    within("detailed answer words", prose_words(question.detailed_answer), DETAILED_WORDS)
    within("short answer sentences", sentence_count(question.short_answer), SHORT_SENTENCES)
    within("key points", len(question.key_points), KEY_POINTS)
    within("follow-ups", len(question.follow_ups), FOLLOW_UPS)
    within("asked_as phrasings", len(question.asked_as), ASKED_AS)
    for index, point in enumerate(question.key_points):
        if len(point) > KEY_POINT_CHARS:
            problems.append(f"key point {index + 1} is over {KEY_POINT_CHARS} characters")
        if not question.rules_for(index):
            problems.append(f"key point {index + 1} has no 'match' rules for the checker")
    if len(question.related) < 2:
        problems.append("needs at least two related questions")
    if not question.tags:
        problems.append("needs tags")
    plain_texts = [*question.key_points, *question.asked_as]
    plain_texts += [part for item in question.follow_ups for part in (item.question, item.answer)]
    plain_texts += [part for m in question.misconceptions for part in (m.claim, m.correction)]
    for text in plain_texts:
        # Shown as plain text (checkboxes, labels): LaTeX would show as source, and combining
        # accents drift onto the neighbouring line in Qt's text layout.
        if "$" in text or "\\" in text or any(unicodedata.combining(c) for c in text):
            problems.append(f"plain-text field holds LaTeX or a combining accent: {text[:60]}")
    return problems
