"""The shared style sheet: number boxes are readable and check boxes visible in both looks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.content.theme import THEMES, contrast_ratio
from studyapp.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import WindowFactory


def _contrast(a: QColor, b: QColor) -> float:
    return contrast_ratio(a.name(), b.name())


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing a dialog
@pytest.mark.parametrize("look", ["light", "dark"])
def test_number_boxes_show_their_value_inside_the_frame_without_step_arrows(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, look: str
) -> None:
    services.settings.save(replace(services.settings.load(), theme=look))
    window = make_window(services)
    window.show_page(1)
    dialog = SettingsDialog(services.settings.load(), services.data_dir, window)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    setup = window.quiz.setup
    for box in (setup.limit, setup.mock_minutes, dialog.font_px, dialog.retention):
        edit = box.lineEdit()
        assert edit.cursorRect().left() >= 3, "the value touches the frame"
        # The text field takes the whole box: no room is left for (stray) step arrows.
        assert edit.width() >= box.width() - 4
        assert edit.height() >= edit.fontMetrics().height()


@pytest.mark.parametrize("look", ["light", "dark"])
def test_an_unticked_box_stands_out_from_the_page(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, look: str
) -> None:
    services.settings.save(replace(services.settings.load(), theme=look))
    window = make_window(services)
    window.show_page(1)
    QApplication.processEvents()
    box: QCheckBox = window.quiz.setup.type_answer
    assert not box.isChecked()
    image = box.grab().toImage()
    option = QStyleOptionButton()
    box.initStyleOption(option)
    indicator = (
        box.style()
        .subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        .intersected(image.rect())
    )
    page = QColor(THEMES[look].surface)  # the set-up card the box sits on
    best = max(
        _contrast(image.pixelColor(x, y), page)
        for x in range(indicator.left(), indicator.right() + 1)
        for y in range(indicator.top(), indicator.bottom() + 1)
    )
    assert best >= 3.0, f"the box outline is barely visible ({best:.2f}:1)"
