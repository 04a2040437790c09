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


def process_seconds(
    args: Sequence[str] | Callable[[], Sequence[str]],
    repeat: int,
    env: dict[str, str] | None = None,
) -> float:
    """Median wall time of a whole process, spawn to exit, after one warm-up run. `args` may
    be a function, called before each run (for a new data folder every time)."""
    environment = process_env(env)
    times = []
    for index in range(repeat + 1):
        command = args() if callable(args) else args
        start = time.perf_counter()
        subprocess.run(command, env=environment, check=True, capture_output=True, timeout=120)
        if index:  # the first run warms the disk cache
            times.append(time.perf_counter() - start)
    return statistics.median(times)


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
