"""Browsing: topic filter, search, reading pane, stars."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from tests.ui.conftest import WindowFactory


def test_search_and_topic_filter_narrow_the_list(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    assert browser.visible_ids() == [1, 2, 3]
    assert browser.count.text() == "3 of 3"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert browser.search.hasFocus()
    qtbot.keyClicks(browser.search, "dropout")
    qtbot.waitUntil(lambda: browser.visible_ids() == [3])
    assert browser.current_id == 3
    assert "thinned networks" in browser.view.toPlainText()
    qtbot.keyClick(browser.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: browser.visible_ids() == [1, 2, 3])
    browser.topic.setCurrentIndex(browser.topic.findData("optim"))
    assert browser.visible_ids() == [2]
    qtbot.keyClicks(browser.search, "softmax")
    qtbot.waitUntil(lambda: browser.visible_ids() == [])
    assert "No question matches" in browser.title.text()


def test_reading_pane_renders_formulas_code_and_figures(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.browser.open_question(2)
    html = window.browser.view.toHtml()
    assert "ds-fig:02-paths.svg" in html
    image = window.browser.view.loadResource(2, "ds-fig:02-paths.svg")  # type: ignore[arg-type]
    assert image is not None and not image.isNull()  # type: ignore[attr-defined]
    window.browser.open_question(1)
    assert "ds-math:" in window.browser.view.toHtml()
    assert "import numpy as np" in window.browser.view.toPlainText()


def test_star_is_saved_and_shown(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.browser.open_question(2)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert services.library.starred() == {2}
    assert window.browser.star.text() == "★ Starred"
    assert window.browser.model.rows()[1].starred


def test_theme_switch_rerenders_the_answer(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.set_theme("dark")
    assert services.settings.load().theme == "dark"
    assert window.ctx.theme.dark
    assert "#e5e7eb" in window.browser.view.document().defaultStyleSheet()
