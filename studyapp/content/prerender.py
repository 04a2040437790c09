"""`python -m studyapp.content.prerender [OUT]`: the read-only seed of the content caches.

A brand-new data folder has neither cache, so the first start would import PyYAML, Markdown,
Pygments and ziamath (with ~29 MB of fonts) and typeset every answer it shows. The seed holds
what those caches would hold after a while of use: the parsed library and every answer in
both themes at the default text size, in both forms the app asks for (with key points and
follow-ups for the browser, without for the quiz), with all their formulas. It is made by the
same code that reads it, so its keys are the ones the app looks up; the app reads it after the
user's own folder and never writes it (see `RenderCache`, `load_library_cached`).

The seed is written into a temporary folder and swapped in at the end, so a half-written seed
never exists, and a stamp of everything it was made from makes a run on a current seed
instant. `./dev.sh` refreshes the checkout's seed; build.spec makes the bundle's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from studyapp.content.cache_files import PACKAGE_DIR, code_fingerprint, write_code_digests
from studyapp.content.library_cache import content_digest, load_library_cached
from studyapp.content.render import library_renderer
from studyapp.content.render_cache import RenderCache, digest
from studyapp.content.theme import THEMES
from studyapp.paths import (
    LIBRARY_CACHE_FILE,
    RENDER_CACHE_FOLDER,
    content_dir,
    prerendered_dir,
)

STAMP_FILE = "stamp.txt"
# The browser shows an answer with its extras, the quiz without (ui/browser, ui/quiz).
VARIANTS = (True, False)


@dataclass(frozen=True)
class SeedReport:
    out: Path
    skipped: bool
    answers: int = 0
    formulas: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        if self.skipped:
            return f"prerender: {self.out} is up to date ({self.seconds:.2f} s)"
        return (
            f"prerender: {self.answers} answers and {self.formulas} formulas "
            f"({len(THEMES)} themes) and the parsed library written to {self.out} "
            f"in {self.seconds:.1f} s"
        )


def seed_stamp(content_root: Path) -> str:
    """Changes with the content, the parsing and rendering code (both inside the digests)
    and the settings' defaults, i.e. with anything that would change the seed's files."""
    defaults = code_fingerprint(PACKAGE_DIR / "services" / "settings.py")
    return digest("seed", content_digest(content_root), defaults, sorted(THEMES), VARIANTS)


def build_seed(content_root: Path, out: Path, force: bool = False) -> SeedReport:
    """Make the seed in `out` from `content_root`, unless its stamp shows it is current."""
    started = time.perf_counter()
    stamp = seed_stamp(content_root)
    if not force and _read_stamp(out) == stamp:
        return SeedReport(out, skipped=True, seconds=time.perf_counter() - started)
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))
    try:
        answers = _fill(content_root, building)
        formulas = sum(1 for _ in (building / RENDER_CACHE_FOLDER / "math").rglob("*.txt"))
        (building / STAMP_FILE).write_text(stamp, encoding="utf-8")
        _readable_by_all(building)
        _swap_in(building, out)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return SeedReport(out, False, answers, formulas, time.perf_counter() - started)


def _fill(content_root: Path, folder: Path) -> int:
    """Parse and render everything into `folder`, through the caches' own write paths."""
    # Imported here: it loads SQLAlchemy, which the up-to-date check does not need.
    from studyapp.services.settings import Settings

    library = load_library_cached(content_root, folder / LIBRARY_CACHE_FILE)
    cache = RenderCache(folder / RENDER_CACHE_FOLDER)
    font_px = Settings().answer_font_px
    answers = 0
    for theme in THEMES.values():
        renderer = library_renderer(content_root, library.questions, theme, font_px, cache)
        for question in library.questions:
            for extras in VARIANTS:
                renderer.render_question(question, extras)
                answers += 1
    return answers


def _readable_by_all(folder: Path) -> None:
    """Cache files are private to their user (mkstemp), but an installed seed is read by
    everyone on the machine: the bundle and the .deb keep these modes."""
    folder.chmod(0o755)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _swap_in(building: Path, out: Path) -> None:
    """Replace `out` by `building` with two renames; readers meanwhile find no seed, which
    only means a slower start. Another run that swapped in first is as good as this one."""
    retired = out.with_name(f".{out.name}.old-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        os.replace(out, retired)
    with contextlib.suppress(OSError):
        os.replace(building, out)
    shutil.rmtree(retired, ignore_errors=True)


def _read_stamp(out: Path) -> str | None:
    try:
        return (out / STAMP_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m studyapp.content.prerender",
        description="Make the read-only seed of the answer and library caches.",
    )
    parser.add_argument("out", nargs="?", type=Path, help=f"default: {prerendered_dir()}")
    parser.add_argument("--force", action="store_true", help="rebuild even when current")
    parser.add_argument(
        "--code-digests",
        type=Path,
        metavar="FILE",
        help="also record the digests of the sources, for a bundle that ships none",
    )
    args = parser.parse_args(argv)
    print(build_seed(content_dir(), args.out or prerendered_dir(), args.force), flush=True)
    if args.code_digests:
        count = write_code_digests(args.code_digests)
        print(f"prerender: {count} source digests recorded in {args.code_digests}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
