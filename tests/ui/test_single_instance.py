"""One writer: a second launch on the same data folder hands over and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from studyapp.ui.single_instance import InstanceServer, notify_running, server_name
from tests.conftest import FIXTURE_CONTENT, ROOT


def test_a_knock_reaches_the_running_instance(qtbot: QtBot, tmp_path: Path) -> None:
    name = server_name(tmp_path)
    assert not notify_running(name)
    server = InstanceServer(name)
    try:
        assert server.listening
        with qtbot.waitSignal(server.activation_requested, timeout=3000):
            assert notify_running(name)
        assert server_name(tmp_path / "other") != name
    finally:
        server.close()


def test_second_launch_exits_without_opening_the_database(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [
        sys.executable,
        str(ROOT / "main.py"),
        "--data-dir",
        str(tmp_path),
        "--content-dir",
        str(FIXTURE_CONTENT),
    ]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "deepstudy.sqlite3").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # let the first window start listening
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
        assert second.returncode == 0, second.stderr
        assert "already running" in second.stdout
        assert first.poll() is None  # the first one is still there
    finally:
        first.terminate()
        first.wait(timeout=10)
