"""A `Question` written back as a question file in the format of `content/questions/`: YAML
front matter and `## Short answer` / `## Detailed answer` / `## Common mistakes` sections.

The loader (`content.loader.parse_question_text`) reads what this writes into an equal
`Question`, checker rules, misconceptions and phrasings included, so a pack exported from
DeepStudy and imported again loses nothing (tested on every built-in question).
"""

from __future__ import annotations

import re
from typing import Any

from studyapp.domain import Question

_SLUG = re.compile(r"[^a-z0-9]+")


def question_markdown(question: Question) -> str:
    import yaml

    front: dict[str, Any] = {
        "id": question.id,
        "title": question.title,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "tags": list(question.tags),
        "related": list(question.related),
    }
    if question.needs_answer:  # an own question from a plain list: no answer sections yet
        front["answer_to_write"] = True
    if question.asked_as:
        front["asked_as"] = list(question.asked_as)
    front["key_points"] = [
        {"point": point, "match": list(rules)} if (rules := question.rules_for(i)) else point
        for i, point in enumerate(question.key_points)
    ]
    if question.misconceptions:
        front["misconceptions"] = [
            {"claim": m.claim, "correction": m.correction, "match": list(m.match)}
            for m in question.misconceptions
        ]
    front["follow_ups"] = [
        {"question": f.question, "answer": f.answer} for f in question.follow_ups
    ]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's is 10x faster
    header = yaml.dump(front, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000)
    sections = [
        ("Short answer", question.short_answer),
        ("Detailed answer", question.detailed_answer),
    ]
    if question.common_mistakes:
        sections.append(("Common mistakes", question.common_mistakes))
    # An own question may leave a section empty (content.loader, `own`); an empty `##`
    # section would not read back.
    body = "\n\n".join(f"## {name}\n\n{text.strip()}" for name, text in sections if text.strip())
    return f"---\n{header}---\n\n{body}\n"


def question_file_name(question: Question) -> str:
    """`07-batch-normalization.md`: the number first, so a folder lists in order (and the
    data folder's own questions are found by id: `100000-*.md`)."""
    slug = _SLUG.sub("-", question.title.lower()).strip("-")[:48].rstrip("-") or "question"
    return f"{question.id:02d}-{slug}.md"
