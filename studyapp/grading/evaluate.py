"""Scoring the checker against labelled answers (`tests/fixtures/grading/corpus-*.yaml`).

One place computes the figures the benchmark prints and the tests hold floors on: micro
precision / recall / F1 of the ticks, how often the rating equals (or is within one step of)
the label, undeserved ticks on keyword salad and wrong answers, recall per kind, and the
misconceptions found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from studyapp.domain import Question, Rating
from studyapp.grading.checker import Checker, Grade

KINDS = ("strong", "partial", "paraphrase", "salad", "wrong")
NO_CREDIT_KINDS = ("salad", "wrong")


@dataclass(frozen=True)
class LabelledAnswer:
    question: int
    kind: str
    answer: str
    covered: frozenset[int]
    rating: Rating
    misconceptions: frozenset[int]
    source: str  # file and position, for messages


class CorpusError(ValueError):
    """A corpus entry that cannot be read; the message names the file and entry."""


def load_corpus(folder: Path) -> list[LabelledAnswer]:
    """Every labelled answer in `folder`'s corpus-*.yaml files, in file order."""
    items: list[LabelledAnswer] = []
    for path in sorted(folder.glob("corpus-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise CorpusError(f"{path.name}: expected a list of answers")
        for number, entry in enumerate(data, 1):
            where = f"{path.name} #{number}"
            try:
                items.append(
                    LabelledAnswer(
                        question=int(entry["question"]),
                        kind=str(entry["kind"]),
                        answer=str(entry["answer"]),
                        covered=frozenset(int(i) for i in entry.get("covered") or ()),
                        rating=Rating[str(entry["rating"]).upper()],
                        misconceptions=frozenset(int(i) for i in entry.get("misconceptions") or ()),
                        source=where,
                    )
                )
            except (KeyError, TypeError, ValueError) as error:
                raise CorpusError(f"{where}: {error!r}") from None
    return items


@dataclass
class Scores:
    answers: int = 0
    true_ticks: int = 0
    false_ticks: int = 0
    missed_ticks: int = 0
    rating_equal: int = 0
    rating_near: int = 0
    no_credit_ticks: int = 0  # ticks given on salad and wrong answers
    no_credit_undeserved: int = 0
    kind_covered: Counter[str] = field(default_factory=Counter)
    kind_found: Counter[str] = field(default_factory=Counter)
    misconceptions_true: int = 0
    misconceptions_false: int = 0
    misconceptions_missed: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        given = self.true_ticks + self.false_ticks
        return self.true_ticks / given if given else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_ticks + self.missed_ticks
        return self.true_ticks / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def undeserved_rate(self) -> float:
        """Of the ticks given on salad and wrong answers, the share a listener would refuse."""
        return self.no_credit_undeserved / self.no_credit_ticks if self.no_credit_ticks else 0.0

    def kind_recall(self, kind: str) -> float:
        wanted = self.kind_covered[kind]
        return self.kind_found[kind] / wanted if wanted else 1.0

    def summary(self) -> str:
        kinds = ", ".join(
            f"{kind} {self.kind_recall(kind):.2f}" for kind in KINDS if self.kind_covered[kind]
        )
        return (
            f"{self.answers} answers: precision {self.precision:.3f}, recall {self.recall:.3f}, "
            f"F1 {self.f1:.3f}; rating equal {self.rating_equal / max(self.answers, 1):.1%}, "
            f"within one step {self.rating_near / max(self.answers, 1):.1%}; undeserved ticks "
            f"on salad/wrong {self.no_credit_undeserved}/{self.no_credit_ticks} "
            f"({self.undeserved_rate:.1%}); recall by kind: {kinds}; misconceptions found "
            f"{self.misconceptions_true}, false {self.misconceptions_false}, "
            f"missed {self.misconceptions_missed}"
        )


def authored(questions: Iterable[Question]) -> dict[int, Question]:
    """The questions whose key points all carry authored rules, by id."""
    return {
        q.id: q
        for q in questions
        if q.key_point_rules and all(q.rules_for(i) for i in range(len(q.key_points)))
    }


def evaluate(
    checker: Checker, questions: dict[int, Question], items: Sequence[LabelledAnswer]
) -> Scores:
    """Grade every labelled answer whose question is in `questions` and score the result."""
    scores = Scores()
    for item in items:
        question = questions.get(item.question)
        if question is None:
            continue
        grade = checker.grade(question, item.answer)
        _score(scores, item, grade)
    return scores


def _score(scores: Scores, item: LabelledAnswer, grade: Grade) -> None:
    scores.answers += 1
    ticked = set(grade.covered)
    true = ticked & item.covered
    false = ticked - item.covered
    missed = item.covered - ticked
    scores.true_ticks += len(true)
    scores.false_ticks += len(false)
    scores.missed_ticks += len(missed)
    scores.kind_covered[item.kind] += len(item.covered)
    scores.kind_found[item.kind] += len(true)
    if item.kind in NO_CREDIT_KINDS:
        scores.no_credit_ticks += len(ticked)
        scores.no_credit_undeserved += len(false)
    scores.rating_equal += grade.rating == item.rating
    scores.rating_near += abs(int(grade.rating) - int(item.rating)) <= 1
    found = {m.index for m in grade.misconceptions}
    scores.misconceptions_true += len(found & item.misconceptions)
    scores.misconceptions_false += len(found - item.misconceptions)
    scores.misconceptions_missed += len(item.misconceptions - found)
    if false or missed or found != item.misconceptions:
        scores.mistakes.append(
            f"{item.source} Q{item.question} {item.kind}: false {sorted(false)} "
            f"missed {sorted(missed)} misconceptions {sorted(found)} vs "
            f"{sorted(item.misconceptions)}"
        )
