"""Answers fit the reading pane: figures and wide formulas shrink to it, so no answer shows a
horizontal scrollbar at the pane widths of a 1000x700 window and up."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtGui import QTextBlock
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.ui.widgets.answer_view import AnswerView
from tests.ui.conftest import WindowFactory


def _image_widths(view: AnswerView) -> list[float]:
    widths = []
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            if fmt.isImageFormat():
                widths.append(fmt.toImageFormat().width())
            fragments += 1
        block = block.next()
    return widths


@pytest.mark.parametrize("pane_width", [380, 520, 650])
def test_no_answer_needs_a_horizontal_scrollbar(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices, pane_width: int
) -> None:
    window = make_window(real_services)
    view = AnswerView(window.ctx.renderer)
    qtbot.addWidget(view)
    view.resize(pane_width, 600)
    view.show()
    overflowing = []
    for question in real_services.library.questions:
        view.show_html(window.ctx.renderer.render_question(question).html)
        QApplication.processEvents()
        if view.horizontalScrollBar().maximum() > 0:
            overflowing.append(question.id)
    assert overflowing == [], f"horizontal scrollbar at {pane_width} px for {overflowing}"


def test_shrunk_figures_grow_back_when_the_pane_widens(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    view = AnswerView(window.ctx.renderer)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    question = real_services.library.question(6)
    assert question is not None
    view.show_html(window.ctx.renderer.render_question(question).html)
    QApplication.processEvents()
    wide = _image_widths(view)
    view.resize(500, 700)
    QApplication.processEvents()
    narrow = _image_widths(view)
    assert max(narrow) < max(wide), "the widest figure did not shrink"
    assert max(narrow) <= 500
    view.resize(1100, 700)
    QApplication.processEvents()
    assert _image_widths(view) == wide


def test_text_keeps_a_readable_line_length_in_a_wide_pane(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    renderer = window.ctx.renderer
    view = AnswerView(renderer)
    qtbot.addWidget(view)
    view.resize(1800, 700)
    view.show()
    question = real_services.library.question(4)
    assert question is not None
    view.show_html(renderer.render_question(question).html)
    QApplication.processEvents()
    layout = view.document().documentLayout()
    widest = max(
        layout.blockBoundingRect(block).width() for block in _blocks(view) if block.text().strip()
    )
    assert widest <= renderer.base_font_px * 60, f"lines {widest:.0f} px long"
    view.resize(700, 700)
    QApplication.processEvents()
    assert view.horizontalScrollBar().maximum() == 0
    narrow = max(layout.blockBoundingRect(block).width() for block in _blocks(view))
    margin = view.document().documentMargin()
    assert narrow >= view.viewport().width() - 2 * margin - 30, "the room is not used"
    assert narrow <= view.viewport().width() - 2 * margin + 1, "text runs into the margin"


def _blocks(view: AnswerView) -> list[QTextBlock]:
    blocks = []
    block = view.document().begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    return blocks


def test_a_long_code_line_wraps_visibly_under_its_own_indent(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 6: a wrapped piece of code must not look like a new statement. It hangs in past
    the line's own indentation, a "↪" is drawn before it, and copying gives the code intact."""
    window = make_window(services)
    renderer = window.ctx.renderer
    code = (
        "def f(x, rng):\n"
        "    keep = rng.random(x.shape) > 0.5  # keep with probability 1 - p, scaled up\n"
        "\n"
        "    return x * keep / (1 - 0.5) + rng.normal(size=50) * 0.0\n"
    )
    view = AnswerView(renderer)
    qtbot.addWidget(view)
    view.resize(380, 500)
    view.show()
    view.show_html(renderer.render_markdown(f"```python\n{code}```\n").html)
    QApplication.processEvents()
    wrapped = view.wrapped_code_lines()
    assert {block.text().strip()[:4] for block, _ in wrapped} == {"keep", "retu"}
    for block, index in wrapped:
        layout = block.layout()
        first = layout.lineAt(0)
        lead = len(block.text()) - len(block.text().lstrip())
        statement_x = first.x() + first.cursorToX(lead)[0] - first.cursorToX(0)[0]
        assert layout.lineAt(index).x() > statement_x + 4  # hangs in past the statement
    assert view.code_at(view.document().find("keep")) == code.rstrip("\n")
    # The marker: ink in the hanging gap left of the first continuation, where the text
    # itself has none.
    block, index = wrapped[0]
    box = view.document().documentLayout().blockBoundingRect(block)
    line = block.layout().lineAt(index)
    y = round(box.top() + line.y() - view.verticalScrollBar().value())
    x = round(box.left() + line.x() - block.layout().boundingRect().x())
    image = view.viewport().grab().toImage()
    background = image.pixelColor(x - 30, y + 1)
    inked = {
        image.pixelColor(px, py).name()
        for px in range(max(0, x - 20), x - 1)
        for py in range(y, y + round(line.height()))
    }
    assert inked - {background.name()}, "no continuation marker drawn"


@pytest.mark.parametrize("font_px", [15.0, 19.0])
def test_a_line_with_an_inline_formula_keeps_the_paragraph_rhythm(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, font_px: float
) -> None:
    """gui.md 16: lines holding an inline formula sat further from the next line than plain
    lines did; every line of such a paragraph is now as far from the next."""
    window = make_window(services)
    renderer = window.ctx.renderer
    renderer.base_font_px = font_px
    view = AnswerView(renderer)
    qtbot.addWidget(view)
    view.resize(420, 500)
    view.show()
    text = (
        "Dropout zeroes each unit with probability $p$, with a fresh random mask every step, "
        "and scales the surviving units by $1/(1-p)$ so that expected activations are "
        "unchanged. Units cannot rely on particular partners, so they learn features that "
        "are useful on their own."
    )
    view.show_html(renderer.render_markdown(text).html)
    QApplication.processEvents()
    layout = view.document().begin().layout()
    tops = [layout.lineAt(i).y() for i in range(layout.lineCount())]
    gaps = {round(b - a, 1) for a, b in pairwise(tops)}
    assert layout.lineCount() >= 4 and len(gaps) == 1, gaps
    plain = renderer.render_markdown(text.replace("$p$", "p").replace("$1/(1-p)$", "1/(1-p)"))
    view.show_html(plain.html)
    QApplication.processEvents()
    plain_layout = view.document().begin().layout()
    plain_gap = plain_layout.lineAt(1).y() - plain_layout.lineAt(0).y()
    assert abs(plain_gap - gaps.pop()) <= 1  # the same rhythm as text without formulas
