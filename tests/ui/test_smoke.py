"""`main.py --smoke-test` from a real process, as the packaging test runs it from the bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_smoke_test_command(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke-test", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("smoke test OK:")
    assert (tmp_path / "deepstudy.sqlite3").is_file()


def test_smoke_test_leaves_the_default_data_folder_alone(tmp_path: Path) -> None:
    """Without --data-dir the review goes to a temporary folder: the user's own progress (the
    per-user folder, here under a scratch HOME) is never created or written."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "share"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "your own progress was not touched" in result.stdout
    assert not list(tmp_path.rglob("deepstudy.sqlite3"))
