"""Grab Speak mode, light and dark, at two window sizes: recording (level meter, time), the
checked transcript beside the model answer (highlights, replay marking a word, delivery), and
the Settings rows for recordings. An espeak-ng recording stands in for the microphone.

.venv/bin/python tools/voice_screenshots.py OUT_DIR [--sizes 1600x1000,1280x720]

Needs the voice extra and espeak-ng.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from studyapp.app import build_services
from studyapp.clock import FixedClock
from studyapp.domain import Rating
from studyapp.services.study import QueueSpec

SAID = (
    "Um, so dropout randomly switches off some neurons during training, with a new random "
    "mask every step. At test time dropout is turned off, and the full network is used. It "
    "stops neurons from co-adapting, because a unit cannot rely on particular other units."
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", default="1600x1000,1280x720")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    wav = Path(tempfile.mkdtemp(prefix="ds-voiceshot-")) / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), SAID], check=True)
    for size in args.sizes.split(","):
        width, height = (int(part) for part in size.lower().split("x"))
        for theme in ("light", "dark"):
            _grab(theme, args.out, wav, (width, height))
    print(f"screenshots in {args.out}")
    return 0


def _wait(seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _grab(theme: str, out: Path, wav: Path, size: tuple[int, int]) -> None:
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.application import create_window
    from studyapp.ui.settings_dialog import SettingsDialog
    from studyapp.voice.capture import file_source
    from studyapp.voice.playback import SilentPlayer

    data = Path(tempfile.mkdtemp(prefix="ds-voiceshot-"))
    services = build_services(data, clock=FixedClock(datetime(2026, 11, 1, 9, tzinfo=UTC)))
    services.settings.save(replace(services.settings.load(), theme=theme))
    window = create_window(services)
    window.resize(*size)
    window.show()
    app = QApplication.instance()
    assert app is not None
    tag = f"{theme}-{size[0]}x{size[1]}"

    def shot(name: str, widget: object = window) -> None:
        app.processEvents()
        widget.grab().save(str(out / f"voice-{name}-{tag}.png"))  # type: ignore[attr-defined]

    window.show_page(1)
    quiz = window.quiz
    quiz.start_spec(QueueSpec(question_ids=(12,), limit=2))
    quiz.speak.source_factory = lambda: file_source(wav, realtime=True)
    quiz.speak.player_factory = lambda samples: (SilentPlayer(samples), None)
    quiz.toggle_speaking()
    _wait(2.3)
    shot("recording")
    import soundfile

    _wait(soundfile.info(str(wav)).duration - 2.0)  # the rest of the answer
    quiz.toggle_speaking()  # stop, transcribe, reveal
    _wait(0.3)
    quiz.spoken_panel.toggle_play()
    _wait(1.6)
    quiz.spoken_panel.toggle_play()
    shot("checked")
    quiz.rate(Rating.GOOD)
    dialog = SettingsDialog(services.settings.load(), services.data_dir, window)
    dialog.show()
    _wait(0.2)
    shot("settings", dialog)
    dialog.close()
    window.close()
    services.close()


if __name__ == "__main__":
    raise SystemExit(main())
