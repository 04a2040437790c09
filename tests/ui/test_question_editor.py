"""The question editor, offscreen: the preview follows the typing, Tab walks the fields,
pictures pasted or dropped land in the data folder's media/, a form that cannot be saved
says why, and Esc never drops changes unasked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.ui.editor.dialog import QuestionEditor
from tests.conftest import REAL_CONTENT
from tests.ui.conftest import WindowFactory

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen, showing a dialog


@pytest.fixture
def editor(qtbot: QtBot, make_window: WindowFactory, real_services: AppServices) -> QuestionEditor:
    window = make_window(real_services)
    # Closing at the end of a test would ask about unsaved changes: the answer is discard.
    dialog = QuestionEditor(window.ctx, None, window, confirm_discard=lambda _parent: True)
    qtbot.addWidget(dialog)
    return dialog


def test_the_preview_follows_the_typing(qtbot: QtBot, editor: QuestionEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Why clip gradients?")
    qtbot.keyClicks(editor.short_answer, "To bound the step: $\\|g\\| \\le c$ keeps it sane.")
    qtbot.keyClicks(editor.key_points, "Bounds the update")
    qtbot.waitUntil(lambda: "keeps it sane" in editor.preview.toPlainText(), timeout=3000)
    assert editor.preview_title.text() == "Why clip gradients?"
    html = editor.preview.toHtml()
    assert "ds-math:" in html  # the formula is typeset as in the answer pane
    assert "Bounds the update" in editor.preview.toPlainText()


def test_tab_moves_to_the_next_field_and_types_no_tab(qtbot: QtBot, editor: QuestionEditor) -> None:
    _show(qtbot, editor)
    editor.short_answer.setFocus()
    qtbot.keyClick(editor.short_answer, Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.detailed_answer
    assert "\t" not in editor.short_answer.toPlainText()
    qtbot.keyClick(editor.detailed_answer, Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.key_points


def test_an_empty_question_is_not_saved_and_says_why(
    qtbot: QtBot, editor: QuestionEditor, real_services: AppServices
) -> None:
    _show(qtbot, editor)
    qtbot.keyClicks(editor.short_answer, "An answer without a question.")
    qtbot.keyClick(editor.short_answer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.problems.isVisible()
    qtbot.keyClicks(editor.follow_ups, "And then?")
    qtbot.keyClick(editor.follow_ups, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.problems.text().splitlines() == [
        "Write the question.",
        "Follow-up 1 ('And then?') has no answer: write it on the lines under its question.",
    ]
    assert editor.focusWidget() is editor.title_edit  # the cursor goes where the first fix is
    assert real_services.own_questions.own.questions == ()
    qtbot.keyClicks(editor.title_edit, "Why?")  # a fixed problem goes as it is fixed
    assert editor.problems.text().splitlines()[0].startswith("Follow-up 1")


def test_a_dropped_picture_is_copied_into_the_data_folder(
    qtbot: QtBot, editor: QuestionEditor, real_services: AppServices, tmp_path: Path
) -> None:
    outside = tmp_path / "outside" / "loss curve.png"
    outside.parent.mkdir()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2563eb"))
    assert image.save(str(outside))
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(outside))])
    assert editor.detailed_answer.canInsertFromMimeData(dropped)
    editor.detailed_answer.insertFromMimeData(dropped)
    (kept,) = (real_services.data_dir / "media").iterdir()
    assert kept.read_bytes() == outside.read_bytes()
    assert f"![loss curve](media/{kept.name})" in editor.detailed_answer.toPlainText()
    outside.unlink()  # the question no longer needs the original
    qtbot.keyClicks(editor.short_answer, "See the curve.")
    qtbot.waitUntil(lambda: "See the curve." in editor.preview.toPlainText(), timeout=3000)
    assert f"media/{kept.name}" in editor.preview.toHtml()

    image.fill(QColor("#dc2626"))  # another picture (the same one would be kept once)
    pasted = QMimeData()
    pasted.setImageData(image)
    editor.short_answer.insertFromMimeData(pasted)
    assert len(list((real_services.data_dir / "media").iterdir())) == 2
    assert "](media/" in editor.short_answer.toPlainText()


def test_a_dropped_file_that_is_not_a_picture_is_refused_with_its_name(
    editor: QuestionEditor, tmp_path: Path
) -> None:
    big = tmp_path / "huge.png"
    big.write_bytes(b"\x89PNG" + b"\0" * (21 * 2**20))
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(big))])
    editor.detailed_answer.insertFromMimeData(dropped)
    assert (
        editor.problems.text() == "huge.png was not added: it cannot be read, or it is over 20 MB."
    )
    assert "media/" not in editor.detailed_answer.toPlainText()


def test_escape_asks_before_dropping_changes(qtbot: QtBot, editor: QuestionEditor) -> None:
    asked: list[bool] = []
    answer = [False]

    def confirm(_parent: object) -> bool:
        asked.append(True)
        return answer[0]

    editor._confirm_discard = confirm
    _show(qtbot, editor)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert asked == [] and not editor.isVisible()  # nothing typed: closes at once
    _show(qtbot, editor)
    qtbot.keyClicks(editor.title_edit, "Half a thought")
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert asked == [True] and editor.isVisible()  # kept editing
    assert editor.title_edit.text() == "Half a thought"
    answer[0] = True
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def _show(qtbot: QtBot, editor: QuestionEditor) -> None:
    """As File > New question opens it: modal, with the keyboard."""
    editor.open()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)


def _in_modal_editor(
    qtbot: QtBot, act: Callable[[QuestionEditor], None], seen: list[QuestionEditor]
) -> None:
    """Run `act` on the editor once its modal loop is up; whatever happens, the loop ends
    (a failed step would otherwise leave the test waiting for ever)."""

    def run() -> None:
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, QuestionEditor)
        seen.append(editor)
        try:
            editor.activateWindow()
            qtbot.waitUntil(editor.isActiveWindow)
            act(editor)
        finally:
            if editor.isVisible():
                editor._confirm_discard = lambda _parent: True
                editor.reject()

    QTimer.singleShot(0, run)


def _type_question(qtbot: QtBot, editor: QuestionEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Why warm up the learning rate?")
    editor.topic.setCurrentText("Interview leftovers")  # a topic no question has yet
    editor.level.setCurrentIndex(2)
    qtbot.keyClicks(editor.tags, "optimisation, learning rate")
    qtbot.keyClicks(editor.short_answer, "Adam's early moment estimates are noisy.")
    qtbot.keyClicks(editor.detailed_answer, "Ramp $\\eta$ from 0 over the first steps.")
    qtbot.keyClicks(editor.key_points, "Early second moments are unreliable")


def test_file_new_question_saves_it_and_the_browser_shows_it(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    seen: list[QuestionEditor] = []

    def fill_and_save(editor: QuestionEditor) -> None:
        _type_question(qtbot, editor)
        qtbot.keyClick(editor.key_points, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    _in_modal_editor(qtbot, fill_and_save, seen)
    action = next(
        a for a in window.menuBar().actions()[0].menu().actions() if "New question" in a.text()
    )
    assert action.shortcut().toString() == "Ctrl+N"
    action.trigger()
    assert seen and seen[0].saved_id is not None
    qid = seen[0].saved_id
    question = real_services.library.question(qid)
    assert question is not None and question.is_own
    assert question.title == "Why warm up the learning rate?" and question.difficulty == 3
    assert question.tags == ("optimisation", "learning rate")
    assert real_services.library.topic_name(question.topic) == "Interview leftovers"
    assert list((real_services.data_dir / "questions").glob(f"{qid}-*.md"))
    browser = window.browser
    assert browser.current_id == qid and qid in browser.visible_ids()
    assert browser.title.text() == "Why warm up the learning rate?"
    assert "noisy" in browser.view.toPlainText() and browser.edit_button.isVisible()


def test_editing_from_the_browser_shows_the_edit_and_it_survives_a_restart(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices, clock: FixedClock
) -> None:
    window = make_window(real_services)
    first = QuestionEditor(window.ctx, None, window, confirm_discard=lambda _p: True)
    qtbot.addWidget(first)
    _type_question(qtbot, first)
    first.save()
    qid = first.saved_id
    assert qid is not None
    browser = window.browser
    browser.open_question(qid)
    opened: list[QuestionEditor] = []

    def edit(editor: QuestionEditor) -> None:
        assert editor.title_edit.text() == "Why warm up the learning rate?"  # reopened as saved
        assert editor.topic.currentText() == "Interview leftovers"
        assert editor.key_points.toPlainText() == "Early second moments are unreliable"
        editor.detailed_answer.selectAll()
        qtbot.keyClicks(editor.detailed_answer, "Rewritten: linear warm-up for 2,000 steps.")
        qtbot.keyClick(editor.detailed_answer, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    _in_modal_editor(qtbot, edit, opened)
    qtbot.keyClick(browser.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert opened and opened[0].saved_id == qid  # the same id: history stays with it
    assert "Rewritten: linear warm-up" in browser.view.toPlainText()
    assert "Ramp" not in browser.view.toPlainText()

    again = build_services(real_services.data_dir, clock=clock, content_root=REAL_CONTENT)
    try:
        stored = again.library.question(qid)
        assert stored is not None
        assert stored.detailed_answer == "Rewritten: linear warm-up for 2,000 steps."
    finally:
        again.close()


def test_built_in_questions_offer_no_edit(
    make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    window.browser.open_question(1)
    assert not window.browser.edit_button.isVisible()
    window.browser.edit_current()  # Ctrl+E on a built-in question does nothing
    assert QApplication.activeModalWidget() is None
