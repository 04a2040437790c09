"""Search semantics against known content: words AND, quoted phrases, word prefixes, notes,
ranking, highlight positions, and input that must never reach FTS5's own query syntax."""

from __future__ import annotations

import pytest

from studyapp.app import AppServices
from studyapp.content.loader import load_library
from studyapp.content.search import SearchIndex, highlight_spans, match_pattern, parse_query
from tests.conftest import FIXTURE_CONTENT, REAL_CONTENT


@pytest.fixture(scope="module")
def real_index() -> SearchIndex:
    return SearchIndex(load_library(REAL_CONTENT).questions)


@pytest.fixture(scope="module")
def fixture_index() -> SearchIndex:
    return SearchIndex(load_library(FIXTURE_CONTENT).questions)


def test_dropout_finds_both_dropout_questions_first(real_index: SearchIndex) -> None:
    found = real_index.search("dropout")
    assert set(found[:2]) == {12, 41}  # the two questions about dropout, before mentions
    assert len(found) > 2  # answers that merely mention dropout follow
    assert real_index.search("Dropout") == found  # case does not matter


def test_words_combine_with_and(real_index: SearchIndex) -> None:
    dropout = set(real_index.search("dropout"))
    overfitting = set(real_index.search("overfitting"))
    both = set(real_index.search("dropout overfitting"))
    assert both == dropout & overfitting
    assert 41 in both and both < dropout


def test_quotes_search_a_phrase(fixture_index: SearchIndex) -> None:
    assert fixture_index.search('"thinned networks"') == [3]
    assert fixture_index.search('"networks thinned"') == []
    assert fixture_index.search("networks thinned") == [3]  # as words, order is free
    assert fixture_index.search('"gradient descent"') == [2]


def test_an_unclosed_quote_is_a_phrase_being_typed(fixture_index: SearchIndex) -> None:
    assert parse_query('"thinned netw') == ["thinned netw"]
    assert fixture_index.search('"thinned netw') == [3]


def test_words_match_from_their_start_as_you_type(fixture_index: SearchIndex) -> None:
    assert fixture_index.search("drop") == [3]
    assert fixture_index.search("d") != []
    assert fixture_index.search("ropout") == []  # not from the middle of a word


def test_every_field_is_searched(fixture_index: SearchIndex) -> None:
    assert fixture_index.search("co-adaptation") == [3]  # key point, hyphenated
    assert fixture_index.search("regularization") == [3]  # tag
    assert fixture_index.search("nesterov") == [2]  # follow-up question
    assert fixture_index.search("temperature") == [1]  # follow-up
    assert fixture_index.search("ravine") == []
    fixture_index.set_note(2, "Picture a ravine")
    try:
        assert fixture_index.search("ravine") == [2]  # personal note
    finally:
        fixture_index.set_note(2, "")
    assert fixture_index.search("ravine") == []


@pytest.mark.parametrize(
    "query",
    ["title:softmax", "NEAR(a b)", "softmax OR", "AND", '"', '""', "*", "^x", "a-", "'", "(", "_"],
)
def test_query_syntax_never_leaks_into_fts(fixture_index: SearchIndex, query: str) -> None:
    fixture_index.search(query)  # no sqlite3.OperationalError


def test_empty_query_lists_everything_in_order(fixture_index: SearchIndex) -> None:
    assert fixture_index.search("") == [1, 2, 3]
    assert fixture_index.search('  " ') == [1, 2, 3]


def test_highlight_spans_follow_the_search_rules() -> None:
    text = "Dropout drops units; MC-dropout at test time. Gradient\ndescent, gradient-descent."
    assert highlight_spans(text, ["drop"]) == [(0, 4), (8, 12), (24, 28)]
    assert [text[a:b] for a, b in highlight_spans(text, ["gradient descent"])] == [
        "Gradient\ndescent",
        "gradient-descent",
    ]
    assert highlight_spans(text, ["ropout"]) == []
    assert highlight_spans(text, []) == [] and match_pattern([]) == ""


def test_library_search_filters_topics_and_indexes_saved_notes(services: AppServices) -> None:
    def ids(query: str, topics: frozenset[str] = frozenset()) -> list[int]:
        return [q.id for q in services.library.search(query, topics)]

    assert ids("dropout") == [3]
    assert ids("momentum", frozenset({"basics"})) == []
    services.library.set_note(1, "my own <b>mnemonic</b>")
    assert ids("mnemonic") == [1]
    assert ids("") == [1, 2, 3]


def test_index_built_before_the_first_search_has_every_note(services: AppServices) -> None:
    library = services.library
    library.set_note(3, "ensemble of thinned nets")  # saved before any index exists
    library.prepare_search()
    library.set_note(2, "think of a heavy ball")  # saved into the built index
    assert [q.id for q in library.search("heavy ball")] == [2]
    assert [q.id for q in library.search("ensemble")] == [3]
    library.prepare_search()  # a second call changes nothing
    assert [q.id for q in library.search("heavy")] == [2]


def test_a_typo_is_corrected_to_the_closest_indexed_word(real_index: SearchIndex) -> None:
    """gui.md 7: "attenton" found nothing. A word that starts no indexed word is corrected
    to the nearest one; words that are right, or still being typed, are left alone."""
    assert real_index.search("attenton") == []
    assert real_index.correct("attenton") == "attention"
    assert real_index.search("attention")  # what the correction finds
    assert real_index.correct("attention softmx") == "attention softmax"
    assert real_index.correct("batch nrom") == "batch norm"  # same first letter beats "from"
    assert real_index.correct("gradeint descnet") == "gradient descent"
    assert real_index.correct('"batch nromalization"') == '"batch normalization"'
    assert real_index.correct("attent") is None  # a word being typed: its start is real
    assert real_index.correct("dropout") is None
    assert real_index.correct("xqz") is None  # too short to guess at
    assert real_index.correct("zzqxzzqx") is None  # nothing near it


def test_a_correction_sees_words_from_notes_saved_later(fixture_index: SearchIndex) -> None:
    assert fixture_index.correct("zebrafsh") is None
    fixture_index.set_note(1, "zebrafish neurons")
    assert fixture_index.correct("zebrafsh") == "zebrafish"
    fixture_index.set_note(1, "")
