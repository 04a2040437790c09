"""Start-up of the built bundle (dist/DeepStudy) against the source run, in the same session.

People start the installed bundle, not `python main.py`; this checks that freezing costs
nothing noticeable (target: at most 1.1 x the source run). Build the bundle first with
`./dev.sh dist`; without it the figure is left out. Standalone: `python -m benchmarks.bundle`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import ROOT, Figure, launch, process_env, python

BUNDLE_EXE = ROOT / "dist" / "DeepStudy" / "DeepStudy"
MAIN = str(ROOT / "main.py")


def bundle_figures(repeat: int, exe: Path = BUNDLE_EXE) -> list[Figure]:
    """Medians of `repeat` start-ups each, source and bundle alternating run by run so that
    a noisy neighbour on the machine slows both alike; one warm-up run each is discarded
    (it also creates each data folder, so every timed run opens an existing database)."""
    if not exe.is_file():
        print(f"(no bundle at {exe}: run ./dev.sh dist to include its start-up)", file=sys.stderr)
        return []
    source_data = Path(tempfile.mkdtemp(prefix="bench-source-"))
    bundle_data = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
    source_cmd = python(MAIN, "--data-dir", str(source_data), "--quit-after-paint")
    bundle_cmd = [str(exe), "--data-dir", str(bundle_data), "--quit-after-paint"]
    source_times: list[float] = []
    bundle_times: list[float] = []
    env = process_env()
    for index in range(repeat + 1):
        source = launch(source_cmd, env).to_paint
        bundle = launch(bundle_cmd, env).to_paint
        if index:  # the first pair warms the disk cache and creates the databases
            source_times.append(source)
            bundle_times.append(bundle)
    source_ms = statistics.median(source_times) * 1000
    bundle_ms = statistics.median(bundle_times) * 1000
    return [
        Figure(
            "start-up to first paint, built bundle (dist/DeepStudy)",
            bundle_ms,
            "ms",
            "source run (python main.py), same session",
            source_ms,
            "<= 1.1 x",
        )
    ]


if __name__ == "__main__":
    for figure in bundle_figures(int(sys.argv[1]) if len(sys.argv) > 1 else 7):
        print(
            f"{figure.name}: {figure.value:.0f} ms; {figure.baseline}: "
            f"{figure.baseline_value:.0f} ms; ratio {figure.ratio:.2f} x (target {figure.target})"
        )
