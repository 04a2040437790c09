"""Browsing: search, filters and sort; the reading pane; links and history; notes; settings."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.services.browse import SortOrder
from tests.conftest import FIXTURE_CONTENT
from tests.ui.conftest import WindowFactory, text_and_heading_px


def test_search_as_you_type_and_escape(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    assert browser.visible_ids() == [1, 2, 3]
    assert browser.count.text() == "3 of 3 questions"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert browser.search.hasFocus()
    qtbot.keyClicks(browser.search, "dropout")
    assert browser.visible_ids() == [3]
    qtbot.waitUntil(lambda: browser.current_id == 3)  # the answer follows a pause in typing
    assert "thinned networks" in browser.view.toPlainText()
    assert browser.model.terms == ("dropout",)
    qtbot.keyClick(browser.search, Qt.Key.Key_Escape)
    assert browser.visible_ids() == [1, 2, 3]


def test_filters_combine_with_search(make_window: WindowFactory, services: AppServices) -> None:
    services.study.rate(NewReview(3, Rating.AGAIN, 1000))
    services.library.set_starred(1, True)
    window = make_window(services)
    browser = window.browser
    browser.filters.topics.set_selected(["basics"])
    assert browser.visible_ids() == [1, 3]
    browser.filters.difficulty.set_selected([2])
    assert browser.visible_ids() == [3]
    browser.filters.difficulty.clear()
    browser.filters.status.set_selected(["new"])
    assert browser.visible_ids() == [1]
    browser.filters.status.clear()
    browser.filters.starred.setChecked(True)
    assert browser.visible_ids() == [1]
    browser.filters.starred.setChecked(False)
    browser.search.setText("maximum")
    assert browser.visible_ids() == [1]
    assert "1 of 3" in browser.count.text() or browser.count.text() == "1 of 3 questions"
    browser.filters.topics.set_selected(["optim"])
    assert browser.visible_ids() == []
    assert "No question matches" in browser.title.text()


def test_sort_orders(make_window: WindowFactory, services: AppServices, clock: FixedClock) -> None:
    from datetime import timedelta

    services.study.rate(NewReview(2, Rating.EASY, 1000))
    clock.advance(timedelta(minutes=5))
    services.study.rate(NewReview(3, Rating.AGAIN, 1000))
    window = make_window(services)
    browser = window.browser
    sort = browser.filters.sort
    sort.set_order(SortOrder.LAST_REVIEWED)
    assert browser.visible_ids()[:2] == [3, 2]
    assert sort.text() == "Sort: Last reviewed"
    sort.set_order(SortOrder.NEXT_DUE)
    assert browser.visible_ids() == [3, 2, 1]
    sort.set_order(SortOrder.WEAKEST)
    assert browser.visible_ids()[-1] == 1  # never studied sorts last
    browser.search.setText("what")  # in the titles of 1 and 2, only in a follow-up of 3
    sort.set_order(SortOrder.BEST_MATCH)
    assert browser.visible_ids()[-1] == 3
    sort.set_order(SortOrder.NUMBER)
    assert browser.visible_ids() == [1, 2, 3]


def test_matches_are_highlighted_in_the_answer_with_next_and_previous(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    browser.search.setText("logit")
    assert browser.current_id == 1
    text = browser.view.toPlainText().lower()
    expected = [i for i in range(len(text)) if text.startswith("logit", i)]
    starts = [cursor.selectionStart() for cursor in browser.view.matches]
    assert starts == expected and len(starts) >= 3
    assert browser.matches.text() == f"{len(starts)} matches"
    assert len(browser.view.extraSelections()) == len(starts)
    browser.step_match(True)
    browser.step_match(True)
    assert browser.view.current_match == 1
    assert browser.view.textCursor().position() == browser.view.matches[1].selectionEnd()
    browser.step_match(False)
    browser.step_match(False)
    assert browser.view.current_match == len(starts) - 1  # wrapped around
    assert browser.matches.text() == f"Match {len(starts)} of {len(starts)}"


def test_related_links_navigate_with_back_and_forward(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    assert "Related questions" in browser.view.toPlainText()
    assert "Q2. What does momentum add" in browser.view.toPlainText()
    browser.view.anchorClicked.emit(QUrl("question:2"))
    assert browser.current_id == 2
    browser.view.anchorClicked.emit(QUrl("question:3"))
    assert browser.current_id == 3
    qtbot.keyClick(browser.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert browser.current_id == 2
    qtbot.keyClick(browser.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert browser.current_id == 1 and not browser.back.isEnabled()
    qtbot.keyClick(browser.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert browser.current_id == 2 and browser.forward.isEnabled()


def test_reading_pane_shows_history_recall_and_due(
    make_window: WindowFactory, services: AppServices
) -> None:
    services.study.rate(NewReview(1, Rating.HARD, 42_000))
    window = make_window(services)
    text = window.browser.view.toPlainText()
    assert "Your progress" in text and "predicted recall tomorrow" in text
    assert "Hard" in text and "42 s" in text and "next due" in text


def test_notes_save_as_you_type_and_survive_a_restart(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    window = make_window(services)
    browser = window.browser
    qtbot.mouseClick(browser.note_button, Qt.MouseButton.LeftButton)
    assert browser.note_editor.isVisible()
    qtbot.keyClicks(browser.note_editor, "Remember **max** trick")
    qtbot.waitUntil(lambda: services.library.note(1) == "Remember **max** trick", timeout=3000)
    browser.note_editor.clearFocus()
    browser.show_question(2)
    browser.show_question(1)
    assert "Your notes" in browser.view.toPlainText()
    assert "Remember max trick" in browser.view.toPlainText()  # rendered, not raw markdown
    browser.search.setText("trick")
    assert browser.visible_ids() == [1]  # notes are searched too
    window.close()
    services.close()
    again = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        assert again.library.note(1) == "Remember **max** trick"
    finally:
        again.close()


def test_star_with_ctrl_d(qtbot: QtBot, make_window: WindowFactory, services: AppServices) -> None:
    window = make_window(services)
    window.browser.open_question(2)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert services.library.starred() == {2}
    assert window.browser.star.text() == "★ Starred"
    assert window.browser.model.rows()[1].starred


def test_zoom_and_theme_and_layout_persist(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    window = make_window(services)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert services.settings.load().answer_font_px == 17
    assert text_and_heading_px(window.browser.view) == (17, 20)
    window.set_theme("dark")
    assert window.ctx.theme.dark
    assert "#e5e7eb" in window.browser.view.document().defaultStyleSheet()
    window.browser.splitter.setSizes([500, 700])
    sizes = window.browser.splitter.sizes()
    window_size = window.size()
    window.close()
    services.close()
    again = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        window2 = make_window(again)
        assert again.settings.load().answer_font_px == 17
        assert window2.ctx.theme.dark
        window2.resize(window_size)  # offscreen windows may not restore their size
        qtbot.waitUntil(lambda: sum(window2.browser.splitter.sizes()) == sum(sizes))
        assert window2.browser.splitter.sizes()[0] == sizes[0]  # the list keeps its width
    finally:
        again.close()


def test_settings_dialog_saves_and_applies(
    make_window: WindowFactory, services: AppServices
) -> None:
    from studyapp.ui.settings_dialog import SettingsDialog

    window = make_window(services)
    dialog = SettingsDialog(services.settings.load(), services.data_dir, window)
    dialog.retention.setValue(0.85)
    dialog.weak_lapses.setValue(3)
    dialog.font_px.setValue(18)
    window.apply_settings(dialog.result_settings())
    stored = services.settings.load()
    assert (stored.desired_retention, stored.weak_lapses, stored.answer_font_px) == (0.85, 3, 18)
    assert services.study.scheduler.desired_retention == 0.85
    assert services.study.weak_lapses == 3


def test_reading_pane_renders_formulas_code_and_figures(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.browser.open_question(2)
    html = window.browser.view.toHtml()
    assert "ds-fig:02-paths.svg" in html
    image = window.browser.view.loadResource(2, QUrl("ds-fig:02-paths.svg"))
    assert image is not None and not image.isNull()  # type: ignore[attr-defined]
    window.browser.open_question(1)
    assert "ds-math:" in window.browser.view.toHtml()
    view = window.browser.view
    cursor = view.document().find("np.array")
    assert view.code_at(cursor) is not None
    assert view.code_at(cursor).startswith("import numpy as np")  # type: ignore[union-attr]
    assert "assert abs(p.sum() - 1) < 1e-12" in view.code_at(cursor)  # type: ignore[operator]
    assert view.code_at(view.document().find("Softmax maps")) is None  # a box, not code


def test_a_note_shows_in_the_pane_as_soon_as_the_editor_closes(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    assert browser.note_button.text() == "Add note"
    qtbot.mouseClick(browser.note_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(browser.note_editor.hasFocus)
    assert browser.note_status.text().startswith("Saves as you type")
    qtbot.keyClicks(browser.note_editor, "watch the max trick")
    qtbot.waitUntil(lambda: services.library.note(1) == "watch the max trick", timeout=3000)
    assert browser.note_status.text().startswith("Saved ✓")
    assert browser.note_button.text() == "Edit note"
    qtbot.keyClick(browser.note_editor, Qt.Key.Key_Escape)
    assert not browser.note_editor.isVisible()
    assert "watch the max trick" in browser.view.toPlainText()  # without leaving Q1
    assert browser.current_id == 1


def test_back_selects_the_question_in_the_list_and_restores_the_scroll(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    """gui.md 12: after Alt+Left the list highlights the question shown, Down goes on from
    it, and the pane is where it was left (at the related links, say)."""
    window = make_window(real_services)
    browser = window.browser
    browser.open_question(1)
    bar = browser.view.verticalScrollBar()
    bar.setValue(bar.maximum())  # the related links at the end
    left_at = bar.value()
    assert left_at > 0
    browser.view.anchorClicked.emit(QUrl("question:3"))
    assert browser.current_id == 3 and bar.value() == 0
    qtbot.keyClick(browser.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert browser.current_id == 1
    assert browser.model.row_at(browser.list.currentIndex().row()).question_id == 1
    QApplication.processEvents()
    assert bar.value() == left_at
    qtbot.keyClick(browser.list, Qt.Key.Key_Down)
    assert browser.current_id == 2
