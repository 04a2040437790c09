"""The main window: a sidebar to switch between Browse, Quiz and Dashboard."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QByteArray, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studyapp import APP_NAME, __version__
from studyapp.domain import Changes
from studyapp.ui.browser.page import BrowserPage
from studyapp.ui.context import UiContext
from studyapp.ui.dashboard.page import DashboardPage
from studyapp.ui.quiz.page import QuizPage
from studyapp.ui.theme import apply_theme, resolve_theme
from studyapp.ui.widgets.named import named

SHORTCUT_HELP = """
<table cellpadding="4">
<tr><td><b>Ctrl+1 / 2 / 3</b></td><td>Browse, Quiz, Dashboard</td></tr>
<tr><td><b>Ctrl+F</b></td><td>Search questions (Browse)</td></tr>
<tr><td><b>Esc</b></td><td>Clear search / end quiz session</td></tr>
<tr><td><b>Ctrl+D</b></td><td>Star the current question</td></tr>
<tr><td><b>Space</b></td><td>Reveal the answer (Quiz)</td></tr>
<tr><td><b>1 2 3 4</b></td><td>Rate Again, Hard, Good, Easy</td></tr>
<tr><td><b>Q W E R T Y U</b></td><td>Tick key points 1-7</td></tr>
<tr><td><b>Ctrl+Z</b></td><td>Undo the last rating</td></tr>
<tr><td><b>Ctrl+Q</b></td><td>Quit</td></tr>
</table>
"""


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(APP_NAME)
        self.resize(1240, 800)
        self.setMinimumSize(880, 560)

        self.stack = QStackedWidget()
        self.browser = BrowserPage(ctx)
        self.quiz = QuizPage(ctx)
        self.dashboard = DashboardPage(ctx)
        self.pages = [self.browser, self.quiz, self.dashboard]
        for page in self.pages:
            self.stack.addWidget(page)

        sidebar = named(QWidget(), "sidebar")
        sidebar.setFixedWidth(196)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(0, 0, 0, 12)
        side.setSpacing(2)
        side.addWidget(named(QLabel(f"◆ {APP_NAME}"), "brand"))
        self.nav_group = QButtonGroup(self)
        self.nav_buttons: list[QToolButton] = []
        for index, label in enumerate(("Browse", "Quiz", "Dashboard")):
            button = named(QToolButton(), "nav")
            button.setText(label)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(
                button.sizePolicy().horizontalPolicy().Expanding,
                button.sizePolicy().verticalPolicy(),
            )
            button.setToolTip(f"{label} (Ctrl+{index + 1})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.nav_group.addButton(button, index)
            self.nav_buttons.append(button)
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(named(QLabel("Ctrl+1 · Ctrl+2 · Ctrl+3"), "navhint"))
        self.nav_group.idClicked.connect(self.show_page)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(sidebar)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._menus()
        ctx.bus.start_quiz.connect(lambda _spec: self.show_page(1))
        ctx.bus.open_question.connect(lambda _qid: self.show_page(0))
        ctx.bus.changes_applied.connect(self._on_changes)
        self._restore_geometry()
        self.show_page(0)
        self.statusBar().showMessage(self._status_text())

    # --- navigation -------------------------------------------------------------------------
    @Slot(int)
    def show_page(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.nav_buttons[index].setChecked(True)
        page = self.pages[index]
        if page is self.quiz:
            self.quiz.setFocus()
        elif page is self.browser:
            self.browser.list.setFocus()

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view = bar.addMenu("&View")
        for index, label in enumerate(("&Browse", "&Quiz", "&Dashboard")):
            action = QAction(label, self, shortcut=QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.show_page(i))
            view.addAction(action)
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(self)
        current = self.ctx.services.settings.load().theme
        for key, label in (("system", "Follow system"), ("light", "Light"), ("dark", "Dark")):
            action = QAction(label, self, checkable=True, checked=key == current)
            action.triggered.connect(lambda _=False, k=key: self.set_theme(k))
            group.addAction(action)
            theme_menu.addAction(action)

        find = QAction("Find", self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self._find)
        star = QAction("Star", self, shortcut=QKeySequence("Ctrl+D"))
        star.triggered.connect(self.browser.toggle_star)
        for action in (find, star):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        clear = QAction("Clear search", self.browser, shortcut=QKeySequence("Escape"))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        clear.triggered.connect(self.browser.clear_search)
        self.browser.addAction(clear)

        help_menu = bar.addMenu("&Help")
        keys = QAction("&Keyboard shortcuts", self, shortcut=QKeySequence("F1"))
        keys.triggered.connect(
            lambda: QMessageBox.information(self, "Keyboard shortcuts", SHORTCUT_HELP)
        )
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        help_menu.addAction(keys)
        help_menu.addAction(about)

    @Slot()
    def _find(self) -> None:
        self.show_page(0)
        self.browser.focus_search()

    def set_theme(self, choice: str) -> None:
        settings = self.ctx.services.settings
        updated = replace(settings.load(), theme=choice)
        changes = settings.save(updated)
        app = QApplication.instance()
        theme = resolve_theme(choice)
        self.ctx.set_theme(theme, updated.answer_font_px)
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.ctx.bus.publish(changes)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>Study fifty classic deep-learning interview "
            f"questions offline, with spaced repetition.</p>"
            f"<p>Your progress is stored in<br><code>{self.ctx.services.data_dir}</code></p>",
        )

    def _status_text(self) -> str:
        problems = self.ctx.services.content_problems
        count = len(self.ctx.services.library.questions)
        text = f"{count} questions loaded · data in {self.ctx.services.data_dir}"
        if problems:
            text += f" · {len(problems)} content problem(s): see Help"
        return text

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if changes.reviews:
            self.statusBar().showMessage("Saved.", 1500)

    # --- geometry ---------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.ctx.services.settings.get_value("window_geometry")
        if isinstance(saved, str):
            self.restoreGeometry(QByteArray.fromBase64(saved.encode()))

    def closeEvent(self, event: QCloseEvent) -> None:
        geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.ctx.services.settings.set_value("window_geometry", geometry)
        super().closeEvent(event)
