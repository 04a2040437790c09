"""Search over questions: every word must match (AND), quoted text must match as a phrase.

The index is plain lowercase text per question, built once; notes are passed at query time
because they change while the app runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from studyapp.domain import Question

_TERMS = re.compile(r'"([^"]+)"|(\S+)')


def parse_query(query: str) -> list[str]:
    """Terms of a query, lowercased: words, and phrases given in double quotes."""
    terms = []
    for phrase, word in _TERMS.findall(query.lower()):
        term = (phrase or word).strip().strip('"')
        if term:
            terms.append(" ".join(term.split()))
    return terms


@dataclass(frozen=True)
class SearchHit:
    question_id: int
    score: int


class SearchIndex:
    def __init__(self, questions: Sequence[Question]) -> None:
        self._titles = {q.id: q.title.lower() for q in questions}
        self._bodies = {
            q.id: " ".join(
                [
                    q.short_answer,
                    q.detailed_answer,
                    q.common_mistakes,
                    " ".join(q.key_points),
                    " ".join(q.tags),
                    " ".join(f"{f.question} {f.answer}" for f in q.follow_ups),
                ]
            ).lower()
            for q in questions
        }
        self._bodies = {qid: " ".join(text.split()) for qid, text in self._bodies.items()}
        self._order = [q.id for q in questions]

    def search(self, query: str, notes: Mapping[int, str] | None = None) -> list[SearchHit]:
        """Matching question ids, best first: title matches outrank body matches."""
        terms = parse_query(query)
        if not terms:
            return [SearchHit(qid, 0) for qid in self._order]
        notes = notes or {}
        hits = []
        for qid in self._order:
            title = self._titles[qid]
            body = self._bodies[qid]
            note = notes.get(qid, "").lower()
            score = 0
            for term in terms:
                if term in title:
                    score += 3
                elif term in body or (note and term in note):
                    score += 1
                else:
                    break
            else:
                hits.append(SearchHit(qid, score))
        hits.sort(key=lambda h: -h.score)
        return hits
