"""A plain list of questions, pasted or from a .txt/.md file: one per line, numbered ("1.",
"2)"), bulleted ("-", "*") or bare. Each becomes a card whose answer is still to write."""

from __future__ import annotations

import re

from studyapp.interchange.drafts import DraftQuestion, DraftSet, normal_title

_MARKER = re.compile(r"^\s*(?:(?:\d{1,4}|[a-z])[.)]|[-*•]|#{1,6}|Q\d{1,4}[.:)]?)\s+", re.I)
MAX_TITLE = 500


def parse_list(text: str) -> DraftSet:
    questions: list[DraftQuestion] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("```", "---")):
            continue
        heading = raw.lstrip().startswith("#")
        title = _MARKER.sub("", line, count=1).strip().strip("*_").strip()
        if heading and not title.endswith("?"):
            continue  # a section heading in a Markdown list, not a question
        if len(title) < 3:
            continue
        if len(title) > MAX_TITLE:
            problems.append(f"line {number}: longer than {MAX_TITLE} characters, skipped")
            continue
        key = normal_title(title)
        if key in seen:
            problems.append(f"line {number}: the same question again, skipped")
            continue
        seen.add(key)
        questions.append(DraftQuestion(title=title, source=f"line {number}"))
    return DraftSet(tuple(questions), problems=tuple(problems))
