"""What start-up leaves out or lets go of: Markdown on an everyday start, and the module
source text PySide's import hook reads into linecache (see studyapp/ui/module_sources.py)."""

from __future__ import annotations

import gc
import linecache
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.ui import application
from tests.conftest import ROOT
from tests.ui.conftest import WindowFactory

_GENERATED = "<deepstudy-test-generated>"


def _child_output(code: str) -> str:
    """What `code` prints, run in a Python process of its own: what a start-up loads can only
    be seen in a process that has not loaded anything yet."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def _sources_from_disk() -> list[str]:
    return [name for name, entry in linecache.cache.items() if len(entry) == 4 and entry[1]]


def test_module_sources_are_let_go_once_the_window_has_painted(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    linecache.getline(application.__file__, 1)  # as PySide's import hook does for a module
    # Source put in linecache by code, with no file behind it, must survive.
    linecache.cache[_GENERATED] = (7, None, ["x = 1\n"], _GENERATED)
    assert application.__file__ in linecache.cache
    window = make_window(services)
    qtbot.waitUntil(lambda: not _sources_from_disk())
    assert linecache.cache[_GENERATED][2] == ["x = 1\n"]
    del linecache.cache[_GENERATED]
    # A traceback still shows the code: linecache reads the file again when asked.
    assert linecache.getline(application.__file__, 1).startswith('"""')
    window.show_page(2)  # the dashboard's imports fill linecache again, and it is let go
    assert window.dashboard.isVisible()
    qtbot.waitUntil(lambda: not _sources_from_disk())


def test_an_everyday_start_does_not_load_markdown(tmp_path: Path) -> None:
    """The answer comes from the render cache the first start filled; the same text shows.
    Without the shipped seed (prerendered/), so the first start has to render."""
    no_seed = tmp_path / "no seed"
    code = (
        "import sys\n"
        "import studyapp.paths\n"
        f"studyapp.paths.prerendered_dir = lambda: __import__('pathlib').Path({str(no_seed)!r})\n"
        "from studyapp.app import build_services\n"
        "from studyapp.ui.application import create_window\n"
        f"services = build_services(__import__('pathlib').Path({str(tmp_path)!r}))\n"
        "window = create_window(services)\n"
        "print('markdown' in sys.modules)\n"
        "print(window.browser.view.toPlainText()[:200])\n"
        "services.close()\n"
    )
    runs = [_child_output(code).split("\n", 1) for _ in range(2)]
    assert runs[0][0] == "True"  # the first start renders the answer from its Markdown
    assert runs[1][0] == "False"
    assert runs[1][1] == runs[0][1]
    assert "Short answer" in runs[1][1]


def test_the_orm_is_loaded_by_the_quiz_not_by_the_first_paint(tmp_path: Path) -> None:
    """Everything the browser shows is read through SQLAlchemy Core; the ORM, which only
    writes use, is loaded once the quiz page is up, so that no rating waits for it. The
    cycle collector main.py pauses is back once the window has painted."""
    code = (
        "import gc, sys\n"
        "gc.disable()  # as main.py does\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QEventLoop, QTimer\n"
        "from studyapp.app import build_services\n"
        "from studyapp.domain import NewReview, Rating\n"
        "from studyapp.ui.application import create_window\n"
        f"services = build_services(Path({str(tmp_path)!r}))\n"
        "window = create_window(services)\n"
        "window.show()\n"
        "print('before paint:', 'sqlalchemy.orm' in sys.modules, gc.isenabled())\n"
        "loop = QEventLoop()\n"
        "QTimer.singleShot(300, loop.quit)\n"
        "loop.exec()\n"
        "print('after paint:', 'sqlalchemy.orm' in sys.modules, gc.isenabled())\n"
        "window.show_page(1)\n"
        "QTimer.singleShot(100, loop.quit)\n"
        "loop.exec()\n"
        "print('quiz open:', 'sqlalchemy.orm' in sys.modules)\n"
        "question = window.browser.current_id\n"
        "services.study.rate(NewReview(question, Rating.GOOD, duration_ms=9000))\n"
        "print('reviews:', len(services.library.history(question)))\n"
        "window.close()\n"
        "services.close()\n"
    )
    lines = _child_output(code).splitlines()
    assert "before paint: False False" in lines
    assert "after paint: False True" in lines
    assert "quiz open: True" in lines
    assert "reviews: 1" in lines


