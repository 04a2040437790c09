"""The learner's own questions: a second source of questions, read from the data folder.

They are markdown files in the format of `content/questions/` (one file per question, YAML
front matter and `##` sections), kept in `<data folder>/questions/`, with their pictures in
`<data folder>/media/` and any topics of their own in `<data folder>/questions/topics.yaml`.
So upgrades and reinstalls never touch them, backups carry them, and a text editor can read
them. Their ids start at OWN_ID_START, far above the built-in range: progress is keyed on the
id, so neither source can ever take over the other's history.

This module reads that folder into a `Library` and merges it with the built-in one. The file
format is the packs' (`interchange.question_file.question_markdown`, which the loader reads
back to an equal question); writing is `storage.own_files`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from studyapp.content.loader import (
    ContentError,
    ContentProblem,
    Library,
    load_topics,
    parse_question_file,
)
from studyapp.domain import Question, Topic

QUESTIONS_FOLDER = "questions"
TOPICS_FILE = "topics.yaml"
# The topic an own question gets when neither the learner nor the imported file names one.
DEFAULT_TOPIC = Topic("my-questions", "My questions", "Questions you added yourself.", 0)
_SLUG = re.compile(r"[^a-z0-9]+")


def questions_dir(data_dir: Path) -> Path:
    return data_dir / QUESTIONS_FOLDER


def topics_file(data_dir: Path) -> Path:
    return questions_dir(data_dir) / TOPICS_FILE


def slug(text: str) -> str:
    """A topic id from a topic's name: lowercase ASCII words joined by hyphens."""
    return _SLUG.sub("-", text.lower()).strip("-")[:40].rstrip("-") or "topic"


def load_own_topics(data_dir: Path, after: int = 0) -> tuple[list[Topic], list[ContentProblem]]:
    """The learner's own topics (none when the file does not exist yet)."""
    path = topics_file(data_dir)
    problems: list[ContentProblem] = []
    if not path.is_file():
        return [], problems
    return load_topics(path, problems, first_order=after), problems


def load_own_library(data_dir: Path, builtin_topics: tuple[Topic, ...]) -> Library:
    """Every valid own question in `data_dir`; a broken file is reported, never fatal.
    Topics are the learner's own ones (the built-in ones stay with the built-in library)."""
    topics, problems = load_own_topics(data_dir, after=len(builtin_topics))
    known = {t.id for t in builtin_topics}
    topics = [t for t in topics if t.id not in known]
    topic_ids = known | {t.id for t in topics}
    questions: dict[int, Question] = {}
    folder = questions_dir(data_dir)
    # Questions written in the app sit in the folder itself, each import in a folder of its
    # own (storage.own_files); hidden folders are never questions.
    files = sorted(
        path
        for path in (folder.rglob("*.md") if folder.is_dir() else ())
        if not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    for path in files:
        try:
            question, lines = parse_question_file(path, topic_ids, None, own=True)
        except ContentError as error:
            problems.append(error.problem)
            continue
        if question.id in questions:
            other = Path(questions[question.id].source_path).name
            message = f"duplicate id {question.id} (also used by {other})"
            problems.append(ContentProblem(str(path), lines.get("id", 1), message))
            continue
        questions[question.id] = question
    ordered = tuple(sorted(questions.values(), key=lambda q: q.id))
    return Library(tuple(topics), ordered, tuple(problems))


def merge_libraries(builtin: Library, own: Library) -> Library:
    """One library of both sources: built-in questions first (their ids are lower), then the
    learner's; own topics after the built-in ones. Related links to a question that is not
    there are dropped, so no screen has to check them."""
    questions = builtin.questions + own.questions
    known = {q.id for q in questions}
    cleaned = tuple(
        q
        if all(r in known for r in q.related)
        else replace(q, related=tuple(r for r in q.related if r in known))
        for q in own.questions
    )
    return Library(
        builtin.topics + own.topics,
        builtin.questions + cleaned,
        builtin.problems + own.problems,
    )


def topics_yaml(topics: list[Topic]) -> str:
    import yaml

    entries = [{"id": t.id, "name": t.name, "description": t.description} for t in topics]
    return yaml.safe_dump({"topics": entries}, sort_keys=False, allow_unicode=True, width=100)


def split_answer(answer: str) -> tuple[str, str]:
    """An imported answer (one markdown text) as short and detailed answer: the first
    paragraph is the short answer when more follows, else the whole text is."""
    text = answer.strip()
    head, sep, rest = text.partition("\n\n")
    if sep and rest.strip() and not head.lstrip().startswith(("```", "$$", "|", "-", "*", "#")):
        return head.strip(), rest.strip()
    return text, ""
