"""UI fixtures: a real main window over a real database in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.ui.application import create_window
from studyapp.ui.main_window import MainWindow

WindowFactory = Callable[[AppServices], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def factory(services: AppServices) -> MainWindow:
        window = create_window(services)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()


def text_and_heading_px(view: QTextBrowser) -> tuple[int, int]:
    """Pixel sizes of the first paragraph and of the first h2 as laid out in `view`."""
    sizes: dict[int, int] = {}
    block = view.document().begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if block.text().strip() and level in (0, 2) and level not in sizes:
            font = block.begin().fragment().charFormat().font()
            sizes[level] = QFontInfo(font).pixelSize()
        block = block.next()
    return sizes[0], sizes[2]
