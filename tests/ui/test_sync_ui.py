"""Sync as the learner meets it: the Settings row, File > Sync now, the status bar, a
folder that went away, and the note that lost to a later edit on another computer."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.domain import Rating
from studyapp.ui.settings_dialog import SettingsDialog, SyncChoice
from tests.core.sync_helpers import Device, make_device
from tests.ui.conftest import WindowFactory


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder


@pytest.fixture
def desk(tmp_path: Path, clock: FixedClock, shared: Path) -> Device:
    device = make_device(tmp_path, "desk", FixedClock(clock.now() - timedelta(hours=1)), shared)
    yield device
    device.services.close()


def sync_and_wait(qtbot: QtBot, window) -> object:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.sync.synced, timeout=10_000) as blocker:
        window.sync.sync_now()
    return blocker.args[0]


def test_settings_sync_row_chooses_a_folder_and_names_the_computer(
    make_window: WindowFactory, services: AppServices, shared: Path, qtbot: QtBot
) -> None:
    window = make_window(services)
    assert not window.sync_status.isVisible()  # no folder: nothing to say
    dialog = SettingsDialog(
        services.settings.load(), services.data_dir, window, sync=SyncChoice(None, "laptop")
    )
    assert dialog.sync_folder.text() == "Not syncing" and not dialog.stop_sync.isEnabled()
    dialog._set_sync_folder(shared)
    dialog.device_name.setText("Work laptop")
    assert dialog.sync_folder.text() == str(shared) and dialog.stop_sync.isEnabled()
    with qtbot.waitSignal(window.sync.synced, timeout=10_000):
        window.apply_sync_choice(dialog.result_sync())
    assert services.sync.folder() == shared
    assert services.sync.device_name() == "Work laptop"
    assert window.sync_status.isVisible()
    assert window.sync_status.text().startswith("Synced ")
    # Its own files are in the folder, never the database.
    mine = shared / "DeepStudy" / services.sync.device_id()
    assert mine.is_dir() and not list(shared.rglob("*.sqlite3"))


def test_sync_now_brings_the_other_computers_reviews_and_says_with_whom(
    make_window: WindowFactory, services: AppServices, desk: Device, shared: Path, qtbot: QtBot
) -> None:
    services.sync.set_folder(shared)
    desk.rate(3, Rating.GOOD)
    desk.services.library.set_starred(3, True)
    desk.sync()
    window = make_window(services)
    report = sync_and_wait(qtbot, window)
    assert report.added == 1  # type: ignore[attr-defined]
    assert "with desk" in window.sync_status.text()
    assert [r.question_id for r in services.library.history_all()] == [3]
    assert services.study.cards()[3] == desk.cards()[3]
    assert window.browser.model.row_at(2).starred  # the list shows the star that came
    assert any(
        a.text() == "S&ync now" and a.shortcut().toString() == "Ctrl+Shift+S"
        for a in window.menuBar().actions()[0].menu().actions()
    )


def test_a_removed_folder_pauses_sync_with_a_message(
    make_window: WindowFactory,
    services: AppServices,
    shared: Path,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.sync.set_folder(shared)
    window = make_window(services)
    sync_and_wait(qtbot, window)
    shared.rename(tmp_path / "unplugged")
    shown: list[str] = []
    monkeypatch.setattr(
        "studyapp.ui.sync_ui.QMessageBox.warning", lambda _p, _t, text: shown.append(text)
    )
    sync_and_wait(qtbot, window)
    assert window.sync_status.text().startswith("Sync paused:")
    assert shown and "is the drive connected?" in shown[0]


def test_the_losing_note_is_shown_and_can_be_picked(
    make_window: WindowFactory,
    services: AppServices,
    desk: Device,
    shared: Path,
    clock: FixedClock,
    qtbot: QtBot,
) -> None:
    services.sync.set_folder(shared)
    services.library.set_note(1, "mine, written on the laptop")
    desk.clock.advance(timedelta(hours=2))  # the desk's edit is the later one
    desk.services.library.set_note(1, "written on the desk")
    desk.sync()
    window = make_window(services)
    sync_and_wait(qtbot, window)
    window.browser.show_question(2)
    window.browser.show_question(1)
    bar = window.browser.conflicts
    assert services.library.note(1) == "written on the desk"
    assert bar.isVisible() and "replaced by a later edit" in bar.message.text()
    bar.show_button.click()
    assert bar.text.toPlainText() == "mine, written on the laptop"
    clock.advance(timedelta(hours=3))
    bar.use_button.click()
    assert services.library.note(1) == "mine, written on the laptop"
    assert window.browser.note_editor.toPlainText() == "mine, written on the laptop"
    # The version it replaced is kept in its place; dismissing it clears the bar.
    assert bar.isVisible() and bar.text.toPlainText() == "written on the desk"
    bar.dismiss_button.click()
    assert not bar.isVisible()
    sync_and_wait(qtbot, window)
    desk.sync()
    assert desk.services.library.note(1) == "mine, written on the laptop"
    assert desk.services.sync.conflicts(1) == []  # an edit made from the desk's own note
