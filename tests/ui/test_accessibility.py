"""Every screen, in both looks: controls named, keyboard focus visible, text at 4.5:1.

The screens are reached the way a person reaches them: the three pages, the quiz in each of
its modes and states, and every dialog any menu item opens (found by walking the menu bar, so
a dialog added later is audited without touching this file). The checks themselves are in
tests/ui/accessibility.py and know no screen by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QWidget
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.content.theme import TEXT_CONTRAST, THEMES, Theme, contrast_ratio
from studyapp.domain import Rating
from studyapp.storage.recovery import offer_recovery
from studyapp.ui.dashboard.page import dashboard_style
from studyapp.ui.main_window import MainWindow
from studyapp.ui.quiz.setup import SessionSetup
from studyapp.ui.quiz.style import quiz_style, rating_button_style
from studyapp.ui.recovery_dialog import RecoveryDialog
from studyapp.ui.theme import style_sheet
from studyapp.ui.widgets.question_list import status_pill_fill
from tests.ui.accessibility import audit, unnamed
from tests.ui.conftest import WindowFactory
from tools.synthetic_history import fill

LOOKS = ["light", "dark"]
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen dialogs


def _window(services: AppServices, make_window: WindowFactory, look: str) -> MainWindow:
    services.settings.save(replace(services.settings.load(), theme=look))
    window = make_window(services)
    window.resize(1280, 800)
    QApplication.processEvents()
    return window


def _no_findings(findings: dict[str, list[str]]) -> None:
    """Fail with every finding listed, one a line (an assert message would be cut short)."""
    lines = [f"[{screen}] {item}" for screen, items in findings.items() for item in items]
    if lines:
        pytest.fail("\n".join(lines), pytrace=False)


def audit_dialogs_opened_by(trigger: Callable[[], object]) -> dict[str, list[str]]:
    """Run `trigger`; audit every window it opens (a modal dialog runs its own event loop,
    so a timer looks for it), then close it. Qt's own file dialog is not ours to audit."""
    found: dict[str, list[str]] = {}
    seen: list[QWidget] = []

    def look() -> None:
        for top in QApplication.topLevelWidgets():
            if top in seen or not top.isVisible() or isinstance(top, MainWindow | QMenu):
                continue
            if not top.isWindow() or top.windowType().name in ("ToolTip", "Popup"):
                continue
            seen.append(top)
            if not isinstance(top, QFileDialog):
                QApplication.processEvents()
                found[top.windowTitle() or type(top).__name__] = audit(top)
            if isinstance(top, QDialog):
                top.reject()
            else:
                top.close()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(30)
    try:
        trigger()
        QApplication.processEvents()
        look()
    finally:
        timer.stop()
    return found


def _menu_actions(window: MainWindow) -> list[QAction]:
    """Every plain item of every menu (not the look or page switches, nor Quit)."""
    actions: list[QAction] = []
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    while menus:
        menu = menus.pop()
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            elif (
                action.isEnabled()
                and not action.isSeparator()
                and not action.isCheckable()
                and action.text().replace("&", "") != "Quit"
            ):
                actions.append(action)
    return actions


@pytest.mark.parametrize("look", LOOKS)
def test_main_pages_and_quiz_states_pass_the_audit(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices, look: str
) -> None:
    window = _window(real_services, make_window, look)
    findings: dict[str, list[str]] = {}

    def check(screen: str) -> None:
        QApplication.processEvents()
        findings[screen] = audit(window)

    for index, page in enumerate(("browse", "quiz set-up", "dashboard (day one)")):
        window.show_page(index)
        check(page)
    quiz = window.quiz
    for name, setup in (
        ("self-assessed", SessionSetup(limit=3)),
        ("typed", SessionSetup(limit=3, type_answer=True)),
        ("mock", SessionSetup(limit=3, mock=True)),
        ("follow-up drill", SessionSetup(limit=3, follow_ups=True)),
    ):
        window.show_page(1)
        quiz.start_setup(setup)
        check(f"quiz {name}, question")
        quiz.reveal()
        check(f"quiz {name}, answer")
        quiz.rate(Rating.GOOD)
        check(f"quiz {name}, after rating")
        quiz.end_session()
        check(f"quiz {name}, summary")
    fill(real_services, 400, 60)
    real_services.reopen()
    window.ctx.bus.publish(real_services.library.set_starred(1, True))
    for index, page in enumerate(("browse (history)", "quiz (history)", "dashboard (history)")):
        window.show_page(index)
        check(page)
    _no_findings(findings)


