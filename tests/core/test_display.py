"""No desktop: a plain sentence and exit 2, instead of Qt's abort about xcb-cursor."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from studyapp.display import missing_display
from tests.conftest import FIXTURE_CONTENT, ROOT


def test_a_console_without_a_display_is_named_plainly() -> None:
    message = missing_display({}, "linux")
    assert message is not None
    assert "DISPLAY" in message and "--smoke-test" in message
    assert missing_display({"QT_QPA_PLATFORM": "xcb"}, "linux") == message


def test_a_desktop_or_a_platform_that_needs_none_is_fine() -> None:
    assert missing_display({"DISPLAY": ":0"}, "linux") is None
    assert missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert missing_display({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert missing_display({}, "win32") is None
    assert missing_display({}, "darwin") is None


def test_starting_without_a_display_says_so_and_writes_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    data = tmp_path / "data"
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data)]
    done = subprocess.run(
        [*command, "--content-dir", str(FIXTURE_CONTENT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "needs a desktop" in done.stderr
    assert "xcb" not in done.stderr and "Aborted" not in done.stderr
    assert not data.exists()
