"""No desktop: a plain sentence and exit 2, instead of Qt's abort about xcb-cursor."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from studyapp.display import missing_display, utf8_locale_for_qt
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


def test_a_c_locale_gets_a_utf8_character_type_and_nothing_else() -> None:
    for before in ({}, {"LANG": "C"}, {"LC_CTYPE": "POSIX", "LANG": "de_DE.UTF-8"}):
        environ = dict(before)
        assert utf8_locale_for_qt(environ, "linux")
        assert environ == {**before, "LC_CTYPE": "C.UTF-8"}
    for kept in (
        {"LANG": "en_GB.UTF-8"},
        {"LC_CTYPE": "C.utf8"},
        {"LC_ALL": "C"},  # chosen on purpose: theirs
        {"LANG": "en_US.ISO-8859-1"},
    ):
        environ = dict(kept)
        assert not utf8_locale_for_qt(environ, "linux")
        assert environ == kept
    assert not utf8_locale_for_qt({}, "win32")


def test_the_app_starts_quietly_in_a_c_locale(tmp_path: Path) -> None:
    """The installed (frozen) app does not coerce a C locale as Python does for a source run;
    PYTHONCOERCECLOCALE=0 makes the source run behave the same here."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONCOERCECLOCALE": "0",
        "QT_QPA_PLATFORM": "offscreen",
    }
    command = [sys.executable, str(ROOT / "main.py"), "--smoke-test"]
    done = subprocess.run(
        [*command, "--data-dir", str(tmp_path / "data"), "--content-dir", str(FIXTURE_CONTENT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "locale" not in done.stdout + done.stderr
