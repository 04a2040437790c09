"""Full content check for authors: the loader's problems plus id gaps and formula errors."""

from __future__ import annotations

from pathlib import Path

from studyapp.content.loader import ContentProblem, load_library
from studyapp.content.render import AnswerRenderer
from studyapp.content.theme import LIGHT


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
    renderer = AnswerRenderer(root, LIGHT)
    for question in library.questions:
        for message in renderer.render_question(question).problems:
            problems.append(ContentProblem(question.source_path, 0, message))
    return problems
