"""The reading pane lays every answer out to its end: key points, follow-ups, related questions,
progress and notes are drawn at the window's first size, without a resize to wake them up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.ui.widgets.answer_view import AnswerView
from tests.ui.conftest import WindowFactory


def unlaid_blocks(view: AnswerView) -> list[str]:
    """The text of every block that holds words yet has no height on the page."""
    document = view.document()
    layout = document.documentLayout()
    missing = []
    block = document.begin()
    while block.isValid():
        if block.text().strip() and layout.blockBoundingRect(block).height() <= 0:
            missing.append(block.text()[:40])
        block = block.next()
    return missing


@pytest.mark.parametrize("size", [None, (1000, 700)], ids=["default", "small"])
def test_every_answer_is_drawn_to_its_end(
    qtbot: QtBot,
    make_window: WindowFactory,
    real_services: AppServices,
    size: tuple[int, int] | None,
) -> None:
    window = make_window(real_services)
    if size is not None:
        window.resize(*size)
    QApplication.processEvents()
    browser = window.browser
    view = browser.view
    broken: dict[int, list[str]] = {}
    for question in real_services.library.questions:
        browser.show_question(question.id)
        QApplication.processEvents()
        missing = unlaid_blocks(view)
        if missing:
            broken[question.id] = missing[:3]
            continue
        # What the user does: End in the pane shows the last lines, "Your progress" included.
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_End)
        document = view.document()
        last = document.documentLayout().blockBoundingRect(document.lastBlock())
        bottom = view.verticalScrollBar().value() + view.viewport().height()
        assert last.bottom() <= bottom + 1, f"Q{question.id}: End stops short of the end"
        assert document.size().height() >= last.bottom()
    assert broken == {}, f"blocks with no height (first of each): {broken}"
