"""Screens that the December 2026 reliability review broke with damaged rows or hostile
content (findings D1, C1, C4, U1, H1 and more): each test failed on ff8ef8c."""

from __future__ import annotations

import sqlite3

from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.domain import NewReview, Rating
from tests.ui.conftest import WindowFactory


def _damage_review_time(services: AppServices, question_id: int) -> None:
    """One review row of `question_id` whose time no longer parses (a flipped byte)."""
    with sqlite3.connect(services.database_path) as raw:
        raw.execute("UPDATE reviews SET reviewed_at='garbage' WHERE question_id=?", (question_id,))


def test_a_question_that_cannot_be_shown_keeps_its_own_note(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """D1: Q2's answer failed to render (one unreadable review row), the editor still held
    Q1's note, and leaving Q2 saved Q1's note over Q2's own."""
    services.library.set_note(1, "my note on Q1")
    services.library.set_note(2, "my note on Q2")
    services.study.rate(NewReview(2, Rating.GOOD, 1000))
    _damage_review_time(services, 2)
    window = make_window(services)
    browser = window.browser
    for question_id in (1, 2, 3):
        browser.show_question(question_id)
        if question_id == 2:
            assert browser.note_editor.toPlainText() == "my note on Q2"
            shown = browser.view.toPlainText()
            assert "cannot be shown" in shown and "Q2" in shown
    browser.save_note()
    assert services.library.note(1) == "my note on Q1"
    assert services.library.note(2) == "my note on Q2"
