"""The study sheet's choice of questions and its printable HTML."""

from __future__ import annotations

from datetime import date

from studyapp.content.loader import load_library
from studyapp.content.render import AnswerRenderer
from studyapp.content.theme import LIGHT
from studyapp.interchange.study_sheet import SheetChoice, choose_questions, sheet_html
from tests.conftest import REAL_CONTENT

LIBRARY = load_library(REAL_CONTENT)


def test_each_choice_names_its_questions() -> None:
    questions = LIBRARY.questions
    recall = {1: 0.4, 2: 0.9, 3: 0.1}
    weakest = choose_questions(questions, SheetChoice.WEAKEST, recall, count=2)
    assert [q.id for q in weakest] == [3, 1]
    starred = choose_questions(questions, SheetChoice.STARRED, recall, starred=[7, 5])
    assert [q.id for q in starred] == [5, 7]
    topic = questions[0].topic
    assert all(
        q.topic == topic for q in choose_questions(questions, SheetChoice.TOPIC, {}, topic=topic)
    )
    assert len(choose_questions(questions, SheetChoice.ALL, {})) == len(questions)


def test_the_sheet_has_one_page_per_question_with_points_and_figures() -> None:
    chosen = [q for q in LIBRARY.questions if q.figures][:3]
    renderer = AnswerRenderer(REAL_CONTENT, LIGHT)
    text = sheet_html(chosen, renderer, "Final pass", date(2026, 12, 16), str)
    assert text is not None
    assert text.count("page-break-before: always") == 2
    assert "16 December 2026" in text
    for question in chosen:
        assert f"Q{question.id}." in text
        assert all(point.split()[0] in text for point in question.key_points)
    assert "ds-fig:" in text  # figures come through as the renderer's own images


def test_cancelling_returns_nothing() -> None:
    renderer = AnswerRenderer(REAL_CONTENT, LIGHT)
    assert (
        sheet_html(
            LIBRARY.questions[:3], renderer, "x", date(2026, 12, 1), str, lambda done: done < 2
        )
        is None
    )


def test_wide_images_are_scaled_to_the_page() -> None:
    from studyapp.interchange.study_sheet import fit_images

    text = '<img src="ds-fig:a.svg" width="600" height="330"> <img src="m" width="17" height="19">'
    assert fit_images(text, 480) == (
        '<img src="ds-fig:a.svg" width="480" height="264"> <img src="m" width="17" height="19">'
    )
