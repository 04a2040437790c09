"""The dashboard's "what to do next": one sentence and one action, chosen from the figures.

Kept out of the widgets so the choice can be tested without Qt. The order of the rules is the
order of urgency: due reviews first (FSRS has scheduled them for today), then new questions,
then firming up the weakest topic, then drilling the weakest questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from studyapp.stats.dashboard import Dashboard, weakest_topic
from studyapp.wording import plural

SESSION_SIZE = 10


class NextAction(StrEnum):
    FIRST_SESSION = "first"  # nothing studied yet: due then new
    DUE_SESSION = "due"  # due questions first, then new ones
    LEARN_NEW = "new"
    PRACTISE_TOPIC = "topic"
    DRILL_WEAKEST = "drill"


@dataclass(frozen=True)
class NextStep:
    sentence: str  # plain text; the UI may embolden the part before the first colon
    action: NextAction
    button: str
    topic_id: str | None = None
    size: int = SESSION_SIZE


def next_step(data: Dashboard, new_left_today: int | None = None) -> NextStep:
    """`new_left_today` is how many new questions today's limit still lets a session start
    (None: no limit); the sizes named are then the sessions' real lengths."""
    new = data.new_questions if new_left_today is None else min(data.new_questions, new_left_today)
    if data.is_empty:
        return NextStep(
            "Start with ten new questions: each rating schedules the question's next review.",
            NextAction.FIRST_SESSION,
            "Start your first session",
        )
    weakest = weakest_topic(data.topics)
    weak_topic = f"topic {weakest.topic.name} is weakest" if weakest else ""
    if data.due_today:
        size = min(SESSION_SIZE, data.due_today + new)  # new ones fill up
        rest = f", {weak_topic}" if weak_topic else ""
        return NextStep(
            f"{data.due_today} due today{rest}: start a session of {plural(size, 'question')}.",
            NextAction.DUE_SESSION,
            f"Start {plural(size, 'question')}",
            size=size,
        )
    if new:
        size = min(SESSION_SIZE, new)
        return NextStep(
            f"Nothing due: learn {size} of your {plural(data.new_questions, 'new question')}.",
            NextAction.LEARN_NEW,
            f"Learn {size} new",
            size=size,
        )
    if weakest is not None and weakest.mean_recall < 0.9:
        return NextStep(
            f"All caught up, {weak_topic}: practise it while nothing is due.",
            NextAction.PRACTISE_TOPIC,
            f"Practise {weakest.topic.name}",
            topic_id=weakest.topic.id,
        )
    return NextStep(
        "All caught up: drill your weakest questions to firm them up.",
        NextAction.DRILL_WEAKEST,
        "Drill weakest questions",
        size=len(data.weakest),
    )
