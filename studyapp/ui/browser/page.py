"""Browse: find a question by search and filters, read it, annotate it, follow its links."""

from __future__ import annotations

import html
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DatabaseError

from studyapp.domain import Changes, Question
from studyapp.services.browse import BrowseResult, BrowseRow
from studyapp.services.study import QueueSpec
from studyapp.stats.advice import SESSION_SIZE
from studyapp.storage.database import StorageError
from studyapp.ui.browser.filters import FilterBar
from studyapp.ui.browser.no_match import CLEAR_FILTERS, CLEAR_SEARCH, RELAX, no_match_html
from studyapp.ui.browser.note_conflicts import NoteConflictBar
from studyapp.ui.browser.progress_html import (
    SHOWN_REVIEWS,
    note_html,
    progress_html,
    unshowable_html,
)
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.multi_select import MultiSelectButton
from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.plain_text import plain
from studyapp.ui.widgets.question_list import (
    QuestionDelegate,
    QuestionListModel,
    QuestionRow,
    QuestionTable,
)
from studyapp.ui.widgets.wrap_row import WrapRow
from studyapp.wording import plural

if TYPE_CHECKING:
    from studyapp.services.sync import NoteConflict

NOTE_SAVE_DELAY_MS = 600
NOTE_IDLE = "Saves as you type  ·  Esc closes the editor"
NOTE_SAVED = "Saved ✓  ·  Esc closes the editor"
PREPARE_SEARCH_MS = 300
FOLLOW_DELAY_MS = 150  # after the last keystroke, the answer pane shows the best match


class BrowserPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.ctx = ctx
        self.current_id: int | None = None
        self._note_for: int | None = None  # whose note the editor holds
        # The answer pane is redrawn when the page is next shown, not behind the quiz: laying
        # out a long answer nobody sees cost ~30 ms of every rating.
        self._stale_answer = False
        self.result: BrowseResult | None = None
        self.trail: list[int] = []  # visited questions, for Back and Forward
        self.trail_index = -1
        self._trail_scroll: dict[int, int] = {}  # trail position -> where the pane was left
        self._pending_scroll: int | None = None  # Back/Forward's position, while range grows

        self.search = QLineEdit(placeholderText="Search questions, answers, notes   (Ctrl+F)")
        self.search.setAccessibleName("Search questions")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.filters = FilterBar(ctx.services.library.topics)
        self.count = named(QLabel(), "muted")
        self.model = QuestionListModel(self)
        self.list = QuestionTable(self.model)
        self.list.setAccessibleName("Questions")
        self.delegate = QuestionDelegate(ctx.theme, self.model, self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.installEventFilter(self)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.count)
        # "Did you mean": the typed words found nothing, a spelling correction did.
        self.corrected = named(QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText), "muted")
        self.corrected.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.corrected.linkActivated.connect(self._use_correction)
        self.corrected.hide()
        left_layout.addWidget(self.corrected)
        self.no_match = named(QLabel(wordWrap=True), "muted")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.no_match.setContentsMargins(16, 24, 16, 0)
        self.no_match.hide()
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.no_match, 1)

        self.back = QPushButton("◀")
        self.back.setToolTip("Back (Alt+Left)")
        self.forward = QPushButton("▶")
        self.forward.setToolTip("Forward (Alt+Right)")
        self.badges = plain(named(QLabel(), "badge"))
        self.title = plain(named(QLabel(wordWrap=True), "questiontitle"))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.star = QPushButton("☆ Star")
        self.star.setToolTip("Star this question (Ctrl+D)")
        self.star.setCheckable(True)
        self.note_button = QPushButton("Edit note")
        self.note_button.setCheckable(True)
        self.note_button.setToolTip("Write your own notes on this question; they save as you type")
        self.quiz_me = named(QPushButton("Quiz me on this"), "primary")
        self.edit_button = QPushButton("Edit question")
        self.edit_button.setToolTip("Edit this question of your own (Ctrl+E)")
        self.edit_button.hide()
        # Only on the learner's own questions: built-in ones are never deleted.
        self.delete = QPushButton("Delete…")
        self.delete.setToolTip("Delete this question of yours (its review history is kept)")
        self.delete.setAccessibleName("Delete this question")
        self.matches = named(QLabel(), "muted")
        self.matches.setToolTip("Matches of the search in this answer (F3 / Shift+F3 step)")
        self.prev_match = QPushButton("▲")
        self.prev_match.setToolTip("Previous match (Shift+F3)")
        self.next_match = QPushButton("▼")
        self.next_match.setToolTip("Next match (F3)")
        self.view = AnswerView(ctx.renderer)
        self.view.setAccessibleName("Answer")
        self.note_editor = QPlainTextEdit()
        self.note_editor.setPlaceholderText(
            "Your notes in markdown: what you missed, an example, a mnemonic. Saved as you type."
        )
        self.note_editor.setMaximumHeight(150)
        self.note_editor.setAccessibleName("Your note on this question")
        self.note_editor.hide()
        self.note_status = named(QLabel(NOTE_IDLE), "muted")
        self.note_status.hide()
        self._note_undrawn = False  # saved while the editor had the keyboard, not yet shown
        # A version of the note that a sync replaced with a later edit from another computer.
        self.conflicts = NoteConflictBar(
            ctx.services.clock.local_tz(), lambda: ctx.services.sync.device_name()
        )

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        for widget in (self.back, self.forward):
            widget.setFixedWidth(40)
            head.addWidget(widget)
        head.addStretch(1)
        # Buttons as wide as their longest label, so "★ Starred" or "Edit note" never
        # shifts the row.
        for widget, labels in (
            (self.star, ("☆ Star", "★ Starred")),
            (self.note_button, ("Add note", "Edit note")),
        ):
            widest = max(widget.fontMetrics().horizontalAdvance(label) for label in labels)
            widget.setMinimumWidth(widest + 36)
        for widget in (self.edit_button, self.delete, self.star, self.note_button, self.quiz_me):
            head.addWidget(widget)
        right_layout.addLayout(head)
        find = QHBoxLayout()
        find.setContentsMargins(0, 0, 0, 0)
        find.addWidget(self.matches)
        find.addWidget(self.prev_match)
        find.addWidget(self.next_match)
        self.find_row = QWidget()
        self.find_row.setLayout(find)
        self.find_row.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for button in (self.prev_match, self.next_match):
            button.setFixedWidth(40)
        widest = self.matches.fontMetrics().horizontalAdvance("Match 888 of 888")
        self.matches.setMinimumWidth(widest + 8)
        self.matches.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.header_row = WrapRow(self.badges, [self.find_row])
        right_layout.addWidget(self.header_row)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.view, 1)
        right_layout.addWidget(self.conflicts)
        right_layout.addWidget(self.note_editor)
        right_layout.addWidget(self.note_status)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 840])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        self.welcome = self._welcome_banner()
        layout.addWidget(self.welcome)
        self.welcome.setHidden(not self._nothing_studied())  # a child now, never a window
        layout.addWidget(self.splitter, 1)

        library = ctx.services.library
        # "Topic · Level" per question, made once: a keystroke in a big pack lists thousands.
        self._details = {
            q.id: f"{library.topic_name(q.topic)}  ·  {q.difficulty_label}"
            for q in library.questions
        }
        self._last_query = ""
        self._list_rows: dict[int, tuple[BrowseRow, QuestionRow]] = {}
        self._follow_timer = QTimer(self, singleShot=True, interval=FOLLOW_DELAY_MS)
        self._follow_timer.timeout.connect(self.follow_list)
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self._connect()
        self.refresh_list()
        # Once the window is up (and before anyone types), build the search index.
        self._prepare = QTimer(self, singleShot=True, interval=PREPARE_SEARCH_MS)
        self._prepare.timeout.connect(ctx.services.library.prepare_search)
        self._prepare.start()

    def _welcome_banner(self) -> QFrame:
        """First start: what the two halves of the app are for, and one button that starts
        the first session (the dashboard's invitation was two clicks away: gui.md 26)."""
        banner = named(QFrame(), "card")
        banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 10, 10, 10)
        row.setSpacing(12)
        services = self.ctx.services
        count = len(services.library.questions)
        size = min(SESSION_SIZE, services.settings.load().new_per_day, count)
        text = QLabel(
            f"<b>Welcome to DeepStudy.</b> Read any of the {count} answers here, or let the "
            "quiz ask you: rate each answer and it comes back when you are about to forget it.",
            wordWrap=True,
            textFormat=Qt.TextFormat.RichText,
        )
        self.welcome_start = named(
            QPushButton(f"Start my first session ({plural(size, 'question')})"), "primary"
        )
        self.welcome_start.setToolTip("New questions, one at a time; Ctrl+2 opens the quiz")
        self.welcome_start.clicked.connect(
            lambda: self.ctx.bus.start_quiz.emit(QueueSpec(limit=size))
        )
        close = QPushButton("✕")
        close.setFixedWidth(36)
        close.setToolTip("Hide this")
        close.setAccessibleName("Hide the welcome")
        close.clicked.connect(banner.hide)
        row.addWidget(text, 1)
        row.addWidget(self.welcome_start, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignVCenter)
        return banner

    def _nothing_studied(self) -> bool:
        return all(row.overview.reps == 0 for row in self.ctx.services.browse.rows().values())

    def _connect(self) -> None:
        self.search.textChanged.connect(self.refresh_list)
        self.filters.changed.connect(self.refresh_list)
        for name, button in self.filters.menus().items():
            button.menu_.aboutToShow.connect(lambda n=name, b=button: self._count_choices(n, b))
        self.list.selectionModel().currentChanged.connect(self._on_current)
        self.view.anchorClicked.connect(self._on_link)
        self.star.toggled.connect(self._on_star)
        self.delegate.star_clicked.connect(self.toggle_star_of)
        self.quiz_me.clicked.connect(self._on_quiz_me)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete.clicked.connect(self.delete_current)
        self.note_button.toggled.connect(self._toggle_note_editor)
        self.note_editor.textChanged.connect(self._note_timer.start)
        self.view.verticalScrollBar().rangeChanged.connect(self._apply_pending_scroll)
        self.back.clicked.connect(lambda: self.go(-1))
        self.forward.clicked.connect(lambda: self.go(1))
        self.next_match.clicked.connect(lambda: self.step_match(True))
        self.prev_match.clicked.connect(lambda: self.step_match(False))
        for key, slot in (
            ("Alt+Left", lambda: self.go(-1)),
            ("Alt+Right", lambda: self.go(1)),
            ("F3", lambda: self.step_match(True)),
            ("Shift+F3", lambda: self.step_match(False)),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.ctx.bus.changes_applied.connect(self.on_changes)
        self.ctx.bus.open_question.connect(self.open_question)
        self.conflicts.use.connect(lambda kept: self._resolve_conflict(kept, True))
        self.conflicts.dismiss.connect(lambda kept: self._resolve_conflict(kept, False))

    # --- list -------------------------------------------------------------------------------
    @Slot()
    def refresh_list(self) -> None:
        services = self.ctx.services
        result = services.browse.browse(self.filters.spec(self.search.text()))
        self.result = result
        rows = [self._list_row(row) for row in result.rows]
        self.model.set_rows(rows, result.terms)
        self.count.setText(f"{len(rows)} of {result.total} questions")
        self._show_correction(result.corrected)
        self.list.setVisible(bool(rows))
        self.no_match.setVisible(not rows)
        typed = self.search.text() != self._last_query
        self._last_query = self.search.text()
        if not rows:
            self.no_match.setText(
                "No question matches.\n"
                + (
                    "Esc clears the search."
                    if self.search.text()
                    else "Esc clears the filters."
                    if self.filters.is_filtered()
                    else ""
                )
            )
            self._follow_timer.stop()
            self._show_empty()
            return
        row = self.model.row_of(self.current_id) if self.current_id is not None else -1
        if typed or row < 0:
            row = 0  # a new search shows its best match
        target = rows[row].question_id
        if target == self.current_id or not typed:
            self._follow_timer.stop()
            self.list.setCurrentIndex(self.model.index(row))  # shows it, or re-highlights
            return
        # While typing, the list follows every key but the answer waits for a pause: laying
        # out a new answer costs 20 ms and more, too much for every keystroke.
        self._select_quietly(row)
        self._apply_highlight()
        self._follow_timer.start()

    def _count_choices(self, name: str, button: MultiSelectButton) -> None:
        """A filter's menu opens with each choice's count under the search and the others."""
        spec = self.filters.spec(self.search.text())
        button.set_counts(self.ctx.services.browse.facet_counts(spec, name))

    def _show_correction(self, corrected: str | None) -> None:
        self.corrected.setVisible(corrected is not None)
        if corrected is not None:
            typed = html.escape(self.search.text().strip())
            self.corrected.setText(
                f"Nothing matches “{typed}”. Showing results for <a href='use'>"
                f"<b>{html.escape(corrected)}</b></a> (click to search for it)."
            )
            self.corrected.setToolTip(f"Put “{corrected}” in the search box")

    @Slot()
    def _use_correction(self) -> None:
        if self.result is not None and self.result.corrected is not None:
            self.search.setText(self.result.corrected)

    def _select_quietly(self, row: int) -> None:
        selection = self.list.selectionModel()
        selection.blockSignals(True)
        self.list.setCurrentIndex(self.model.index(row))
        selection.blockSignals(False)
        self.list.viewport().update()

    @Slot()
    def follow_list(self) -> None:
        """Show the question selected in the list if the answer pane has not caught up."""
        self._follow_timer.stop()
        index = self.list.currentIndex()
        if index.isValid():
            self.show_question(self.model.row_at(index.row()).question_id)

    def _list_row(self, row: BrowseRow) -> QuestionRow:
        """The list's row for a browse row, made again only when the browse row changed."""
        cached = self._list_rows.get(row.question.id)
        if cached is not None and cached[0] is row:
            return cached[1]
        made = QuestionRow(
            row.question.id,
            row.question.title,
            self._details[row.question.id],
            status=row.overview.status,
            starred=row.starred,
            has_note=row.has_note,
        )
        self._list_rows[row.question.id] = (row, made)
        return made

    def visible_ids(self) -> list[int]:
        return [row.question_id for row in self.model.rows()]

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._follow_timer.stop()
            self.show_question(self.model.row_at(current.row()).question_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search box move through the list; Enter in the list reads the answer."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                row = self.list.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.model.rowCount():
                    self.list.setCurrentIndex(self.model.index(row))
                return True
            if watched in (self.search, self.list) and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.follow_list()
                self.view.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- reading pane -----------------------------------------------------------------------
    def show_question(self, question_id: int, record: bool = True) -> None:
        question = self.ctx.services.library.question(question_id)
        if question is None:
            return
        if self.current_id == question_id and self.view.property("question_id") == question_id:
            self._apply_highlight()  # already shown: a new search only moves the highlights
            return
        self._pending_scroll = None
        if self.current_id != question_id:
            self.save_note()
            self._remember_scroll()
        self.current_id = question_id
        if record and (not self.trail or self.trail[self.trail_index] != question_id):
            del self.trail[self.trail_index + 1 :]
            self.trail.append(question_id)
            self.trail_index = len(self.trail) - 1
        self._fill_header(question)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        note = self.ctx.services.library.note(question_id)
        # The editor takes the new note before anything that could fail: an answer that
        # failed to render once left the previous question's note in it, and the next save
        # wrote that over this question's own note (review D1).
        self.note_editor.blockSignals(True)
        self.note_editor.setPlainText(note)
        self.note_editor.blockSignals(False)
        self._note_for = question_id
        self._label_note_button(bool(note))
        self._show_conflicts(question_id)
        self._render(question, note)
        self.back.setEnabled(self.trail_index > 0)
        self.forward.setEnabled(self.trail_index < len(self.trail) - 1)

    def _render(self, question: Question, note: str | None = None) -> None:
        """The answer, the progress on it and the note (`note`, when the caller has it). A
        part that cannot be shown (a damaged review row, content nested too deep) says so in
        the pane instead of leaving the previous answer under this title."""
        try:
            self._render_parts(question, note)
        except (
            ValueError,
            TypeError,
            RecursionError,
            DatabaseError,
            sqlite3.Error,
            StorageError,
        ) as error:
            self.view.show_html(unshowable_html(question, error))
            self.view.setProperty("question_id", question.id)

    def _render_parts(self, question: Question, note: str | None) -> None:
        self._stale_answer = False
        self._note_undrawn = False
        services = self.ctx.services
        renderer = self.ctx.renderer
        overview = services.browse.rows()[question.id].overview
        latest, total = services.library.latest_history(question.id, SHOWN_REVIEWS)
        history = progress_html(
            overview, latest, self.ctx.theme, services.clock.local_tz(), total=total
        )
        if note is None:
            note = services.library.note(question.id)
        note_part = note_html(renderer.render_markdown(note).html)
        scroll = self.view.verticalScrollBar().value()
        same = self.view.property("question_id") == question.id
        self.view.show_html(renderer.render_question(question).html + history + note_part)
        self.view.setProperty("question_id", question.id)
        if same:
            self.view.verticalScrollBar().setValue(scroll)
        self._apply_highlight()

    def _apply_highlight(self) -> None:
        terms = self.result.terms if self.result else ()
        count = self.view.highlight(terms)
        self.find_row.setVisible(bool(terms))
        self.matches.setText(f"{count} match{'es' if count != 1 else ''}" if terms else "")
        self.prev_match.setEnabled(count > 0)
        self.next_match.setEnabled(count > 0)

    def step_match(self, forward: bool) -> None:
        index = self.view.step_match(forward)
        if index >= 0:
            self.matches.setText(f"Match {index + 1} of {len(self.view.matches)}")

    def _badge_text(self, question: Question) -> str:
        library = self.ctx.services.library
        return f"Q{question.id}  ·  {library.topic_name(question.topic)}  ·  " + (
            question.difficulty_label
        )

    def _fill_header(self, question: Question) -> None:
        self.badges.show()
        if not self.header_row.lead_floor and self.isVisible():
            # Once styled: the widest chip any question has decides where the controls go.
            metrics = self.badges.fontMetrics()
            texts = [self._badge_text(q) for q in self.ctx.services.library.questions]
            widest = max(texts, key=metrics.horizontalAdvance, default="")
            self.badges.setText(widest)
            self.header_row.set_lead_floor(self.badges.sizeHint().width())
        self.badges.setText(self._badge_text(question))
        self.title.setText(question.title)
        self._show_star(self.ctx.services.browse.rows()[question.id].starred)
        for widget in (self.star, self.quiz_me, self.note_button):
            widget.setVisible(True)
        self.edit_button.setVisible(question.is_own and not self.ctx.services.read_only)
        self.delete.setVisible(question.is_own and not self.ctx.services.read_only)

    def _show_star(self, starred: bool) -> None:
        self.star.blockSignals(True)
        self.star.setChecked(starred)
        self.star.blockSignals(False)
        self.star.setText("★ Starred" if starred else "☆ Star")

    def _show_empty(self) -> None:
        """Say why nothing matches and offer the way back, instead of a blank pane."""
        self.save_note()
        self.current_id = None
        self.view.setProperty("question_id", None)
        spec = self.filters.spec(self.search.text())
        why = self.ctx.services.browse.explain_no_match(spec)
        self.badges.hide()
        # A few lines: no scroll bar standing beside them (answers keep theirs: gui.md 28).
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.title.setText(
            "No question matches this search." if why.terms else "No question matches the filters."
        )
        self.view.show_html(no_match_html(why, self.filters.names()))
        self.find_row.hide()
        self.note_editor.hide()
        self.note_button.setChecked(False)
        for widget in (self.star, self.quiz_me, self.note_button, self.edit_button, self.delete):
            widget.setVisible(False)

    @Slot(int)
    def open_question(self, question_id: int) -> None:
        if self.model.row_of(question_id) < 0:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.filters.reset()
        row = self.model.row_of(question_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        self.show_question(question_id)

    def _remember_scroll(self) -> None:
        """Where the pane is scrolled for the trail position it shows, for Back/Forward."""
        if (
            0 <= self.trail_index < len(self.trail)
            and self.current_id == self.trail[self.trail_index]
        ):
            self._trail_scroll[self.trail_index] = self.view.verticalScrollBar().value()

    @Slot()
    def _apply_pending_scroll(self) -> None:
        if self._pending_scroll is None:
            return
        bar = self.view.verticalScrollBar()
        bar.setValue(self._pending_scroll)
        if bar.value() == self._pending_scroll:
            self._pending_scroll = None

    @Slot()
    def _drop_pending_scroll(self) -> None:
        self._pending_scroll = None

    def go(self, step: int) -> None:
        """Back or Forward, as a browser does: the list selects the question shown, and the
        pane returns to where it was left."""
        target = self.trail_index + step
        if 0 <= target < len(self.trail):
            self._remember_scroll()
            self.trail_index = target
            question_id = self.trail[target]
            row = self.model.row_of(question_id)
            if row >= 0:
                self._select_quietly(row)
                self.list.scrollTo(self.model.index(row))
            self.show_question(question_id, record=False)
            # The scroll range settles a moment later (the header above the pane can change
            # height): the position is applied again as it grows.
            self._pending_scroll = self._trail_scroll.get(target, 0)
            self._apply_pending_scroll()
            QTimer.singleShot(500, self._drop_pending_scroll)  # never later than that

    @Slot(QUrl)
    def _on_link(self, url: QUrl) -> None:
        if url.scheme() == "question" and url.path().isdigit():
            self.open_question(int(url.path()))
        elif url.toString() == CLEAR_SEARCH:
            self.clear_search()
        elif url.toString() == CLEAR_FILTERS:
            self.filters.reset()
        elif url.toString().startswith(RELAX):
            self.filters.remove(url.toString().removeprefix(RELAX))

    # --- annotations ------------------------------------------------------------------------
    @Slot(bool)
    def _on_star(self, starred: bool) -> None:
        if self.current_id is not None:
            self.ctx.bus.publish(self.ctx.services.library.set_starred(self.current_id, starred))

    @Slot(int)
    def toggle_star_of(self, question_id: int) -> None:
        """The star in a list row: toggles that question's star, whichever is shown."""
        library = self.ctx.services.library
        self.ctx.bus.publish(library.set_starred(question_id, question_id not in library.starred()))

    def toggle_star(self) -> None:
        if self.current_id is not None:
            self.star.toggle()

    @Slot(bool)
    def _toggle_note_editor(self, shown: bool) -> None:
        self.note_editor.setVisible(shown)
        self.note_status.setVisible(shown)
        self.note_status.setText(NOTE_IDLE)
        if shown:
            self.note_editor.setFocus()
        else:
            self.save_note()
            if self._note_undrawn:  # the pane shows the note as soon as the editor closes
                self._redraw_current()

    @Slot()
    def save_note(self) -> None:
        """Write the note if it changed; called after a pause in typing and on leaving."""
        self._note_timer.stop()
        # The question whose note the editor holds, which is not always the one shown.
        owner = self._note_for
        if owner is None:
            return
        text = self.note_editor.toPlainText().strip()
        library = self.ctx.services.library
        if text != library.note(owner):
            self.ctx.bus.publish(library.set_note(owner, text))
            self.note_status.setText(NOTE_SAVED)
            self._label_note_button(bool(text))

    def _show_conflicts(self, question_id: int) -> None:
        self.conflicts.set_conflicts(self.ctx.services.sync.conflicts(question_id))

    def _resolve_conflict(self, kept: NoteConflict, use_it: bool) -> None:
        """Use the other version (the current note is kept as a copy in its place, so
        nothing is lost) or dismiss it."""
        self.save_note()
        sync = self.ctx.services.sync
        if use_it:
            current = self.ctx.services.library.note(kept.question_id)
            changes = sync.resolve_conflict(kept, use_it=True, keep_current=current)
        else:
            changes = sync.resolve_conflict(kept, use_it=False)
        self.ctx.bus.publish(changes)

    def _reload_note(self, question_id: int) -> None:
        """A sync changed the note shown: the editor takes it unless typing is under way."""
        if self._note_for != question_id or self._note_timer.isActive():
            return
        note = self.ctx.services.library.note(question_id)
        self.note_editor.blockSignals(True)
        self.note_editor.setPlainText(note)
        self.note_editor.blockSignals(False)
        self._label_note_button(bool(note))

    def _label_note_button(self, has_note: bool) -> None:
        self.note_button.setText("Edit note" if has_note else "Add note")

    @Slot()
    def _on_quiz_me(self) -> None:
        if self.current_id is not None:
            spec = QueueSpec(question_ids=(self.current_id,), limit=1, read_after=self.current_id)
            self.ctx.bus.start_quiz.emit(spec)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear_search(self) -> None:
        """Esc: in the note editor it closes the editor (the note is saved); elsewhere it
        clears the search, and with the search already empty, the filters."""
        if self.note_editor.hasFocus():
            self.note_button.setChecked(False)
            self.view.setFocus()
            return
        if not self.search.text() and self.filters.is_filtered():
            self.filters.reset()
            return
        self.search.clear()

    @Slot()
    def edit_current(self) -> None:
        """Open the editor on the question shown, if it is one of the learner's own."""
        question = (
            self.ctx.services.library.question(self.current_id)
            if self.current_id is not None
            else None
        )
        if question is None or not question.is_own or self.ctx.services.read_only:
            return
        from studyapp.ui.editor.dialog import QuestionEditor

        self.save_note()
        editor = QuestionEditor(self.ctx, question, self.window())
        editor.exec()
        editor.deleteLater()

    @Slot()
    def delete_current(self) -> None:
        """Delete the own question shown, after asking (history kept unless also asked)."""
        from studyapp.ui.own_delete import confirm_and_delete

        question_id = self.current_id
        if question_id is None:
            return
        question = self.ctx.services.library.question(question_id)
        if question is not None and question.is_own:
            self.save_note()
            confirm_and_delete(self.ctx, self, question)

    def _content_changed(self, question_ids: frozenset[int]) -> None:
        """Own questions were added, edited or deleted: the library is a new one."""
        library = self.ctx.services.library
        for question_id in question_ids:  # only theirs: a topic's name never changes
            self._list_rows.pop(question_id, None)
            self._details.pop(question_id, None)
            question = library.question(question_id)
            if question is not None:
                self._details[question_id] = (
                    f"{library.topic_name(question.topic)}  ·  {question.difficulty_label}"
                )
        self.filters.set_topics(library.topics)
        self.ctx.renderer.titles = {q.id: q.title for q in library.questions}
        if self.current_id in question_ids:
            self.view.setProperty("question_id", None)  # drawn again, from the new text
            if library.question(self.current_id) is None:
                self.current_id = None  # deleted: the list shows another
                self._note_for = None

    @Slot(object)
    def on_changes(self, changes: Changes) -> None:
        if changes.content:
            self._content_changed(changes.question_ids)
        if changes.reviews or changes.settings or changes.content:
            self.ctx.services.browse.invalidate()
        if changes.reviews and self.welcome.isVisibleTo(self) and not self._nothing_studied():
            self.welcome.hide()  # the first rating is given: the invitation has done its job
        if changes.settings:
            self.restyle()
        if changes.stars and self.current_id is not None:
            self._show_star(self.current_id in self.ctx.services.library.starred())
        if changes.stars or changes.reviews or changes.settings or changes.content or changes.notes:
            self.refresh_list()  # notes: the row's note marker
        if changes.content and self.current_id in changes.question_ids:
            self.show_question(self.current_id, record=False)  # its new text and title
        if changes.notes and self.current_id in changes.question_ids:
            self._reload_note(self.current_id)
            self._show_conflicts(self.current_id)
        if (changes.reviews or changes.notes) and self.current_id is not None:
            if not self.isVisible() and self.window().isVisible():
                self._stale_answer = True
            else:
                self._redraw_current()

    def _redraw_current(self) -> None:
        self._stale_answer = False
        if self.current_id is None:
            return
        question = self.ctx.services.library.question(self.current_id)
        if question is None:
            return
        if self.note_editor.isVisible() and self.note_editor.hasFocus():
            # Redrawing would not disturb the editor, but it moves the pane while the user
            # types; the note is drawn when the editor closes.
            self._note_undrawn = True
            return
        self._note_undrawn = False
        self._render(question)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        if self._stale_answer:
            self._redraw_current()
        super().showEvent(event)

    def restyle(self) -> None:
        self.delegate.theme = self.ctx.theme
        self.view.set_renderer(self.ctx.renderer)
        if self.current_id is not None:
            question = self.ctx.services.library.question(self.current_id)
            if question is not None:
                self._render(question)
        self.list.viewport().update()
