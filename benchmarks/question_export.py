"""How long File > Export questions takes, per format, for the 50 built-in questions and for
5,000 (the 50 repeated under new ids), written off the UI thread with a progress bar.

    .venv/bin/python -m benchmarks.question_export [--quick]

The baseline is the same-run cost of zipping the 50 question files and their figures as they
lie in content/: the least a pack export must do (read, compress, write).
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from benchmarks.harness import ROOT, Figure, median_ms, run_alone
from studyapp.content.loader import load_library
from studyapp.interchange.anki_export import export_anki
from studyapp.interchange.csv_file import write_csv
from studyapp.interchange.exporting import folder_images
from studyapp.interchange.pack_export import export_pack

CONTENT = ROOT / "content"


def export_figures(repeat: int) -> list[Figure]:
    library = load_library(CONTENT)
    images = folder_images(CONTENT, None)
    names = {t.id: t.name for t in library.topics}
    many = [
        replace(q, id=q.id + 50 * copy, title=f"{q.title} ({copy})")
        for copy in range(100)
        for q in library.questions
    ]
    out = Path(tempfile.mkdtemp(prefix="bench-export-"))

    def floor() -> None:
        with zipfile.ZipFile(out / "floor.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for path in [*CONTENT.glob("questions/*.md"), *CONTENT.glob("figures/*.svg")]:
                archive.write(path, path.relative_to(CONTENT).as_posix())

    base = median_ms(floor, repeat)
    figures = []
    for count, questions in ((50, library.questions), (5000, many)):
        runs = repeat if count == 50 else 1
        for label, action in (
            ("pack", lambda q=questions: export_pack(q, library.topics, out / "p.zip", images)),
            ("CSV", lambda q=questions: write_csv(q, names.__getitem__, out / "c.csv")),
            ("Anki", lambda q=questions: export_anki(q, names.__getitem__, out / "a.apkg", images)),
        ):
            ms = median_ms(action, runs, warmup=1 if count == 50 else 0)
            figures.append(
                Figure(
                    f"export {count:,} questions as {label}",
                    ms,
                    "ms",
                    "zip the 50 question files and figures as they are",
                    base,
                    note="off the UI thread, with a progress bar",
                )
            )
    return figures


if __name__ == "__main__":
    raise SystemExit(run_alone(export_figures, quick=3, full=7))
