"""Timing helpers: medians of repeated runs, and process start-up measured from outside."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from studyapp.app import AppServices
    from studyapp.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
PYCACHE = Path(tempfile.gettempdir()) / "deepstudy-bench-pycache"


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    target: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline_value:
            return self.value / self.baseline_value
        return None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def median_ms(action: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# What `main.py --quit-after-paint` and the floors print when their first paint is done:
# the time on CLOCK_MONOTONIC, which every process on the machine shares (time.monotonic).
PAINT_STAMP = "first-paint-at "


@dataclass(frozen=True)
class Launch:
    """One start-up seen from outside: spawn to the child's first paint, and to its exit.
    The issue's figure is the first; the second adds tearing down, which nobody waits for
    but which a stopwatch around the whole process would count."""

    to_paint: float
    to_exit: float


def launch(command: Sequence[str], env: dict[str, str]) -> Launch:
    start = time.monotonic()
    result = subprocess.run(
        command, env=env, check=True, capture_output=True, text=True, timeout=120
    )
    end = time.monotonic()
    stamps = [line for line in result.stdout.splitlines() if line.startswith(PAINT_STAMP)]
    if not stamps:
        raise RuntimeError(f"{command[1:2]} printed no {PAINT_STAMP.strip()!r} line")
    return Launch(float(stamps[-1][len(PAINT_STAMP) :]) - start, end - start)


def launch_median(
    args: Sequence[str] | Callable[[], Sequence[str]],
    repeat: int,
    env: dict[str, str] | None = None,
) -> Launch:
    """Medians over `repeat` launches, after one warm-up launch (it warms the disk cache).
    `args` may be a function, called before each run (for a new data folder every time)."""
    environment = process_env(env)
    runs = []
    for index in range(repeat + 1):
        run = launch(args() if callable(args) else args, environment)
        if index:
            runs.append(run)
    return Launch(
        statistics.median(run.to_paint for run in runs),
        statistics.median(run.to_exit for run in runs),
    )


def process_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every timed process: offscreen Qt, and Python's bytecode cache on,
    as on a person's machine. (Our sessions set PYTHONDONTWRITEBYTECODE, which recompiles
    every module of ours at each start, ~50 ms.) The cache goes to a folder of its own, so the
    checkout stays clean; a warm-up run fills it, for the app and the baselines alike."""
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(extra or {}))
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    return environment


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def run_alone(collect: Callable[[int], list[Figure]], quick: int, full: int) -> int:
    """`python -m benchmarks.X [--quick]`: one group of figures, printed one a line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    repeat = quick if parser.parse_args().quick else full
    for figure in collect(repeat):
        ratio = f", {figure.ratio:.2f} x {figure.baseline}" if figure.ratio else ""
        extra = "".join(f", {part}" for part in (figure.note, figure.target) if part)
        print(f"{figure.name}: {figure.value:.2f} {figure.unit}{ratio}{extra}")
    return 0


def shown_window(services: AppServices) -> tuple[MainWindow, QApplication]:
    """The app's main window on `services`, shown at the size every benchmark uses, and the
    application it runs in. Qt is imported here, after the caller's own imports."""
    from PySide6.QtWidgets import QApplication

    from studyapp.ui.application import create_window

    window = create_window(services)
    window.resize(1240, 800)
    window.show()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return window, app
