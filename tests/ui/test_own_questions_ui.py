"""Own questions in the window: import preview, a dropped file, the Mine filter, delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.services.own_questions import OwnQuestionFields
from studyapp.ui.import_dialog import DUPLICATE, TO_WRITE, ImportPreviewDialog
from tests.ui.conftest import WindowFactory
from tests.ui.test_reliability_ui import Handler, answer_modals, press
from tools.anki_deck import Deck, Note, write_apkg

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _listing(tmp_path: Path) -> Path:
    path = tmp_path / "company-x.txt"
    path.write_text(
        "1. What is gradient clipping?\n2. What does softmax compute?\n3. What is a GRU?\n",
        encoding="utf-8",
    )
    return path


def _in_preview(action: Handler) -> Handler:
    def handler(modal: QWidget) -> None:
        assert isinstance(modal, ImportPreviewDialog)
        action(modal)

    return handler


def test_the_preview_flags_duplicates_unticked_and_imports_what_is_ticked(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    window = make_window(services)
    assert window.quiz.setup.topics is not None  # the quiz page is built before the import
    seen: list[str] = []
    shown: dict[str, object] = {}

    def look_then_import(dialog: QWidget) -> None:
        assert isinstance(dialog, ImportPreviewDialog)
        shown["rows"] = dialog.model.rows()
        shown["ok"] = dialog.buttons.buttons()[0].text()
        dialog.accept()

    timer = answer_modals([look_then_import, press("OK")], seen)
    window.import_dropped(_listing(tmp_path))
    timer.stop()
    assert shown["rows"] == [
        ("What is gradient clipping?", TO_WRITE, True),
        ("What does softmax compute?", f"{DUPLICATE}, {TO_WRITE}", False),
        ("What is a GRU?", TO_WRITE, True),
    ]
    assert "Added 2 questions" in seen[-1] and "1 left out" in seen[-1]
    titles = [q.title for q in services.library.questions if q.is_own]
    assert titles == ["What is gradient clipping?", "What is a GRU?"]
    # The browser lists them at once, and "Mine only" shows just them.
    browser = window.browser
    assert browser.count.text().endswith(f"of {len(services.library.questions)} questions")
    browser.filters.mine.click()
    own_ids = sorted(q.id for q in services.library.questions if q.is_own)
    assert sorted(r.question_id for r in browser.model.rows()) == own_ids
    assert browser.count.text() == f"2 of {len(services.library.questions)} questions"
    # Their new topic is offered at once by the topic filter and the quiz set-up.
    assert "my-questions" in browser.filters.topics.actions_
    chips = window.quiz.setup.topics
    chips.set_selected(["my-questions"])
    assert chips.selected() == ("my-questions",)


def test_a_file_dropped_on_the_window_opens_the_preview(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    window = make_window(services)
    deck = write_apkg(tmp_path / "deck.apkg", Deck([Note("What is ReLU?", "max(0, x)")]))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(deck))])
    seen: list[str] = []
    timer = answer_modals([_in_preview(lambda d: d.accept()), press("OK")], seen)
    # Offscreen Qt has no drag session to deliver events through: the window's own handlers
    # get them as the platform would hand them over.
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()  # events start accepted
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    drop.ignore()
    window.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    timer.stop()
    assert seen[0] == "Import deck.apkg" and "Added 1 question" in seen[1]
    assert any(q.title == "What is ReLU?" for q in services.library.questions)


def test_a_dropped_file_of_another_kind_is_refused(
    make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    window = make_window(services)
    other = tmp_path / "photo.jpg"
    other.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_a_bad_file_is_named_and_nothing_is_imported(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    window = make_window(services)
    bad = tmp_path / "deck.apkg"
    bad.write_bytes(b"not a zip at all")
    seen: list[str] = []
    timer = answer_modals([press("OK")], seen)
    assert window.import_dropped(bad) is None
    timer.stop()
    assert seen and seen[0].startswith("deck.apkg cannot be imported")
    assert not (services.data_dir / "questions").exists()


def test_delete_asks_naming_the_question_and_keeps_its_history(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    from studyapp.domain import NewReview, Rating

    question, _ = services.own_questions.add(
        OwnQuestionFields(title="What is mixup?", short_answer="Blending two examples.")
    )
    services.study.rate(NewReview(question.id, Rating.GOOD, 1000))
    window = make_window(services)
    browser = window.browser
    browser.open_question(question.id)
    assert browser.delete.isVisible()
    texts: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        texts.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    timer = answer_modals([cancel], [])
    browser.delete.click()
    timer.stop()
    assert texts == ["Delete your question “What is mixup?”?"]
    assert services.library.question(question.id) is not None  # Cancel deleted nothing

    def delete(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        forget = box.checkBox()
        assert isinstance(forget, QCheckBox) and not forget.isChecked()
        press("Delete")(box)

    timer = answer_modals([delete], [])
    browser.delete.click()
    timer.stop()
    assert services.library.question(question.id) is None
    assert question.id not in [r.question_id for r in browser.model.rows()]
    assert len(services.library.history(question.id)) == 1  # kept
    assert browser.current_id != question.id
    # Built-in questions have no Delete button.
    browser.open_question(1)
    assert not browser.delete.isVisible()


def test_an_edited_own_question_shows_its_new_answer(
    make_window: WindowFactory, services: AppServices
) -> None:
    question, _ = services.own_questions.add(
        OwnQuestionFields(title="What is mixup?", short_answer="First version.")
    )
    window = make_window(services)
    window.browser.open_question(question.id)
    assert "First version." in window.browser.view.toPlainText()
    _, changes = services.own_questions.edit(
        question.id, OwnQuestionFields(title="What is mixup?", short_answer="Second version.")
    )
    window.ctx.bus.publish(changes)
    assert "Second version." in window.browser.view.toPlainText()


def test_an_own_question_is_asked_in_the_quiz(
    make_window: WindowFactory, services: AppServices
) -> None:
    from studyapp.services.study import QueueSpec

    question, _ = services.own_questions.add(
        OwnQuestionFields(
            title="What is mixup?",
            short_answer="Training on blends of two examples and their labels.",
            key_points=("blends two examples", "blends their labels too"),
        )
    )
    window = make_window(services)
    window.ctx.bus.start_quiz.emit(QueueSpec(question_ids=(question.id,), limit=1))
    quiz = window.quiz
    assert quiz.question is not None and quiz.question.id == question.id
    quiz.reveal()
    assert any("blends their labels too" in box.text() for box in quiz.card.point_boxes)
    assert "blends of two examples" in quiz.answer.toPlainText()


def test_the_status_bar_counts_own_questions_as_they_are_added(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    before = len(services.library.questions)
    assert window.statusBar().currentMessage().startswith(f"{before} questions loaded ·")
    _, changes = services.own_questions.add(
        OwnQuestionFields(title="What is mixup?", short_answer="Blends two examples.")
    )
    window.ctx.bus.publish(changes)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"{before + 1} questions loaded (1 yours) ·")
