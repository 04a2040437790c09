"""The main window: a sidebar to switch between Browse, Quiz and Dashboard."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, Qt, QTimer, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
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
from studyapp.domain import Changes, is_own_question
from studyapp.services.settings import Settings
from studyapp.ui.browser.page import BrowserPage
from studyapp.ui.context import UiContext
from studyapp.ui.module_sources import drop_module_sources, sources_not_kept
from studyapp.ui.theme import THEME_CHOICES, apply_theme, resolve_theme
from studyapp.ui.widgets.named import named

if TYPE_CHECKING:
    from studyapp.services.study import QueueSpec
    from studyapp.ui.dashboard.page import DashboardPage
    from studyapp.ui.quiz.page import QuizPage
    from studyapp.ui.settings_dialog import SyncChoice


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(APP_NAME)
        self.resize(1240, 800)
        self.setMinimumSize(880, 560)

        # Only Browse is built now; Quiz and Dashboard are built the first time they are
        # needed (shown, or asked for), which keeps their widgets, imports and queries out of
        # the start-up path. Until then an empty placeholder holds their place in the stack.
        self.stack = QStackedWidget()
        self.browser = BrowserPage(ctx)
        self._quiz: QuizPage | None = None
        self._dashboard: DashboardPage | None = None
        self._placeholders = {1: QWidget(), 2: QWidget()}
        self.stack.addWidget(self.browser)
        for placeholder in self._placeholders.values():
            self.stack.addWidget(placeholder)

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
        ctx.bus.start_quiz.connect(self._on_start_quiz)
        ctx.bus.open_question.connect(lambda _qid: self.show_page(0))
        ctx.bus.changes_applied.connect(self._on_changes)
        self._restore_geometry()
        self.setAcceptDrops(True)
        self.show_page(0)
        self.statusBar().showMessage(self._status_text())
        # Sync (ui/sync_ui.py): its word on the right of the status bar; run_gui starts it.
        from studyapp.ui.sync_ui import SyncController, status_label

        self.sync_status = status_label()
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync = SyncController(ctx, self.sync_status, self)

    # --- pages, built on first use -----------------------------------------------------------
    @property
    def quiz(self) -> QuizPage:
        if self._quiz is None:
            from studyapp.ui.quiz.page import QuizPage

            self._quiz = QuizPage(self.ctx)
            self._quiz.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
            self._place(1, self._quiz)
            # The ORM that ratings are written with is loaded once the page is up, while the
            # set-up or the first question is being read, so no rating waits for it (50 ms).
            QTimer.singleShot(0, self._prepare_for_ratings)
        return self._quiz

    def _prepare_renderer(self) -> None:
        """Once a new look is on screen: if its answers must be rendered anew, load what that
        takes before the first reveal needs it."""
        questions = self.ctx.services.library.questions
        if questions:
            with sources_not_kept():
                self.ctx.renderer.prepare(questions[0])

    def _prepare_for_ratings(self) -> None:
        with sources_not_kept():
            self.ctx.services.store.warm_up()

    @property
    def dashboard(self) -> DashboardPage:
        if self._dashboard is None:
            from studyapp.ui.dashboard.page import DashboardPage

            self._dashboard = DashboardPage(self.ctx)
            self._place(2, self._dashboard)
        return self._dashboard

    @property
    def pages(self) -> list[QWidget]:
        return [self.browser, self.quiz, self.dashboard]

    def _place(self, index: int, page: QWidget) -> None:
        placeholder = self._placeholders.pop(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        # The page's imports filled linecache again (module_sources), and so may its first
        # refresh (the dashboard's services are built when it first asks for them).
        QTimer.singleShot(0, drop_module_sources)

    @Slot(object)
    def _on_start_quiz(self, spec: QueueSpec) -> None:
        if self._quiz is None:
            # Built during this signal's emission, the page's own connection to start_quiz
            # would only hear the next one, so it is handed this spec directly.
            self.quiz.start_spec(spec)
        self.show_page(1)

    # --- navigation -------------------------------------------------------------------------
    @Slot(int)
    def show_page(self, index: int) -> None:
        page: QWidget = self.browser
        if index == 1:
            page = self.quiz
        elif index == 2:
            page = self.dashboard
        self.stack.setCurrentWidget(page)
        self.nav_buttons[index].setChecked(True)
        if index == 1:
            page.setFocus()
        elif index == 0:
            self.browser.list.setFocus()

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _export_sheet(self) -> None:
        from studyapp.ui.study_sheet import choose_and_export

        choose_and_export(self.ctx, self)

    @Slot()
    def export_questions(self) -> None:
        """File > Export questions: the browser's list (its filter and search) is the
        default selection, so what is on screen is what gets exported."""
        from studyapp.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self.ctx, self.browser.visible_ids(), self.browser.current_id, self)
        dialog.exec()
        dialog.deleteLater()  # gone now, not whenever the window and the collector get to it

    @Slot()
    def new_question(self) -> None:
        """File > New question: the editor on an empty question; once saved, the browser
        shows it."""
        from studyapp.ui.editor.dialog import QuestionEditor

        self.browser.save_note()
        editor = QuestionEditor(self.ctx, None, self)
        saved = editor.saved_id if editor.exec() else None
        editor.deleteLater()  # gone now, not whenever the window and the collector get to it
        if saved is not None:
            self.ctx.bus.open_question.emit(saved)

    @Slot()
    def import_questions(self) -> None:
        """File > Import questions…: a file chosen, previewed, imported as own questions."""
        from studyapp.ui.import_dialog import choose_and_import

        choose_and_import(self.ctx, self)

    def import_dropped(self, path: Path) -> None:
        from studyapp.ui.import_dialog import import_file

        import_file(self.ctx, self, path)

    # --- a file dropped on the window is imported ---------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt override
        self._offer_drop(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # Qt override
        self._offer_drop(event)

    def _offer_drop(self, event: QDragMoveEvent) -> None:
        if _dropped_file(event.mimeData()) is not None and not self.ctx.services.read_only:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        path = _dropped_file(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop has finished: a modal dialog inside the drop would hold the
        # dragging application's drag open as well.
        QTimer.singleShot(0, lambda: self.import_dropped(path))

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        new_question = QAction("&New question…", self, shortcut=QKeySequence("Ctrl+N"))
        new_question.triggered.connect(self.new_question)
        new_question.setEnabled(not self.ctx.services.read_only)
        edit_question = QAction("E&dit question", self, shortcut=QKeySequence("Ctrl+E"))
        edit_question.setToolTip("Edit the question of your own that the browser shows")
        edit_question.triggered.connect(self.browser.edit_current)
        edit_question.setEnabled(not self.ctx.services.read_only)
        export_questions = QAction(
            "&Export questions…", self, shortcut=QKeySequence("Ctrl+Shift+E")
        )
        export_questions.triggered.connect(self.export_questions)
        import_questions = QAction("I&mport questions…", self, shortcut=QKeySequence("Ctrl+O"))
        import_questions.setToolTip(
            "A list, CSV, DeepStudy pack or Anki deck; or drop the file here"
        )
        import_questions.triggered.connect(self.import_questions)
        import_questions.setEnabled(not self.ctx.services.read_only)
        export_log = QAction("Export review log (CSV)…", self)
        export_log.triggered.connect(lambda: self.dashboard.export_review_log())
        export_progress = QAction("Export progress (JSON)…", self)
        export_progress.triggered.connect(lambda: self.dashboard.export_progress())
        sheet = QAction("Export study &sheet (PDF)…", self, shortcut=QKeySequence("Ctrl+P"))
        sheet.triggered.connect(self._export_sheet)
        plan = QAction("&Interview plan…", self, shortcut=QKeySequence("Ctrl+I"))
        plan.triggered.connect(lambda: self.dashboard.edit_plan())
        plan.setEnabled(not self.ctx.services.read_only)
        file_menu.addAction(plan)
        file_menu.addSeparator()
        file_menu.addAction(new_question)
        file_menu.addAction(edit_question)
        file_menu.addSeparator()
        file_menu.addAction(export_questions)
        file_menu.addAction(import_questions)
        file_menu.addAction(export_log)
        file_menu.addAction(export_progress)
        file_menu.addAction(sheet)
        file_menu.addSeparator()
        # Sync (ui/sync_ui.py): through a shared folder, or a single progress file.
        self.sync_action = QAction("S&ync now", self, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.sync_action.triggered.connect(lambda: self.sync.sync_now())
        export_file = QAction("E&xport progress file…", self)
        export_file.triggered.connect(self._export_progress_file)
        merge_file = QAction("&Merge progress file…", self)
        merge_file.triggered.connect(self._merge_progress_file)
        for action in (self.sync_action, export_file, merge_file):
            action.setEnabled(not self.ctx.services.read_only or action is export_file)
            file_menu.addAction(action)
        file_menu.addSeparator()
        # Data safety (studyapp/ui/data_safety.py): both need a writable data folder.
        restore = QAction("&Restore backup…", self)
        restore.triggered.connect(self.restore_backup)
        rebuild = QAction("Re&build schedule from review log…", self)
        rebuild.triggered.connect(self._rebuild_schedule)
        for action in (restore, rebuild):
            action.setEnabled(not self.ctx.services.read_only)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        settings_action = QAction("&Settings…", self, shortcut=QKeySequence("Ctrl+,"))
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.triggered.connect(self.open_settings)
        file_menu.insertAction(file_menu.actions()[0], settings_action)
        file_menu.insertSeparator(file_menu.actions()[1])

        view = bar.addMenu("&View")
        for index, label in enumerate(("&Browse", "&Quiz", "&Dashboard")):
            action = QAction(label, self, shortcut=QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.show_page(i))
            view.addAction(action)
        view.addSeparator()
        for label, sequences, step in (
            ("Larger answer text", (QKeySequence.StandardKey.ZoomIn, "Ctrl+="), 1),
            ("Smaller answer text", (QKeySequence.StandardKey.ZoomOut,), -1),
            ("Default answer text size", ("Ctrl+0",), 0),
        ):
            zoom = QAction(label, self)
            zoom.setShortcuts([QKeySequence(k) for k in sequences])
            zoom.triggered.connect(lambda _=False, s=step: self.zoom(s))
            view.addAction(zoom)
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        group = QActionGroup(self)
        current = self.ctx.services.settings.load().theme
        self.theme_actions: list[QAction] = []
        for key, label in THEME_CHOICES:
            action = QAction(label, self, checkable=True, checked=key == current)
            action.setData(key)
            action.triggered.connect(lambda _=False, k=key: self.set_theme(k))
            group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions.append(action)

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
        keys.triggered.connect(self.show_shortcuts)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        problems = QAction("Content &problems…", self)
        problems.setEnabled(bool(self.ctx.services.content_problems))
        problems.triggered.connect(self.show_content_problems)
        help_menu.addAction(keys)
        help_menu.addAction(problems)
        help_menu.addAction(about)

    @Slot()
    def show_shortcuts(self) -> None:
        from studyapp.ui.shortcuts_dialog import ShortcutsDialog, menu_sections

        ShortcutsDialog(self.ctx.theme, self, menu_sections(self)).exec()

    @Slot()
    def restore_backup(self) -> None:
        from studyapp.ui.data_safety import restore_backup_interactively

        def before() -> None:  # keep the note being typed; a quiz's undo would not match
            self.browser.save_note()
            if self._quiz is not None:
                self._quiz.show_setup()

        restore_backup_interactively(self, self.ctx, before)

    @Slot()
    def _rebuild_schedule(self) -> None:
        from studyapp.ui.data_safety import rebuild_schedule_interactively

        rebuild_schedule_interactively(self, self.ctx)

    @Slot()
    def _export_progress_file(self) -> None:
        from studyapp.ui.sync_ui import export_progress_file

        self.browser.save_note()
        export_progress_file(self, self.ctx)

    @Slot()
    def _merge_progress_file(self) -> None:
        from studyapp.ui.sync_ui import merge_progress_file

        self.browser.save_note()
        merge_progress_file(self, self.ctx)

    @Slot()
    def _find(self) -> None:
        self.show_page(0)
        self.browser.focus_search()

    def set_theme(self, choice: str) -> None:
        self.apply_settings(replace(self.ctx.services.settings.load(), theme=choice))

    def zoom(self, step: int) -> None:
        """Answer text size, one pixel per step; 0 restores the default."""
        current = self.ctx.services.settings.load()
        size = Settings().answer_font_px if step == 0 else current.answer_font_px + step
        self.apply_settings(replace(current, answer_font_px=max(11, min(26, size))))

    @Slot()
    def open_settings(self) -> None:
        from studyapp.ui.settings_dialog import SettingsDialog, SyncChoice

        services = self.ctx.services

        def edit_plan() -> Settings:
            from studyapp.ui.plan_dialog import edit_plan as open_plan

            open_plan(self.ctx, dialog)  # over the settings dialog, which stays open
            return services.settings.load()

        dialog = SettingsDialog(
            services.settings.load(),
            services.data_dir,
            self,
            edit_plan=None if services.read_only else edit_plan,
            sync=SyncChoice(services.sync.folder(), services.sync.device_name()),
        )
        if dialog.exec():
            self.apply_settings(dialog.result_settings())
            self.apply_sync_choice(dialog.result_sync())

    def apply_sync_choice(self, choice: SyncChoice) -> None:
        """A new name or folder: saved, and a sync run at once to show it works."""
        sync = self.ctx.services.sync
        if self.ctx.services.read_only:
            return
        if choice.device_name != sync.device_name():
            sync.set_device_name(choice.device_name)
        if choice.folder != sync.folder():
            self.browser.save_note()
            sync.set_folder(choice.folder)
            self.sync.last = None
        self.sync.show_status()
        if choice.folder is not None:
            self.sync.sync_in_background()

    def apply_settings(self, updated: Settings) -> None:
        """Save, then make every part of the app follow: look, scheduler, thresholds."""
        services = self.ctx.services
        changes = services.settings.save(updated)
        services.study.follow_settings(updated)
        theme = resolve_theme(updated.theme)
        self.ctx.set_theme(theme, updated.answer_font_px)
        QTimer.singleShot(0, self._prepare_renderer)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        for action in self.theme_actions:
            action.setChecked(action.data() == updated.theme)
        self.ctx.bus.publish(changes)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>Study fifty classic deep-learning interview "
            f"questions offline, with spaced repetition.</p>"
            f"<p>Your progress is stored in<br><code>{self.ctx.services.data_dir}</code></p>",
        )

    def show_content_problems(self) -> None:
        problems = self.ctx.services.content_problems
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Content problems")
        box.setText(
            f"{len(problems)} problem(s) in the question files. The affected questions were "
            "skipped; every other question works normally."
        )
        box.setDetailedText("\n".join(str(p) for p in problems))
        box.exec()

    def _status_text(self) -> str:
        problems = self.ctx.services.content_problems
        questions = self.ctx.services.library.questions
        own = sum(1 for question in questions if is_own_question(question.id))
        mine = f" ({own} yours)" if own else ""
        text = f"{len(questions)} questions loaded{mine} · data in {self.ctx.services.data_dir}"
        if problems:
            text += f" · {len(problems)} content problem(s): see Help > Content problems"
        return text

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if changes.content:  # own questions added, edited or removed: the count moved
            self.statusBar().showMessage(self._status_text())
        elif changes.reviews:
            self.statusBar().showMessage("Saved.", 1500)
        # The first write of a session loads the ORM, whose source PySide's import hook reads
        # into linecache (module_sources); it goes again at once. Later writes find nothing.
        drop_module_sources()

    # --- geometry ---------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        settings = self.ctx.services.settings
        for key, restore in (
            ("window_geometry", self.restoreGeometry),
            ("browser_splitter", self.browser.splitter.restoreState),
        ):
            saved = settings.get_value(key)
            if isinstance(saved, str):
                restore(QByteArray.fromBase64(saved.encode()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.browser.save_note()
        settings = self.ctx.services.settings
        for key, state in (
            ("window_geometry", self.saveGeometry()),
            ("browser_splitter", self.browser.splitter.saveState()),
        ):
            settings.set_value(key, bytes(state.toBase64().data()).decode())
        super().closeEvent(event)


def _dropped_file(mime: QMimeData) -> Path | None:
    """The one local file of a kind the importer reads that a drag carries, else None."""
    from studyapp.ui.import_dialog import importable

    urls = mime.urls() if mime.hasUrls() else []
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = Path(urls[0].toLocalFile())
    return path if importable(path) else None
