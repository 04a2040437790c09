"""UI fixtures: a real main window over a real database in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
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
