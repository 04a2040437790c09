"""The browser's list without Qt: search, filters and sorts combined on known content."""

from __future__ import annotations

from datetime import timedelta

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.services.browse import BrowseFilter, SortOrder


def ids(services: AppServices, **spec: object) -> list[int]:
    return [row.question.id for row in services.browse.browse(BrowseFilter(**spec)).rows]  # type: ignore[arg-type]


def test_every_filter_combines_with_search(services: AppServices, clock: FixedClock) -> None:
    services.study.rate(NewReview(3, Rating.AGAIN, 1000))
    services.library.set_starred(1, True)
    services.library.set_starred(3, True)
    assert ids(services) == [1, 2, 3]
    assert ids(services, topics=frozenset({"basics"})) == [1, 3]
    assert ids(services, topics=frozenset({"basics", "optim"})) == [1, 2, 3]
    assert ids(services, topics=frozenset({"basics"}), difficulties=frozenset({2})) == [3]
    assert ids(services, statuses=frozenset({"new"})) == [1, 2]
    assert ids(services, statuses=frozenset({"due", "learning"})) == [3]
    assert ids(services, starred_only=True) == [1, 3]
    assert ids(services, starred_only=True, statuses=frozenset({"new"})) == [1]
    assert ids(services, query="probabilit", starred_only=True) == [1, 3]
    assert ids(services, query="probabilit", difficulties=frozenset({1})) == [1]
    assert ids(services, query="velocity") == [2]
    assert ids(services, query="velocity", topics=frozenset({"basics"})) == []
    result = services.browse.browse(BrowseFilter(query='dropout "keep probability"'))
    assert [r.question.id for r in result.rows] == [3]
    assert result.terms == ("dropout", "keep probability") and result.total == 3


def test_stars_and_reviews_show_without_a_restart(services: AppServices) -> None:
    assert ids(services, starred_only=True) == []
    services.library.set_starred(2, True)  # the star counter tells the cache
    assert ids(services, starred_only=True) == [2]
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    services.browse.invalidate()  # what the browser does when a review is published
    assert ids(services, statuses=frozenset({"new"})) == [2, 3]


def test_sort_orders(services: AppServices, clock: FixedClock) -> None:
    services.study.rate(NewReview(2, Rating.EASY, 1000))
    clock.advance(timedelta(minutes=5))
    services.study.rate(NewReview(3, Rating.AGAIN, 1000))
    assert ids(services, sort=SortOrder.LAST_REVIEWED)[:2] == [3, 2]
    assert ids(services, sort=SortOrder.NEXT_DUE) == [3, 2, 1]
    clock.advance(timedelta(days=2))  # recall fades fastest for the one just forgotten
    assert ids(services, sort=SortOrder.WEAKEST) == [3, 2, 1]  # never studied comes last
    assert ids(services, sort=SortOrder.NUMBER, query="what") == [1, 2, 3]
    assert ids(services, sort=SortOrder.BEST_MATCH, query="what")[-1] == 3  # not in its title
    assert ids(services, sort=SortOrder.BEST_MATCH) == [1, 2, 3]


def test_explain_no_match(services: AppServices) -> None:
    why = services.browse.explain_no_match(BrowseFilter(query="momentum zzqx"))
    assert why.terms == (("momentum", 1), ("zzqx", 0)) and not why.filtered
    why = services.browse.explain_no_match(
        BrowseFilter(query="momentum", topics=frozenset({"basics"}))
    )
    assert why.search_alone == 1 and why.filtered
