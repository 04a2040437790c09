"""Search speed per keystroke: the core query and the whole browser (list and answer painted).

    .venv/bin/python -m benchmarks.search [--quick]

Runs on its own (a few seconds) and as part of `python -m benchmarks`. Each figure types a
query one character at a time, as a person does, and divides by the number of keystrokes.
The 5,000-question pack is made from the real answers by `synthetic_pack.scaled_library`.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.harness import Figure, median_ms, run_alone, shown_window

if TYPE_CHECKING:
    from studyapp.content.loader import Library

QUERIES = ("gradient descent", "dropout", '"batch normalization" train')
# Typed with typos: from the first wrong letter on, each keystroke also looks for the closest
# indexed word (rapidfuzz over the index's vocabulary) and searches again.
TYPO_QUERIES = ("attenton mechansim", "gradeint descnet")
BIG = 5000


def _typed(query: str) -> list[str]:
    """Every prefix of `query`: what the search box holds after each keystroke."""
    return [query[:end] for end in range(1, len(query) + 1)]


def search_figures(repeat: int) -> list[Figure]:
    from benchmarks.synthetic_pack import scaled_library
    from studyapp.content.loader import load_library
    from studyapp.paths import content_dir

    real = load_library(content_dir())
    figures: list[Figure] = []
    figures += _pack_figures(real, f"{len(real.questions)} questions", "<= 16 ms", repeat)
    big = scaled_library(real, BIG)
    figures += _pack_figures(big, f"{BIG:,} synthetic questions", "<= 50 ms", repeat)
    return figures


def _pack_figures(library: Library, label: str, target: str, repeat: int) -> list[Figure]:
    """The core query alone, then the whole browser: the list refilled and everything that
    changed painted (Qt paints on processEvents), as a person sees it after a keystroke."""

    from studyapp.app import build_services
    from studyapp.services.browse import BrowseFilter

    keystrokes = [prefix for query in QUERIES for prefix in _typed(query)]
    services = build_services(Path(tempfile.mkdtemp(prefix="bench-search-")), library=library)

    def core() -> None:
        for prefix in keystrokes:
            services.browse.browse(BrowseFilter(query=prefix))

    core_ms = median_ms(core, repeat) / len(keystrokes)
    typos = [prefix for query in TYPO_QUERIES for prefix in _typed(query)]

    def core_typos() -> None:
        for prefix in typos:
            services.browse.browse(BrowseFilter(query=prefix))

    typo_ms = median_ms(core_typos, repeat) / len(typos)
    window, app = shown_window(services)
    app.processEvents()

    def typed() -> None:
        for prefix in keystrokes:
            window.browser.search.setText(prefix)
            app.processEvents()

    ui_ms = median_ms(typed, repeat) / len(keystrokes)

    def pause() -> None:
        for query in QUERIES:
            window.browser.search.setText(query)
            app.processEvents()
            start = time.perf_counter()
            window.browser.follow_list()  # what the 150 ms pause timer does
            app.processEvents()
            opened.append((time.perf_counter() - start) * 1000)

    opened: list[float] = []
    for _ in range(repeat):
        window.browser.search.clear()
        app.processEvents()
        pause()
    opened.sort()
    window.close()
    services.close()
    return [
        Figure(f"search per keystroke, {label} (core query)", core_ms, "ms", target=target),
        Figure(
            f"search per keystroke with typos corrected, {label} (core query)",
            typo_ms,
            "ms",
            target=target,
        ),
        Figure(
            f"search per keystroke, {label} (list and answer painted)", ui_ms, "ms", target=target
        ),
        Figure(
            f"best match opened after a pause in typing, {label} (median)",
            opened[len(opened) // 2],
            "ms",
            note="once per pause, not per keystroke; the answer is laid out and painted",
        ),
    ]


def main() -> int:
    return run_alone(search_figures, quick=3, full=7)


if __name__ == "__main__":
    raise SystemExit(main())
