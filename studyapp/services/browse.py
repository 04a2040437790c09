"""The browser's list: search, filters and sort combined in one place, testable without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from studyapp.content.search import parse_query
from studyapp.domain import Question
from studyapp.services.library import LibraryService
from studyapp.services.study import QuestionOverview, StudyService

STATUSES = ("new", "learning", "review", "due", "mastered", "weak")
_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)
_LONG_AGO = datetime.min.replace(tzinfo=UTC)
# Statuses and predicted recall drift with time; between changes they are recomputed this often.
MAX_AGE = timedelta(minutes=1)


class SortOrder(StrEnum):
    BEST_MATCH = "best-match"  # search ranking while searching, number order otherwise
    NUMBER = "number"
    WEAKEST = "weakest"
    LAST_REVIEWED = "last-reviewed"
    NEXT_DUE = "next-due"


@dataclass(frozen=True)
class BrowseFilter:
    """Empty sets mean "any"; every non-empty criterion must hold (they combine with AND)."""

    query: str = ""
    topics: frozenset[str] = field(default_factory=frozenset)
    difficulties: frozenset[int] = field(default_factory=frozenset)
    statuses: frozenset[str] = field(default_factory=frozenset)
    starred_only: bool = False
    mine_only: bool = False  # only the learner's own questions (written or imported)
    sort: SortOrder = SortOrder.BEST_MATCH


@dataclass(frozen=True)
class BrowseRow:
    question: Question
    overview: QuestionOverview
    starred: bool
    has_note: bool = False


@dataclass(frozen=True)
class BrowseResult:
    rows: tuple[BrowseRow, ...]
    terms: tuple[str, ...]  # what to highlight
    total: int
    # When the query as typed matched nothing but a spelling correction did: the corrected
    # query, whose results `rows` holds (the browser says so: "Showing results for ...").
    corrected: str | None = None


@dataclass(frozen=True)
class NoMatch:
    """Why a search and filters found nothing, to tell the user what to change."""

    terms: tuple[tuple[str, int], ...]  # each search term and how many questions hold it
    search_alone: int  # questions the search matches before the filters narrow it
    filtered: bool  # whether any filter was set
    # Each filter that is set ("topics", "difficulties", "statuses", "starred") and how many
    # questions would match with only that one removed: what to offer the user to drop.
    relax: tuple[tuple[str, int], ...] = ()


def _without(spec: BrowseFilter) -> dict[str, BrowseFilter]:
    """`spec` with each one filter removed, keyed by the filter's name."""
    return {
        "topics": replace(spec, topics=frozenset()),
        "difficulties": replace(spec, difficulties=frozenset()),
        "statuses": replace(spec, statuses=frozenset()),
        "starred": replace(spec, starred_only=False),
        "mine": replace(spec, mine_only=False),
    }


class BrowseService:
    def __init__(self, library: LibraryService, study: StudyService) -> None:
        self.library = library
        self.study = study
        self._rows: dict[int, BrowseRow] | None = None
        self._rows_key: tuple[int, float, int, int] = (0, 0.0, -1, -1)
        self._rows_at = _LONG_AGO

    def invalidate(self) -> None:
        """Forget cached progress; call after reviews or settings change it."""
        self._rows = None

    def overview(self) -> dict[int, QuestionOverview]:
        return {qid: row.overview for qid, row in self.rows().items()}

    def rows(self) -> dict[int, BrowseRow]:
        """Every question's row (status, recall, star), cached between keystrokes: computing
        them means reading every card and predicting recall for each, which would cost more
        than the search itself. Rebuilt after `invalidate`, when stars or the weak and
        retention settings change, and at least once a minute as recall drifts."""
        now = self.study.clock.now()
        key = (
            self.study.weak_lapses,
            self.study.scheduler.desired_retention,
            self.library.stars_version,
            self.library.notes_version,
        )
        if self._rows is None or key != self._rows_key or abs(now - self._rows_at) > MAX_AGE:
            overview = self.study.overview()
            starred = self.library.starred()
            noted = self.library.noted()
            self._rows = {
                q.id: BrowseRow(q, overview[q.id], q.id in starred, q.id in noted)
                for q in self.library.questions
            }
            self._rows_key = key
            self._rows_at = now
        return self._rows

    def browse(self, spec: BrowseFilter) -> BrowseResult:
        every = self.rows()
        corrected = self._correction(spec.query)
        query = corrected or spec.query
        rows = [every[qid] for qid in self.library.search_ids(query, spec.topics)]
        if spec.difficulties or spec.statuses or spec.starred_only or spec.mine_only:
            rows = [
                r
                for r in rows
                if (not spec.difficulties or r.question.difficulty in spec.difficulties)
                and (not spec.statuses or r.overview.status in spec.statuses)
                and (not spec.starred_only or r.starred)
                and (not spec.mine_only or r.question.is_own)
            ]
        if spec.sort == SortOrder.NUMBER or (
            spec.sort == SortOrder.BEST_MATCH and not parse_query(query)
        ):
            rows.sort(key=lambda r: r.question.id)
        elif spec.sort == SortOrder.WEAKEST:
            # As the quiz's "weakest first": questions marked weak, then the lowest predicted
            # recall, then the most lapses; never studied last.
            rows.sort(
                key=lambda r: (
                    r.overview.reps == 0,
                    r.overview.status != "weak",
                    r.overview.recall,
                    -r.overview.lapses,
                )
            )
        elif spec.sort == SortOrder.LAST_REVIEWED:
            rows.sort(key=lambda r: r.overview.last_review or _LONG_AGO, reverse=True)
        elif spec.sort == SortOrder.NEXT_DUE:
            rows.sort(key=lambda r: r.overview.due or _FAR_FUTURE)
        return BrowseResult(
            tuple(rows), tuple(parse_query(query)), len(self.library.questions), corrected
        )

    def facet_counts(self, spec: BrowseFilter, name: str) -> dict[object, int]:
        """For the filter `name` ("topics", "difficulties", "statuses"): how many questions
        each of its choices would list, with the search and the other filters as they are
        (what the filter's menu shows beside each choice)."""
        without = _without(spec)[name]
        counts: dict[object, int] = {}
        for row in self.browse(without).rows:
            key: object = {
                "topics": row.question.topic,
                "difficulties": row.question.difficulty,
                "statuses": row.overview.status,
            }[name]
            counts[key] = counts.get(key, 0) + 1
        return counts

    def _correction(self, query: str) -> str | None:
        """A spelling correction of `query` to search for instead, when the query as typed
        finds nothing and the corrected one finds something; else None."""
        if not parse_query(query) or self.library.search_ids(query):
            return None
        fixed = self.library.correct(query)
        return fixed if fixed is not None and self.library.search_ids(fixed) else None

    def explain_no_match(self, spec: BrowseFilter) -> NoMatch:
        query = self._correction(spec.query) or spec.query
        terms = parse_query(query)
        filtered = bool(
            spec.topics or spec.difficulties or spec.statuses or spec.starred_only or spec.mine_only
        )
        per_term = tuple((term, len(self.library.search(f'"{term}"'))) for term in terms)
        relax = tuple(
            (name, len(self.browse(without).rows))
            for name, without in _without(spec).items()
            if without != spec
        )
        return NoMatch(per_term, len(self.library.search(query)), filtered, relax)
