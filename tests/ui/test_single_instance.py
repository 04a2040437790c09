"""One writer: a second launch on the same data folder hands over and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer
from pytestqt.qtbot import QtBot

from studyapp.app import run
from studyapp.paths import DATABASE_FILE
from studyapp.storage.instance_lock import InstanceLock
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


def _launch(
    data_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    command = [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)]
    command += ["--content-dir", str(FIXTURE_CONTENT), *extra]
    return subprocess.Popen(
        command,
        env=env or dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_command_refuses_to_write_beside_a_running_instance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """D7: the lock is taken before the database opens; whoever cannot take it writes nothing."""
    with InstanceLock(tmp_path) as lock:
        assert lock.acquire()
        assert not InstanceLock(tmp_path).acquire()  # atomic: a second taker is refused
        code = run(
            ["--smoke-test", "--data-dir", str(tmp_path), "--content-dir", str(FIXTURE_CONTENT)]
        )
        assert code == 2 and "already running" in capsys.readouterr().err
        assert not (tmp_path / DATABASE_FILE).exists()
    assert InstanceLock(tmp_path).acquire()  # let go when its holder ends


def test_simultaneous_launches_make_exactly_one_writer(tmp_path: Path) -> None:
    """D7: two launches at the same moment both passed the socket check and both became
    writers (12 of 20 pairs). Three pairs, each started together: one window stays per folder,
    the other launch hands over to it."""
    pairs = [[_launch(tmp_path / f"d{n}") for _ in range(2)] for n in range(3)]
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if all(any(p.poll() is not None for p in pair) for pair in pairs):
                break
            time.sleep(0.2)
        time.sleep(1.0)  # a second writer would have its window up by now
        for pair in pairs:
            exited = [p for p in pair if p.poll() is not None]
            assert len(exited) == 1, [p.poll() for p in pair]
            out, err = exited[0].communicate()
            assert exited[0].returncode == 0 and "already running" in out, err
    finally:
        for pair in pairs:
            for launch in pair:
                launch.terminate()
                launch.wait(timeout=10)


def test_someone_else_holding_the_socket_name_does_not_stop_the_app(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """U3: a listener on the predictable name in /tmp made every launch say 'already running'
    and exit (and received its knock). The lock is free, so the launch goes ahead."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("XDG_RUNTIME_DIR", None)
    squatter = QLocalServer()
    QLocalServer.removeServer(server_name(tmp_path, env))
    assert squatter.listen(server_name(tmp_path, env))
    knocked = []
    squatter.newConnection.connect(lambda: knocked.append(True))
    launch = _launch(tmp_path, env=env)
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / DATABASE_FILE).exists() and time.monotonic() < deadline:
            qtbot.wait(100)
        assert (tmp_path / DATABASE_FILE).exists()
        qtbot.wait(500)
        assert launch.poll() is None, launch.communicate()
    finally:
        launch.terminate()
        launch.wait(timeout=10)
        squatter.close()


def test_the_socket_lives_in_the_private_runtime_folder(tmp_path: Path) -> None:
    """U3: the name went to the shared /tmp; with a private XDG_RUNTIME_DIR it goes there, and
    a shared or someone else's folder is not used."""
    runtime = Path(tempfile.mkdtemp(prefix="run", dir="/tmp"))  # short, like /run/user/1000
    runtime.chmod(0o700)
    name = server_name(tmp_path / "data", {"XDG_RUNTIME_DIR": str(runtime)})
    assert Path(name).parent == runtime
    runtime.chmod(0o777)
    assert "/" not in server_name(tmp_path / "data", {"XDG_RUNTIME_DIR": str(runtime)})
    assert "/" not in server_name(tmp_path / "data", {"XDG_RUNTIME_DIR": "relative"})
    runtime.rmdir()


def test_quitting_removes_the_hand_over_socket(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Newcomer review: a clean quit left the socket file behind in the runtime folder."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.main_window import MainWindow

    runtime = Path(tempfile.mkdtemp(prefix="run", dir="/tmp"))
    runtime.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    data = tmp_path / "data"
    socket = Path(server_name(data))
    assert socket.parent == runtime
    seen_while_open: list[bool] = []

    def quit_like_ctrl_q() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or not windows[0].isVisible():
            QTimer.singleShot(50, quit_like_ctrl_q)
            return
        seen_while_open.append(socket.exists())
        windows[0].close()

    QTimer.singleShot(300, quit_like_ctrl_q)
    try:
        assert run(["--data-dir", str(data), "--content-dir", str(FIXTURE_CONTENT)]) == 0
        assert seen_while_open == [True]
        assert not socket.exists()
        assert list(runtime.iterdir()) == []
    finally:
        for leftover in runtime.iterdir():
            leftover.unlink()
        runtime.rmdir()
