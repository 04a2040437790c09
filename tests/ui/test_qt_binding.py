"""The Qt binding must not corrupt the interpreter while the app draws.

PySide6 6.12.0 under Python 3.11 drops a reference to None on every call of a void Qt method
(QPainter.save, QLabel.setText, ...). None is not immortal before Python 3.12, so the app
aborted with "deallocating None" after about 150 repaints of the question list. pyproject.toml
excludes that release; this test fails if such a build is installed again.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from tests.ui.conftest import WindowFactory


@pytest.fixture(autouse=True)
def no_garbage_collection() -> Iterator[None]:
    """Collecting other tests' garbage mid-count would release None references too."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_void_qt_calls_keep_none_alive() -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.save()
        painter.setPen(QColor("#123456"))
        painter.fillRect(QRect(0, 0, 2, 2), QColor("#654321"))
        painter.restore()
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 100, f"None lost {before - after} references in 2,000 calls"


def test_scrolling_the_question_list_many_times_does_not_abort(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    window.resize(1240, 800)
    view = window.browser.list
    bar = view.verticalScrollBar()
    before = sys.getrefcount(None)
    for step in range(300):
        bar.setValue((step * 60) % (bar.maximum() + 1))
        view.viewport().repaint()
    assert sys.getrefcount(None) >= before - 100
