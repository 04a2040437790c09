"""The question editor's fields as plain text, checked, and turned into a `Question`.

The editor shows a question as text a person types: key points one a line, each follow-up
a paragraph whose first line is the interviewer's question and the rest its answer, tags
separated by commas, the topic by its name (a name no topic has yet makes a new topic).
Checking happens here, without Qt, so every message the editor shows is tested plainly;
the store (services.own_questions) checks the file it writes once more. A question whose
answers are both empty is kept as one with its answer still to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from studyapp.content.loader import FOLLOW_UPS_RANGE, OWN_KEY_POINTS_RANGE
from studyapp.domain import OWN_ID_START, FollowUp, Question

LEVELS = ((1, "Basic"), (2, "Intermediate"), (3, "Advanced"))
MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 100_000  # what the renderer shows formatted (content.render)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class QuestionForm:
    title: str = ""
    short_answer: str = ""
    detailed_answer: str = ""
    key_points: str = ""  # one a line
    follow_ups: str = ""  # paragraphs: the question on the first line, the answer below it
    topic: str = ""  # a topic's name, or a new one
    difficulty: int = 2
    tags: str = ""  # comma-separated

    def key_point_list(self) -> tuple[str, ...]:
        points = (line.strip().lstrip("-•*").strip() for line in self.key_points.splitlines())
        return tuple(p for p in points if p)

    def follow_up_list(self) -> tuple[FollowUp, ...]:
        items = []
        for block in _BLANK_LINE.split(self.follow_ups.strip()):
            lines = [line.strip() for line in block.strip().splitlines()]
            if lines and lines[0]:
                items.append(FollowUp(lines[0], " ".join(line for line in lines[1:] if line)))
        return tuple(items)

    def tag_list(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.strip() for t in self.tags.split(",") if t.strip()))


@dataclass(frozen=True)
class FormProblem:
    field: str  # the QuestionForm field to put the cursor in
    message: str


def form_problems(form: QuestionForm) -> list[FormProblem]:
    """Everything that stops the form from being saved, in the order of the fields."""
    found: list[FormProblem] = []
    title = " ".join(form.title.split())
    if not title:
        found.append(FormProblem("title", "Write the question."))
    elif len(title) > MAX_TITLE_CHARS:
        found.append(
            FormProblem(
                "title",
                f"The question is {len(title)} characters; keep it under "
                f"{MAX_TITLE_CHARS} and put the rest in the answer.",
            )
        )
    for name, label in (("short_answer", "short answer"), ("detailed_answer", "detailed answer")):
        if len(getattr(form, name)) > MAX_TEXT_CHARS:
            found.append(
                FormProblem(name, f"The {label} is longer than {MAX_TEXT_CHARS:,} characters.")
            )
    high = OWN_KEY_POINTS_RANGE[1]
    points = form.key_point_list()
    if len(points) > high:
        found.append(
            FormProblem("key_points", f"At most {high} key points; this has {len(points)}.")
        )
    follow = form.follow_up_list()
    if len(follow) > FOLLOW_UPS_RANGE[1]:
        found.append(
            FormProblem(
                "follow_ups", f"At most {FOLLOW_UPS_RANGE[1]} follow-ups; this has {len(follow)}."
            )
        )
    for number, item in enumerate(follow, start=1):
        if not item.answer:
            found.append(
                FormProblem(
                    "follow_ups",
                    f"Follow-up {number} ('{item.question[:40]}') has no "
                    "answer: write it on the lines under its question.",
                )
            )
    if not form.topic.strip():
        found.append(FormProblem("topic", "Choose a topic, or type the name of a new one."))
    if form.difficulty not in dict(LEVELS):
        found.append(FormProblem("difficulty", "Choose a level."))
    return found


def form_question(form: QuestionForm, question_id: int | None, topic_id: str) -> Question:
    """The question the form describes, for the live preview (checked or not); a new
    question has no id yet and is shown under the first own one."""
    short, detailed = form.short_answer.strip(), form.detailed_answer.strip()
    return Question(
        id=question_id or OWN_ID_START,
        title=" ".join(form.title.split()),
        topic=topic_id,
        difficulty=form.difficulty if form.difficulty in dict(LEVELS) else 2,
        tags=form.tag_list(),
        related=(),
        key_points=form.key_point_list(),
        follow_ups=form.follow_up_list(),
        short_answer=short,
        detailed_answer=detailed,
        common_mistakes="",
        source_path="",
        needs_answer=not (short or detailed),
    )


def question_form(question: Question, topic_name: str) -> QuestionForm:
    """The form showing `question`, for editing it."""
    return QuestionForm(
        title=question.title,
        short_answer=question.short_answer,
        detailed_answer=question.detailed_answer,
        key_points="\n".join(question.key_points),
        follow_ups="\n\n".join(f"{f.question}\n{f.answer}" for f in question.follow_ups),
        topic=topic_name,
        difficulty=question.difficulty,
        tags=", ".join(question.tags),
    )


def apply_form(original: Question, form: QuestionForm, topic_id: str) -> Question:
    """`original` with what the form edits changed; what it does not show (related
    questions, other phrasings, common mistakes, misconceptions) is kept, and a key point
    whose text did not change keeps its checker rules."""
    edited = form_question(form, original.id, topic_id)
    rules = {point: original.rules_for(i) for i, point in enumerate(original.key_points)}
    return replace(
        original,
        title=edited.title,
        topic=edited.topic,
        difficulty=edited.difficulty,
        tags=edited.tags,
        key_points=edited.key_points,
        key_point_rules=tuple(rules.get(point, ()) for point in edited.key_points),
        follow_ups=edited.follow_ups,
        short_answer=edited.short_answer,
        detailed_answer=edited.detailed_answer,
        needs_answer=edited.needs_answer,
    )
