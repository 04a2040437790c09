"""Run every benchmark and write a table of medians, each beside its same-run baseline.

    ./dev.sh bench            (or: .venv/bin/python -m benchmarks [--quick])

Results go to benchmarks/results/latest.md and latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bundle import BUNDLE_EXE, bundle_figures
from benchmarks.grading import grading_figures
from benchmarks.harness import (
    ROOT,
    Figure,
    Launch,
    launch_median,
    median_ms,
    python,
    shown_window,
)
from benchmarks.own_import import import_figures
from benchmarks.planning import planning_figures
from benchmarks.question_export import export_figures
from benchmarks.quiz import quiz_figures
from benchmarks.reveal import reveal_figures
from benchmarks.search import search_figures
from benchmarks.spoken_recall import spoken_recall_figures
from benchmarks.sync import sync_figures
from benchmarks.voice import voice_figures

FLOOR = str(ROOT / "benchmarks" / "baselines" / "floor_qt.py")
MAIN = str(ROOT / "main.py")


def startup_figures(repeat: int, history: Path) -> list[Figure]:
    """Spawn to first paint, as each process stamps it (see harness.launch): the floors and
    the app stop their clocks the same way, once their first paint has been delivered."""
    floor_qt = launch_median(python(FLOOR), repeat)
    floor_stack = launch_median(python(FLOOR, "--stack"), repeat)
    # A new, empty data folder for every run: the first start after installing.
    app_fresh = launch_median(
        lambda: python(
            MAIN, "--data-dir", tempfile.mkdtemp(prefix="bench-fresh-"), "--quit-after-paint"
        ),
        repeat,
    )
    # The everyday start: the same folder again, its caches filled by the run before.
    again = Path(tempfile.mkdtemp(prefix="bench-again-"))
    app_again = launch_median(python(MAIN, "--data-dir", str(again), "--quit-after-paint"), repeat)
    app_history = launch_median(
        python(MAIN, "--data-dir", str(history), "--quit-after-paint"), repeat
    )
    stack = "stack floor (Qt window + SQLAlchemy + Markdown)"

    def whole(run: Launch) -> str:
        ratio = run.to_exit / floor_stack.to_exit
        return f"whole process, spawn to exit: {run.to_exit * 1000:.0f} ms = {ratio:.2f} x"

    def app(name: str, run: Launch, target: str) -> Figure:
        return Figure(
            name, run.to_paint * 1000, "ms", stack, floor_stack.to_paint * 1000, target, whole(run)
        )

    return [
        Figure(
            "Qt floor: QMainWindow + QTextBrowser to first paint",
            floor_qt.to_paint * 1000,
            "ms",
            note=f"whole process {floor_qt.to_exit * 1000:.0f} ms",
        ),
        Figure(
            "stack floor: Qt floor + import SQLAlchemy, Markdown",
            floor_stack.to_paint * 1000,
            "ms",
            "Qt floor",
            floor_qt.to_paint * 1000,
            note=f"whole process {floor_stack.to_exit * 1000:.0f} ms",
        ),
        app("start-up to first paint, fresh data folder", app_fresh, "<= 1.3 x"),
        app("start-up to first paint, everyday (same folder, caches warm)", app_again, "<= 1.3 x"),
        app("start-up to first paint, 100,000 reviews", app_history, "<= 1.4 x"),
    ]


def interactive_figures(repeat: int, history: Path) -> list[Figure]:
    """Reveal and rating (benchmarks/reveal.py), then the dashboard on a long history."""
    from PySide6.QtWidgets import QApplication

    from studyapp.app import build_services

    figures = reveal_figures()
    app = QApplication.instance()
    assert app is not None

    # Dashboard refresh with a long history.
    history_services = build_services(history)
    history_window, _ = shown_window(history_services)
    history_window.show_page(2)
    app.processEvents()

    def refresh() -> None:
        history_window.dashboard.refresh()
        history_window.dashboard.repaint()

    figures.append(
        Figure(
            "dashboard refresh, 100,000 reviews",
            median_ms(refresh, repeat),
            "ms",
            target="<= 150 ms",
        )
    )
    history_window.close()
    history_services.close()
    return figures


def memory_figures() -> list[Figure]:
    """Peak RSS (the kernel's VmHWM) of the stack floor, after its first paint, and of the app
    after opening every answer once: on a new data folder (the first start; the answers come
    from the shipped seed), on a folder an earlier run filled (every day), and in a look the
    seed does not cover (an earlier session set answers 2 px larger: every answer is rendered
    anew, so Markdown and Pygments are loaded; the formulas are scaled from the seed's)."""
    floor = _rss(python(FLOOR, "--stack", "--print-rss"))
    rss_app = str(ROOT / "benchmarks" / "rss_app.py")
    first = _rss(python(rss_app))
    folder = Path(tempfile.mkdtemp(prefix="bench-rss-warm-"))
    _rss(python(rss_app, str(folder)))  # fills the folder's caches
    everyday = _rss(python(rss_app, str(folder)))
    larger = Path(tempfile.mkdtemp(prefix="bench-rss-17px-"))
    _set_answer_size(larger, 17)  # as an earlier session did
    uncovered = _rss(python(rss_app, str(larger)))

    def figure(name: str, value: float) -> Figure:
        return Figure(
            f"memory (RSS) after opening every answer, {name}",
            value,
            "MB",
            "stack floor RSS",
            floor,
            "<= 1.5 x",
        )

    return [
        figure("new data folder (answers from the shipped seed)", first),
        figure("a folder used before (everyday)", everyday),
        figure("a look the seed does not cover (answers rendered anew)", uncovered),
    ]


def _set_answer_size(folder: Path, font_px: int) -> None:
    from dataclasses import replace

    from studyapp.app import build_services

    services = build_services(folder)
    services.settings.save(replace(services.settings.load(), answer_font_px=font_px))
    services.close()


def _rss(args: list[str]) -> float:
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(args, env=env, check=True, capture_output=True, text=True, timeout=300)
    return float(result.stdout.strip().splitlines()[-1])


def make_history(reviews: int) -> Path:
    from studyapp.app import build_services
    from tools.synthetic_history import fill

    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    services = build_services(folder)
    fill(services, reviews, 3 * 365)
    services.close()
    return folder


def write_report(figures: list[Figure], out: Path) -> str:
    out.mkdir(parents=True, exist_ok=True)
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f} at the end.",
        "",
        "| figure | value | baseline | ratio | target | note |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        base = f"{f.baseline} = {f.baseline_value:.0f} {f.unit}" if f.baseline_value else ""
        ratio = f"{f.ratio:.2f} x" if f.ratio else ""
        lines.append(
            f"| {f.name} | {f.value:.1f} {f.unit} | {base} | {ratio} | {f.target} | {f.note} |"
        )
    table = "\n".join(lines)
    (out / "latest.md").write_text(table + "\n", encoding="utf-8")
    (out / "latest.json").write_text(
        json.dumps([f.as_dict() for f in figures], indent=2), encoding="utf-8"
    )
    return table


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument(
        "--bundle", type=Path, default=BUNDLE_EXE, help="built bundle to time (default: dist/)"
    )
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    history = make_history(args.reviews)
    figures = (
        startup_figures(repeat, history)
        + bundle_figures(repeat, args.bundle)
        + interactive_figures(repeat, history)
        + search_figures(repeat)
        + quiz_figures(repeat)
        + planning_figures(repeat)
        + export_figures(repeat)
        + import_figures(repeat)
        + voice_figures(repeat)
        + spoken_recall_figures(repeat)
        + sync_figures(max(1, repeat // 3))
        + grading_figures(repeat)
        + memory_figures()
    )
    print(write_report(figures, ROOT / "benchmarks" / "results"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
