"""The answer checker: an answer's text in; each key point covered or not with the span that
covers it, the misconceptions it states, and the rating that implies.

One function (`Checker.grade`) serves every caller: the quiz after a typed answer, the
`--grade` command, and spoken answers once transcribed. It is deterministic and explainable:
every tick comes with the rule that matched and where.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyapp.domain import Question, Rating
from studyapp.grading.analysis import analyse
from studyapp.grading.derive import DerivedRule, derive_rule, derived_hits
from studyapp.grading.lexicon import Lexicon, shipped_lexicon
from studyapp.grading.matcher import CompiledRule, Hit, Matcher, compile_rule, known_words
from studyapp.grading.rating import suggest_rating


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of the answer."""

    start: int
    end: int


@dataclass(frozen=True)
class PointResult:
    index: int
    covered: bool
    evidence: tuple[Span, ...]  # where the answer states it (empty when not covered)
    rule: str | None  # the rule that matched first, for explanations


@dataclass(frozen=True)
class MisconceptionFound:
    index: int
    claim: str
    correction: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class Grade:
    points: tuple[PointResult, ...]
    misconceptions: tuple[MisconceptionFound, ...]
    rating: Rating

    @property
    def covered(self) -> tuple[int, ...]:
        return tuple(point.index for point in self.points if point.covered)

    def as_json(self) -> dict[str, Any]:
        """The `--grade` output: covered indices, rating, evidence per covered point."""
        return {
            "covered": list(self.covered),
            "rating": self.rating.name.lower(),
            "evidence": {
                str(point.index): [[span.start, span.end] for span in point.evidence]
                for point in self.points
                if point.covered
            },
            "misconceptions": [
                {
                    "index": found.index,
                    "claim": found.claim,
                    "correction": found.correction,
                    "evidence": [[span.start, span.end] for span in found.evidence],
                }
                for found in self.misconceptions
            ],
        }


@dataclass(frozen=True)
class _CompiledQuestion:
    points: tuple[tuple[CompiledRule, ...] | DerivedRule, ...]
    misconceptions: tuple[tuple[CompiledRule, ...], ...]


class Checker:
    """Grades answers to questions; compiles each question's rules once."""

    def __init__(self, lexicon: Lexicon, known: Iterable[str] = ()) -> None:
        self.lexicon = lexicon
        self.known = set(known) | lexicon.vocabulary()
        self._compiled: dict[tuple[object, ...], _CompiledQuestion] = {}

    @classmethod
    def for_questions(
        cls, questions: Sequence[Question], lexicon_root: Path | None = None
    ) -> Checker:
        """A checker that knows the words of these questions (so a word they use is never
        taken for a misspelling of another) and the lexicon of `lexicon_root`'s content."""
        return cls(shipped_lexicon(lexicon_root), known_words(_texts(questions)))

    def grade(self, question: Question, answer: str) -> Grade:
        compiled = self._compile(question)
        matcher = Matcher(analyse(answer, self.lexicon), self.known)
        found: list[MisconceptionFound] = []
        wrong_units: set[int] = set()
        for index, rules in enumerate(compiled.misconceptions):
            hits = [hit for rule in rules for hit in matcher.hits(rule)]
            if hits:
                item = question.misconceptions[index]
                found.append(MisconceptionFound(index, item.claim, item.correction, _spans(hits)))
                wrong_units.update(hit.unit for hit in hits)
        points: list[PointResult] = []
        for index, point_rules in enumerate(compiled.points):
            # A sentence stating a wrong claim earns no credit, whatever else it names.
            if isinstance(point_rules, DerivedRule):
                hits = derived_hits(matcher, point_rules, wrong_units)
                source = point_rules.source if hits else None
            else:
                hits, source = [], None
                for rule in point_rules:
                    rule_hits = matcher.hits(rule, wrong_units)
                    if rule_hits and source is None:
                        source = rule.source
                    hits.extend(rule_hits)
            points.append(PointResult(index, bool(hits), _spans(hits), source))
        covered = sum(point.covered for point in points)
        rating = suggest_rating(covered, len(points), misconception=bool(found))
        return Grade(tuple(points), tuple(found), rating)

    def _compile(self, question: Question) -> _CompiledQuestion:
        key = (question.id, question.key_points, question.key_point_rules, question.misconceptions)
        compiled = self._compiled.get(key)
        if compiled is None:
            lexicon = self.lexicon
            points: list[tuple[CompiledRule, ...] | DerivedRule] = []
            for index, point in enumerate(question.key_points):
                rules = question.rules_for(index)
                if rules:
                    points.append(tuple(compile_rule(rule, lexicon) for rule in rules))
                else:
                    points.append(derive_rule(point, lexicon))
            wrong = tuple(
                tuple(compile_rule(rule, lexicon) for rule in item.match)
                for item in question.misconceptions
            )
            compiled = self._compiled[key] = _CompiledQuestion(tuple(points), wrong)
        return compiled


def _spans(hits: Iterable[Hit]) -> tuple[Span, ...]:
    """The hits' spans in order, overlapping ones merged."""
    merged: list[Span] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        if merged and hit.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, hit.end))
        else:
            merged.append(Span(hit.start, hit.end))
    return tuple(merged)


def _texts(questions: Sequence[Question]) -> Iterable[str]:
    for question in questions:
        yield question.title
        yield question.short_answer
        yield question.detailed_answer
        yield question.common_mistakes
        yield from question.key_points
        yield from question.asked_as
        for rules in question.key_point_rules:
            yield from (rule.replace("*", " ") for rule in rules)
        for item in question.misconceptions:
            yield item.claim
            yield item.correction
        for follow_up in question.follow_ups:
            yield follow_up.question
            yield follow_up.answer