def test_a_first_write_from_the_browser_loads_the_orm_itself(tmp_path: Path) -> None:
    """A star set before the quiz was ever opened is saved: the first write loads the ORM."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from studyapp.app import build_services\n"
        f"services = build_services(Path({str(tmp_path)!r}))\n"
        "print('orm:', 'sqlalchemy.orm' in sys.modules)\n"
        "services.library.set_starred(7, True)\n"
        "print('orm:', 'sqlalchemy.orm' in sys.modules)\n"
        "services.close()\n"
        f"print('starred:', sorted(build_services(Path({str(tmp_path)!r})).library.starred()))\n"
    )
    lines = _child_output(code).splitlines()
    assert lines == ["orm: False", "orm: True", "starred: [7]"]


def test_sources_read_while_not_kept_are_still_served(tmp_path: Path) -> None:
    """Inside sources_not_kept() linecache still answers, from a file or from a loader (as in
    the frozen bundle, which has no files), and afterwards holds nothing new."""
    from studyapp.ui.module_sources import sources_not_kept

    real = tmp_path / "real_module.py"
    real.write_text("a = 1\nb = 2\n", encoding="utf-8")

    class Loader:
        def get_source(self, name: str) -> str:
            return "frozen = True\n"

    frozen = str(tmp_path / "not_on_disk.py")
    before = set(linecache.cache)
    with sources_not_kept():
        assert linecache.getlines(str(real)) == ["a = 1\n", "b = 2\n"]
        globals_of_frozen = {"__name__": "not_on_disk", "__loader__": Loader()}
        assert linecache.getlines(frozen, globals_of_frozen) == ["frozen = True\n"]
    assert set(linecache.cache) == before


def test_the_cycle_collector_comes_back_even_if_the_window_is_never_drawn(
    qtbot: QtBot, services: AppServices
) -> None:
    gc.disable()  # as main.py does
    try:
        window = application.create_window(services)  # never shown, so never painted
        qtbot.addWidget(window)
        qtbot.waitUntil(gc.isenabled, timeout=application.SETTLE_AT_THE_LATEST_MS + 2000)
    finally:
        gc.enable()
        gc.unfreeze()  # keep this test process's objects collectable


def test_module_sources_are_let_go_after_a_write(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """The first write of a session loads the ORM after PySide; what its import hook read
    into linecache goes once the change is applied."""
    window = make_window(services)
    qtbot.waitUntil(lambda: not _sources_from_disk())
    linecache.getline(application.__file__, 1)  # as the hook does for a newly loaded module
    assert _sources_from_disk()
    window.browser.toggle_star_of(1)
    assert services.library.starred() == {1}
    assert not _sources_from_disk()


def test_a_new_answer_size_loads_the_renderers_before_the_first_reveal(tmp_path: Path) -> None:
    """Answers in a size the seed does not hold are rendered anew; once the new size is on
    screen, Markdown and Pygments are loaded, so no reveal waits for them. In the default
    size, whose answers the seed holds, they are not."""
    code = (
        "import sys\n"
        "from dataclasses import replace\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QEventLoop, QTimer\n"
        "from studyapp.app import build_services\n"
        "from studyapp.ui.application import create_window\n"
        f"services = build_services(Path({str(tmp_path)!r}))\n"
        "window = create_window(services)\n"
        "window.show()\n"
        "def settle():\n"
        "    loop = QEventLoop()\n"
        "    QTimer.singleShot(200, loop.quit)\n"
        "    loop.exec()\n"
        "settle()\n"
        "window.apply_settings(replace(services.settings.load(), theme='dark'))\n"
        "settle()\n"
        "print('default size:', 'markdown' in sys.modules, 'pygments' in sys.modules)\n"
        "window.apply_settings(replace(services.settings.load(), answer_font_px=18))\n"
        "settle()\n"
        "print('18 px:', 'markdown' in sys.modules, 'pygments' in sys.modules)\n"
        "window.close()\n"
        "services.close()\n"
    )
    lines = _child_output(code).splitlines()
    assert lines == ["default size: False False", "18 px: True True"]
