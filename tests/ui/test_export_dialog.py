"""File > Export questions: the browser's filtered list is what goes out by default, the
file is written with the chosen format, and a folder that cannot be written is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.interchange.reader import read_import
from studyapp.ui.export_dialog import ExportDialog
from tests.ui.conftest import WindowFactory


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    return said


def test_the_questions_shown_in_the_browser_are_exported(
    qtbot: QtBot,
    make_window: WindowFactory,
    real_services: AppServices,
    messages: list[str],
    tmp_path: Path,
) -> None:
    window = make_window(real_services)
    qtbot.keyClicks(window.browser.search, "dropout")
    qtbot.waitUntil(lambda: 0 < len(window.browser.visible_ids()) < 50)
    shown = window.browser.visible_ids()
    asked: list[str] = []

    def choose(_parent: object, _title: str, suggested: str, filter_text: str) -> Path:
        asked.append(filter_text)
        return tmp_path / "mine"  # no suffix: the format's is added

    dialog = ExportDialog(window.ctx, shown, window.browser.current_id, window, choose_path=choose)
    qtbot.addWidget(dialog)
    assert "shown in the browser" in dialog.scope.currentText()
    dialog.format.setFocus()
    qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # CSV
    assert "spreadsheet" in dialog.description.text()
    dialog.export_button.click()
    assert asked == ["CSV spreadsheet (.csv) (*.csv)"]
    written = tmp_path / "mine.csv"
    titles = [d.title for d in read_import(written).questions]
    assert titles == [real_services.library.question(i).title for i in shown]  # type: ignore[union-attr]
    assert messages == [f"Exported {len(shown)} questions to {written}."]
    assert dialog.result() == ExportDialog.DialogCode.Accepted


def test_an_anki_export_of_all_questions_counts_its_pictures(
    qtbot: QtBot,
    make_window: WindowFactory,
    real_services: AppServices,
    messages: list[str],
    tmp_path: Path,
) -> None:
    window = make_window(real_services)
    dialog = ExportDialog(
        window.ctx, [1, 2], None, window, choose_path=lambda *_: tmp_path / "deck.apkg"
    )
    qtbot.addWidget(dialog)
    dialog.scope.setCurrentIndex(dialog.scope.findText("All 50 questions"))
    dialog.format.setCurrentIndex(2)
    dialog.export_button.click()
    figures = {f for q in real_services.library.questions for f in q.figures}
    assert messages == [
        f"Exported 50 questions and {len(figures)} pictures to {tmp_path / 'deck.apkg'}."
    ]
    assert len(read_import(tmp_path / "deck.apkg").questions) == 50


def test_a_folder_that_cannot_be_written_is_named_and_the_dialog_stays(
    qtbot: QtBot,
    make_window: WindowFactory,
    real_services: AppServices,
    messages: list[str],
    tmp_path: Path,
) -> None:
    window = make_window(real_services)
    target = tmp_path / "no such folder" / "deck.zip"
    dialog = ExportDialog(window.ctx, [1], 1, window, choose_path=lambda *_: target)
    qtbot.addWidget(dialog)
    dialog.export_button.click()
    assert messages == [
        f"Could not write deck.zip: the folder {target.parent} does not exist.\n\n"
        "Nothing was written."
    ]
    assert dialog.result() != ExportDialog.DialogCode.Accepted  # still open: try another place