@pytest.mark.parametrize("look", LOOKS)
def test_every_dialog_a_menu_opens_passes_the_audit(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices, look: str
) -> None:
    window = _window(real_services, make_window, look)
    real_services.backup()  # so Restore backup lists one
    findings: dict[str, list[str]] = {}
    actions = _menu_actions(window)
    assert len(actions) >= 8, [a.text() for a in actions]
    for action in actions:
        findings.update(audit_dialogs_opened_by(action.trigger))
    window.show_page(1)
    window.quiz.start_setup(SessionSetup(limit=2))
    findings.update(audit_dialogs_opened_by(window.quiz.edit_note))
    for title in ("Settings", "Interview plan", "Keyboard shortcuts"):
        assert any(title.lower() in seen.lower() for seen in findings), (title, list(findings))
    _no_findings(findings)


@pytest.mark.parametrize("look", LOOKS)
def test_the_recovery_offer_passes_the_audit(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices, look: str
) -> None:
    window = _window(real_services, make_window, look)  # the look applied to the app
    real_services.backup()
    damaged = real_services.data_dir / "deepstudy.sqlite3"
    offer = offer_recovery(damaged, "the file failed SQLite's integrity check")
    dialog = RecoveryDialog(offer, real_services.clock.local_tz(), window)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    _no_findings({"recovery": audit(dialog)})


def test_the_audit_finds_an_unnamed_control(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    host = QWidget()
    qtbot.addWidget(host)
    QVBoxLayout(host).addWidget(QLineEdit())
    host.show()
    assert len(unnamed(host)) == 1


_RULE = re.compile(r"([^{}]+)\{\{?([^{}]*)\}")
_PROPERTY = re.compile(r"(?<![-\w])(color|background(?:-color)?)\s*:\s*(#[0-9a-fA-F]{6})\b")


def sheet_pairs(sheet: str, theme: Theme) -> list[tuple[str, str, str]]:
    """(selector, text colour, background) for every rule of `sheet` that sets a text colour:
    on its own background if it sets one, otherwise on each page a widget may sit on (the
    window and the cards), or on the sidebar for the sidebar's own labels and buttons."""
    sidebar = re.search(r"QWidget#sidebar\s*\{\s*background:\s*(#[0-9a-fA-F]{6})", sheet)
    pairs = []
    for selector, body in _RULE.findall(sheet):
        found = dict(_PROPERTY.findall(body))
        colour = found.get("color")
        if colour is None:
            continue
        own = found.get("background") or found.get("background-color")
        if own:
            grounds = [own]
        elif sidebar and re.search(r"#(nav|brand|navhint)\b", selector):
            grounds = [sidebar.group(1)]
        else:
            grounds = [theme.window, theme.surface]
        pairs += [(selector.strip(), colour, ground) for ground in grounds]
    return pairs


@pytest.mark.parametrize("look", LOOKS)
def test_every_colour_the_style_sheets_set_reads_at_4_5_to_1(look: str) -> None:
    """Also the states no screen shows in a test (hover, checked, disabled)."""
    theme = THEMES[look]
    sheets = {
        "app": style_sheet(theme),
        "quiz": quiz_style(theme),
        "dashboard": dashboard_style(theme),
        **{f"rating {r.name}": rating_button_style(theme, r, True) for r in Rating},
    }
    pairs = [(name, *pair) for name, sheet in sheets.items() for pair in sheet_pairs(sheet, theme)]
    assert len(pairs) > 20
    faint = [
        f"{name}: {selector}: {fg} on {bg} {contrast_ratio(fg, bg):.2f}:1"
        for name, selector, fg, bg in pairs
        if contrast_ratio(fg, bg) < TEXT_CONTRAST
    ]
    assert faint == []


@pytest.mark.parametrize("look", LOOKS)
def test_the_question_list_s_painted_text_reads_at_4_5_to_1(look: str) -> None:
    """The list's rows are painted by a delegate, not made of labels the audit walks: its
    status pills and selected number are checked by the colours it paints with."""
    theme = THEMES[look]
    pairs = [
        (f"{status} pill{' (selected row)' if selected else ''}", theme.text, fill)
        for status in ("weak", "due", "mastered", "learning", "review", "new")
        for selected in (False, True)
        for fill in [status_pill_fill(theme, status, selected)]
    ]
    pairs.append(("selected number", "#ffffff", theme.accent_fill))
    faint = [
        f"{name}: {fg} on {bg} {contrast_ratio(fg, bg):.2f}:1"
        for name, fg, bg in pairs
        if contrast_ratio(fg, bg) < TEXT_CONTRAST
    ]
    assert faint == []
