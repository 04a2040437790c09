"""Floors on the labelled corpus (tests/fixtures/grading/corpus-*.yaml, written by the content
authors before their rules): the checker's ticks, ratings and misconceptions as a listener
labelled them, for every question whose key points all carry rules."""

from __future__ import annotations

import pytest

from studyapp.content.loader import Library, load_library
from studyapp.grading.checker import Checker
from studyapp.grading.evaluate import KINDS, Scores, authored, evaluate, load_corpus
from tests.conftest import REAL_CONTENT, ROOT

CORPUS = ROOT / "tests" / "fixtures" / "grading"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REAL_CONTENT)


@pytest.fixture(scope="module")
def scores(library: Library) -> Scores:
    questions = authored(library.questions)
    items = [item for item in load_corpus(CORPUS) if item.question in questions]
    if not items:
        pytest.skip("no corpus answers for questions with rules yet")
    return evaluate(Checker.for_questions(library.questions), questions, items)


def test_the_corpus_is_well_formed(library: Library) -> None:
    """Labels point into the question's key points once its rules (and so its final key
    points) are written; before that the authors may still be renumbering them."""
    items = load_corpus(CORPUS)
    assert items, "the corpus files are missing"
    ids = {q.id for q in library.questions}
    final = authored(library.questions)
    for item in items:
        assert item.question in ids, f"{item.source}: no question {item.question}"
        assert item.kind in KINDS, f"{item.source}: kind {item.kind}"
        assert item.answer.strip(), f"{item.source}: empty answer"
        question = final.get(item.question)
        if question is None:
            continue
        assert all(0 <= i < len(question.key_points) for i in item.covered), item.source
        assert all(0 <= i < len(question.misconceptions) for i in item.misconceptions), item.source


def test_ticks_meet_the_floors(scores: Scores) -> None:
    summary = scores.summary()
    assert scores.f1 >= 0.90, summary
    assert scores.precision >= 0.92, summary


def test_ratings_are_within_one_step_of_the_label(scores: Scores) -> None:
    assert scores.rating_near / scores.answers >= 0.90, scores.summary()


def test_keyword_salad_and_wrong_answers_get_almost_no_undeserved_ticks(scores: Scores) -> None:
    assert scores.undeserved_rate <= 0.10, scores.summary()
    assert scores.kind_recall("paraphrase") >= 0.75, scores.summary()


def test_most_labelled_misconceptions_are_found_and_few_invented(scores: Scores) -> None:
    labelled = scores.misconceptions_true + scores.misconceptions_missed
    assert scores.misconceptions_true >= 0.8 * labelled, scores.summary()
    assert scores.misconceptions_false <= 0.1 * scores.answers, scores.summary()
