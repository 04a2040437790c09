"""Screens that the December 2026 reliability review broke with damaged rows or hostile
content (findings D1, C1, C4, U1, H1 and more): each test failed on ff8ef8c."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.content.loader import load_library
from studyapp.content.local_images import media_dir
from studyapp.content.render import RenderedDoc
from studyapp.domain import Question
from studyapp.ui.widgets.answer_view import AnswerView
from tests.conftest import FIXTURE_CONTENT, ROOT
from tests.ui.conftest import WindowFactory


def test_a_question_that_cannot_be_shown_keeps_its_own_note(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """D1: Q2's answer failed to render (one unreadable review row, or a 400-level list),
    the editor still held Q1's note, and leaving Q2 saved Q1's note over Q2's own. (Both
    causes are fixed as well: test_damaged_rows, test_content_limits.)"""
    services.library.set_note(1, "my note on Q1")
    services.library.set_note(2, "my note on Q2")
    window = make_window(services)
    browser = window.browser
    render = window.ctx.renderer.render_question

    def fails_on_q2(question: Question, extras: bool = True) -> RenderedDoc:
        if question.id == 2:  # what a damaged row or too deep a nesting once did
            raise RecursionError("maximum recursion depth exceeded")
        return render(question, extras)

    monkeypatch.setattr(window.ctx.renderer, "render_question", fails_on_q2)
    for question_id in (1, 2, 3):
        browser.show_question(question_id)
        if question_id == 2:
            assert browser.note_editor.toPlainText() == "my note on Q2"
            shown = browser.view.toPlainText()
            assert "cannot be shown" in shown and "Q2" in shown
    browser.save_note()
    assert services.library.note(1) == "my note on Q1"
    assert services.library.note(2) == "my note on Q2"


def _tall_png(path: Path) -> Path:
    """A 40x1200 picture: a label or a pane that loaded it grows by that much."""
    image = QImage(40, 1200, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    assert image.save(str(path), "PNG")
    return path


def _hostile_content(tmp_path: Path, canary: Path) -> Path:
    """The fixture content with images pointing at `canary` in every place content shows."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    tag = f'<img src="{canary}">'
    question = content / "questions" / "01-softmax.md"
    text = question.read_text(encoding="utf-8")
    text = text.replace("title: What does softmax compute?", f"title: 'Softmax {tag}'")
    text = text.replace(
        "  - Turns logits into probabilities that sum to one",
        f"  - 'Turns logits into probabilities {tag}'",
    )
    text = text.replace(
        "and every output lies in $(0, 1)$.",
        f"and every output lies in $(0, 1)$.\n\n![abs]({canary}) ![url](file://{canary}) "
        f"![rel]({canary.name}) [![in a link]({canary})](https://example.org)",
    )
    question.write_text(text, encoding="utf-8")
    topics = content / "topics.yaml"
    topics.write_text(
        topics.read_text(encoding="utf-8").replace("name: Basics", f"name: 'Basics {tag}'"),
        encoding="utf-8",
    )
    figure = content / "figures" / "02-paths.svg"
    figure.write_text(
        figure.read_text(encoding="utf-8").replace(
            "</svg>", f'<image href="{canary}" width="40" height="1200"/></svg>'
        ),
        encoding="utf-8",
    )
    return content


def _loaded(view: AnswerView, name: str) -> bool:
    """Whether the pane's document got the bytes or pixels of the image `name` names."""
    found = view.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl(name))
    if isinstance(found, QImage):
        return not found.isNull()
    if isinstance(found, QByteArray | bytes):
        return len(found) > 0
    return found is not None


def test_no_local_file_outside_the_media_folder_is_read(
    qtbot: QtBot,
    make_window: WindowFactory,
    tmp_path: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """U1: Qt's own fallback read any file an image pointed at: in answers (absolute,
    file:, relative to the current folder, inside a link), notes, question titles, key
    points, topic names and inside figure SVGs. Only the data folder's media/ is allowed."""
    canary = _tall_png(tmp_path / "canary.png")
    monkeypatch.chdir(tmp_path)  # where a relative name used to be looked up
    content = _hostile_content(tmp_path, canary)
    data = tmp_path / "data"
    services = build_services(data, clock=clock, content_root=content)
    allowed = _tall_png(media_dir(data).parent / "allowed.png")  # beside media/, not in it
    (media_dir(data)).mkdir()
    mine = _tall_png(media_dir(data) / "mine.png")
    services.library.set_note(1, f"![n]({canary}) ![a]({allowed}) ![m](media/{mine.name})")
    window = make_window(services)
    browser = window.browser
    browser.show_question(1)
    view = browser.view
    for name in (str(canary), f"file://{canary}", canary.name):
        assert not _loaded(view, name), name
    assert not _loaded(view, str(allowed))
    assert _loaded(view, f"media/{mine.name}")  # the person's own pictures do show
    for label in (browser.title, browser.badges):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.sizeHint().height() < 400 and "<img" in label.text()
    figure = window.ctx.renderer.image("ds-fig:02-paths.svg")
    assert figure is not None and b"<image" not in figure.svg
    services.close()


def test_a_figure_outside_the_figures_folder_is_a_content_problem(tmp_path: Path) -> None:
    """U1: `figures/../../x` was looked up (and stat-ed) outside the content folder."""
    canary = _tall_png(tmp_path / "canary.png")
    content = _hostile_content(tmp_path, canary)
    question = content / "questions" / "02-momentum.md"
    question.write_text(
        question.read_text(encoding="utf-8") + "\n![up](figures/../../canary.png)\n",
        encoding="utf-8",
    )
    library = load_library(content)
    assert 2 not in {q.id for q in library.questions}
    assert any("figures/../../canary.png" in p.message for p in library.problems)


def test_a_note_pointing_at_a_fifo_or_a_device_does_not_hang(tmp_path: Path) -> None:
    """H1: a note with ![d](fifo) blocked the UI thread for good in open(); /dev/zero read
    without end. Run in a child process, so that a hang fails the test instead of the run."""
    fifo = tmp_path / "media" / "pipe.png"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    script = f"""
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from studyapp.app import build_services
from studyapp.ui.application import create_window, make_application
data = Path({str(tmp_path)!r})
services = build_services(data, content_root=Path({str(FIXTURE_CONTENT)!r}))
services.library.set_note(1, "![f](media/pipe.png) ![z](/dev/zero) ![u](/dev/urandom)")
app = make_application()
window = create_window(services)
window.show()
window.browser.show_question(1)
app.processEvents()
print("shown")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "shown" in done.stdout, done.stderr
