"""The shared style sheet: number boxes are readable and check boxes visible in both looks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleOptionButton, QWidget
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


@pytest.mark.parametrize("look", ["light", "dark"])
def test_dialog_buttons_carry_words_not_clip_art(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, look: str
) -> None:
    """gui.md 27: OK, Save, Cancel and Discard showed the platform's old icons (dark on
    dark for F1's Close); buttons in dialogs are words only, in both looks."""
    from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

    window = make_window(services)
    window.set_theme(look)
    standard = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(standard.Ok | standard.Save | standard.Cancel | standard.Discard)
    qtbot.addWidget(box)
    asks = QMessageBox.StandardButton
    message = QMessageBox(
        QMessageBox.Icon.Question, "Discard?", "x", asks.Discard | asks.Cancel, window
    )
    buttons = box.buttons() + message.buttons()
    assert len(buttons) == 6 and all(button.icon().isNull() for button in buttons)


def test_settings_hints_name_controls_that_exist(
    make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 35: the new-questions hint said "started by 'study now'", a control that does
    not exist; it names the quiz's choices."""
    from PySide6.QtWidgets import QLabel

    window = make_window(services)
    dialog = SettingsDialog(services.settings.load(), services.data_dir, window)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    texts += " ".join(widget.toolTip() for widget in dialog.findChildren(QWidget))
    assert "study now" not in texts.lower()
    assert "Due, then new" in texts
    dialog.close()
