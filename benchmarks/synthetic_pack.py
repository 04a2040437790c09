"""A large synthetic question pack, made from the real answers, for search-speed figures."""

from __future__ import annotations

import random
from dataclasses import replace

from studyapp.content.loader import Library
from studyapp.domain import Question


def scaled_library(library: Library, size: int, seed: int = 3) -> Library:
    """`size` questions whose texts are shuffled recombinations of the real ones."""
    rng = random.Random(seed)
    source = list(library.questions)
    words = " ".join(q.detailed_answer for q in source).split()
    questions: list[Question] = []
    for index in range(size):
        base = source[index % len(source)]
        start = rng.randrange(max(1, len(words) - 500))
        body = " ".join(words[start : start + 450])
        questions.append(
            replace(
                base,
                id=index + 1,
                title=f"{base.title} (variant {index // len(source) + 1})",
                detailed_answer=body,
                related=(),
            )
        )
    return Library(library.topics, tuple(questions), ())
