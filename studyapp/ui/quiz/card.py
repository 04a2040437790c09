"""The question card: header, typing area, revealed answer, key-point checklist, rating buttons.

Pure layout; the quiz page decides what is shown when.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from studyapp.content.theme import Theme
from studyapp.domain import Rating
from studyapp.ui.quiz.highlight import highlighted_html
from studyapp.ui.quiz.style import point_colours, quiz_style, rating_button_style, swatch_style
from studyapp.ui.widgets.answer_view import AnswerView
from studyapp.ui.widgets.named import named
from studyapp.ui.widgets.plain_text import plain
from studyapp.ui.widgets.wrap_row import WrapRow

if TYPE_CHECKING:  # the checker loads its stemmer at the first graded answer
    from studyapp.grading.checker import Grade

POINT_KEYS = "QWERTYUI"  # a key point each: questions have up to eight
_HINTS = (
    ("Space", "show answer"),
    ("1-4", "rate"),
    ("R", "speak (before the reveal)"),
    (" ".join(POINT_KEYS), "tick"),
    ("Ctrl+Z", "undo"),
    ("S", "skip"),
    ("*", "star"),
    ("N", "note"),
    ("F", "follow-ups"),
    ("Esc", "end"),
)
# While the typed-answer editor has the keyboard, letters and digits type: only these work.
_TYPING_HINTS = (
    ("Ctrl+Enter", "compare with the model answer"),
    ("Esc", "leave the editor (then the single keys work)"),
    ("Ctrl+Z", "undo typing"),
)


def _hint_line(hints: tuple[tuple[str, str], ...]) -> str:
    """Each hint kept whole on a line (no-break spaces and hyphen); lines break between
    hints only."""
    return "  ·  ".join(
        f"{key} {what}".replace(" ", "\u00a0").replace("-", "\u2011") for key, what in hints
    )


KEY_HINTS = _hint_line(_HINTS)
TYPING_HINTS = _hint_line(_TYPING_HINTS)
POINTS_HINT = "Press a point's key to tick it  ·  ↑ ↓ PgUp PgDn scroll the answer  ·  K folds"


def _sentence(text: str) -> str:
    """A claim or correction ending in a full stop, as the box reads them as sentences."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _plain_button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if tip:
        button.setToolTip(tip)
    return button


def _repolish(widget: QWidget) -> None:
    """Dynamic properties only restyle after an unpolish/polish round."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class DraftEdit(QPlainTextEdit):
    """The typed-answer area. Ctrl+Z undoes typing while there is typing to undo; on a fresh
    draft it falls through to the quiz, where it undoes the last rating. `focus_changed`
    lets the card show the keys that work in and out of it."""

    focus_changed = Signal(bool)

    def focusInEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusInEvent(event)
        self.focus_changed.emit(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusOutEvent(event)
        self.focus_changed.emit(False)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not self.document().isUndoAvailable()
        ):
            event.ignore()
            return True
        return super().event(event)


class FitScroll(QScrollArea):
    """Asks for the full height of its wrapped content, and scrolls only when the window is
    too short to give it: the checklist never clips a point mid-line."""

    def __init__(self, inner: QWidget) -> None:
        super().__init__()
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.viewport().setAutoFillBackground(False)  # the card's surface shows through
        inner.setAutoFillBackground(False)
        self._width = -1

    def sizeHint(self) -> QSize:  # Qt override
        inner = self.widget()
        hint = super().sizeHint()
        if inner is None:
            return hint
        width = self.viewport().width() if self._width > 0 else inner.sizeHint().width()
        height = (
            inner.heightForWidth(width) if inner.hasHeightForWidth() else inner.sizeHint().height()
        )
        return QSize(hint.width(), max(height, 0) + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # Qt override
        return QSize(0, min(self.sizeHint().height(), 80))

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.updateGeometry()  # the wrapped height depends on the width
            holder = self.parentWidget()
            if holder is not None:  # its layout keeps its old hint unless told: a gap
                holder.updateGeometry()  # would open around the checklist's heading


class KeyPointRow(QFrame):
    """One key point: its key cap, a box, the point's text wrapped, and a 'suggested' tag.

    A QCheckBox cannot wrap its label, and the points are sentences, so the text is a separate
    label and a click anywhere on the row toggles the box.
    """

    toggled = Signal(bool)

    def __init__(self, key: str, text: str) -> None:
        super().__init__()
        self.setObjectName("point")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.point = text
        self.suggested = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(8)
        self.key = named(QLabel(key), "keycap")
        self.key.setToolTip(f"Press {key} to tick or untick this point")
        # The colour this point's evidence has in the typed answer (shown beside a typed one).
        self.swatch = named(QLabel(), "swatch")
        self.swatch.setFixedSize(14, 14)
        self.swatch.hide()
        self.check = QCheckBox()
        self.check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label = plain(named(QLabel(text, wordWrap=True), "pointtext"))
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.tag = named(QLabel("suggested"), "suggestedtag")
        self.tag.setToolTip(
            "Ticked because your typed answer states this point: the words that do are "
            "highlighted in its colour"
        )
        self.tag.hide()
        top = Qt.AlignmentFlag.AlignTop
        layout.addWidget(self.key, 0, top)
        layout.addWidget(self.swatch, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.check, 0, top)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.tag, 0, top)
        self.check.toggled.connect(self._on_toggled)

    def isChecked(self) -> bool:  # mirrors QCheckBox
        return self.check.isChecked()

    def setChecked(self, on: bool) -> None:
        self.check.setChecked(on)

    def toggle(self) -> None:
        self.check.toggle()

    def text(self) -> str:
        return self.point

    def set_suggested(self, suggested: bool) -> None:
        self.suggested = suggested
        self.tag.setVisible(suggested)

    def set_colour(self, style: str | None) -> None:
        """Show the swatch in the colour of this point's highlights (`style`), or hide it."""
        if style is None:
            self.swatch.hide()
            return
        self.swatch.setStyleSheet(style)
        self.swatch.setToolTip(
            "Your answer's words that state this point are highlighted in this colour"
        )
        self.swatch.show()

    def reset(self, text: str) -> None:
        """Show another point, unticked: rows are reused from card to card, because building
        and styling new ones cost several milliseconds of every reveal."""
        self.point = text
        self.label.setText(text)
        self.set_suggested(False)
        self.set_colour(None)
        if self.check.isChecked():
            self.check.blockSignals(True)
            self.check.setChecked(False)
            self.check.blockSignals(False)
            self.setProperty("checked", "false")
            _repolish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.toggle()
            event.accept()
            return
        super().mousePressEvent(event)

    def _on_toggled(self, on: bool) -> None:
        self.setProperty("checked", "true" if on else "false")
        _repolish(self)
        self.toggled.emit(on)


# The answer keeps a readable line length (~100 characters); in a wider window the whole
# card takes that width plus its frame, centred, instead of leaving the right 40 % of the
# answer box empty (gui.md 23).
CARD_MIN_CAP = 1100  # below this the key points would wrap and take the answer's height
CARD_FRAME = 40  # the answer box's border and scroll bar around the text column


class CardPanel(QWidget):
    points_changed = Signal()

    def __init__(self, answer: AnswerView, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._layout = layout

        top = QHBoxLayout()
        self.progress_label = named(QLabel(), "muted")
        self.progress_label.setToolTip("Position in this session")
        self.progress = QProgressBar(textVisible=False)
        self.progress.setFixedHeight(8)
        self.mode_label = named(QLabel(), "badge")
        self.clock_label = named(QLabel(), "clock")
        self.clock_label.setMinimumWidth(120)
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.end_button = _plain_button(
            "End session (Esc)", "End the session and see the summary (Esc)"
        )
        top.addWidget(self.progress_label)
        top.addWidget(self.progress, 1)
        top.addWidget(self.mode_label)
        top.addWidget(self.clock_label)
        top.addWidget(self.end_button)
        layout.addLayout(top)

        self.badge = named(QLabel(), "badge")
        self.follow_button = _plain_button(
            "Follow-ups (F)", "After rating, practise the interviewer's follow-up questions (F)"
        )
        self.follow_button.setCheckable(True)
        self.star_button = _plain_button("☆ Star (*)", "Star this question (*)")
        self.note_button = _plain_button("Note (N)", "Write a note on this question (N)")
        self.skip_button = _plain_button("Skip (S)", "Skip this question without rating (S)")
        buttons = (self.follow_button, self.star_button, self.note_button, self.skip_button)
        layout.addWidget(WrapRow(self.badge, buttons))
        self.title = plain(named(QLabel(wordWrap=True), "questiontitle"))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        self.followup_label = plain(named(QLabel(wordWrap=True), "muted"))
        layout.addWidget(self.followup_label)

        # Before the reveal: a prompt (with a big countdown in a mock interview) or a text area.
        self.prompt = named(QFrame(), "card")
        prompt_layout = QVBoxLayout(self.prompt)
        prompt_layout.setContentsMargins(24, 24, 24, 24)
        prompt_layout.setSpacing(12)
        centre = Qt.AlignmentFlag.AlignCenter
        self.prompt_clock = QLabel(alignment=centre)
        self._prompt_warn = False
        self.prompt_text = named(QLabel(alignment=centre, wordWrap=True), "muted")
        self.prompt_points = named(QLabel(alignment=centre, wordWrap=True), "sectionnote")
        self.typed = DraftEdit()
        self.typed.setAccessibleName("Your answer")
        self.typed.setPlaceholderText(
            "Type your answer here; Ctrl+Enter reveals the model answer and suggests key points."
        )
        self.typed.focus_changed.connect(self.show_hints)
        self.reveal_button = named(QPushButton("Show answer   (Space)"), "primary")
        self.reveal_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reveal_button.setMinimumHeight(38)
        # The stretches centre the prompt; a visible text area (stretch 20) takes their room.
        prompt_layout.addStretch(1)
        prompt_layout.addWidget(self.prompt_clock)
        prompt_layout.addWidget(self.prompt_text)
        prompt_layout.addWidget(self.prompt_points)
        prompt_layout.addWidget(self.typed, 20)
        prompt_layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignHCenter)
        prompt_layout.addStretch(1)

        # After the reveal: the model answer, beside the typed answer if there is one.
        self.answer = answer
        self.your_answer = QTextBrowser()
        self.typed_text = ""  # what the learner typed, as typed (the view holds it as HTML)
        self._grade: Grade | None = None
        self.your_answer.setStyleSheet("font-size: 14px; padding: 8px;")
        your_box = QWidget()
        your_layout = QVBoxLayout(your_box)
        your_layout.setContentsMargins(0, 0, 0, 0)
        your_layout.addWidget(named(QLabel("Your answer"), "h2"))
        your_layout.addWidget(self.your_answer, 1)
        # "You said: X. In fact: Y." for each wrong claim the typed answer states.
        self.misconception_box = named(QLabel(wordWrap=True), "misconception")
        self.misconception_box.setTextFormat(Qt.TextFormat.RichText)
        self.misconception_box.hide()
        your_layout.addWidget(self.misconception_box)
        model_box = QWidget()
        model_layout = QVBoxLayout(model_box)
        model_layout.setContentsMargins(0, 0, 0, 0)
        self.model_title = named(QLabel("Model answer"), "h2")
        model_layout.addWidget(self.model_title)
        model_layout.addWidget(answer, 1)
        self.your_box = your_box
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(your_box)
        self.split.addWidget(model_box)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        # One stack for "before" and "after": the answer can be laid out at its final size
        # while the prompt shows, so the reveal only has to paint.
        self.body = QStackedWidget()
        self.body.addWidget(self.prompt)
        # The answer's page holds the checklist too, so the answer's size is settled while it
        # is hidden: showing the checklist at the reveal would shrink the answer and make Qt
        # lay its whole document out again (and again when its scroll bar appears).
        revealed = QWidget()
        revealed_layout = QVBoxLayout(revealed)
        revealed_layout.setContentsMargins(0, 0, 0, 0)
        revealed_layout.setSpacing(layout.spacing())
        revealed_layout.addWidget(self.split, 1)
        self.revealed_page = revealed
        self.body.addWidget(revealed)
        layout.addWidget(self.body, 1)

        self.points_box = named(QFrame(), "card")
        points_layout = QVBoxLayout(self.points_box)
        points_layout.setContentsMargins(14, 8, 14, 8)
        points_layout.setSpacing(4)
        points_head = QHBoxLayout()
        points_head.addWidget(named(QLabel("Key points you covered"), "h2"))
        self.points_count = named(QLabel(), "badge")
        points_head.addWidget(self.points_count)
        self.points_hint = named(QLabel(), "sectionnote")
        points_head.addStretch(1)
        points_head.addWidget(self.points_hint)
        points_layout.addLayout(points_head)
        grid_host = QWidget()
        self.points_grid = QGridLayout(grid_host)
        self.points_grid.setContentsMargins(0, 0, 0, 0)
        self.points_grid.setHorizontalSpacing(12)
        self.points_grid.setVerticalSpacing(2)
        self.points_grid.setColumnStretch(0, 1)
        self.points_grid.setColumnStretch(1, 1)
        self.points_scroll = FitScroll(grid_host)
        self.points_scroll.setAccessibleName("Key points you covered")
        points_layout.addWidget(self.points_scroll)
        self.point_boxes: list[KeyPointRow] = []
        self._row_pool: list[KeyPointRow] = []  # every row ever built; point_boxes is a prefix
        revealed_layout.addWidget(self.points_box)

        rate_row = QHBoxLayout()
        self.undo_button = _plain_button("Undo (Ctrl+Z)", "Undo the last rating (Ctrl+Z)")
        rate_row.addWidget(self.undo_button)
        self.key_hints = named(QLabel(KEY_HINTS, wordWrap=True), "keyhints")
        rate_row.addWidget(self.key_hints, 1)
        self.suggestion = named(QLabel(), "suggestion")
        self.suggestion.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rate_row.addWidget(self.suggestion, 1)
        self.rate_buttons: dict[Rating, QPushButton] = {}
        for rating in Rating:
            button = _plain_button("", f"{rating.label} ({int(rating)})")
            button.setMinimumWidth(104)
            button.setMinimumHeight(48)
            self.rate_buttons[rating] = button
            rate_row.addWidget(button)
        layout.addLayout(rate_row)
        self.set_theme(theme)

    def show_hints(self, typing: bool) -> None:
        """The keys that work right now: in the editor letters type, so only a few do."""
        self.key_hints.setText(TYPING_HINTS if typing else KEY_HINTS)
        self.reveal_button.setText(
            "Compare with the model answer   (Ctrl+Enter)" if typing else "Show answer   (Space)"
        )

    def fold_points(self, folded: bool) -> None:
        """Fold the checklist to its heading (K), giving the answer the room; ticking by key
        still works while folded, and the count in the heading follows."""
        self.points_scroll.setVisible(not folded)
        self.points_box.setToolTip("K shows the key points again" if folded else "")

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.setStyleSheet(quiz_style(theme))
        if self.typed_text:  # the highlights and swatches take the new look's tints
            self.show_typed(self.typed_text, self._grade)
        self._style_prompt_clock()

    def set_prompt_clock(self, text: str, warn: bool) -> None:
        """The big countdown before the reveal; amber in its last seconds, so running out
        never comes as a surprise."""
        self.prompt_clock.setText(text)
        if warn != self._prompt_warn:
            self._prompt_warn = warn
            self._style_prompt_clock()

    def _style_prompt_clock(self) -> None:
        theme = self._theme
        colour = theme.ratings[Rating.HARD - 1] if self._prompt_warn else theme.accent
        self.prompt_clock.setStyleSheet(
            f"font-size: 44px; font-weight: 700; font-family: monospace; color: {colour};"
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt override
        """Centre the card in a window wider than it needs."""
        widest = max(CARD_MIN_CAP, round(self.answer.column_width()) + CARD_FRAME)
        side = max(0, (event.size().width() - widest) // 2)
        if self._layout.contentsMargins().left() != side:
            self._layout.setContentsMargins(side, 0, side, 0)
        super().resizeEvent(event)

    def set_points(self, points: tuple[str, ...]) -> None:
        for box in self._row_pool:
            self.points_grid.removeWidget(box)
        shown = points[: len(POINT_KEYS)]
        while len(self._row_pool) < len(shown):
            box = KeyPointRow(POINT_KEYS[len(self._row_pool)], "")
            box.toggled.connect(self.points_changed)
            self._row_pool.append(box)
        rows = (len(shown) + 1) // 2
        for index, point in enumerate(shown):
            box = self._row_pool[index]
            box.reset(point)
            # Column-major, so the keys run down the first column then the second.
            self.points_grid.addWidget(box, index % rows, index // rows)
            box.show()
        for box in self._row_pool[len(shown) :]:
            box.hide()
        self.point_boxes = self._row_pool[: len(shown)]
        self.points_scroll.updateGeometry()

    def mark_suggested(self, suggested: tuple[int, ...]) -> None:
        for index, box in enumerate(self.point_boxes):
            box.blockSignals(True)
            box.setChecked(index in suggested)
            box.blockSignals(False)
            box.set_suggested(index in suggested)

    def show_typed(self, typed: str, grade: Grade | None) -> None:
        """The typed answer with the checker's evidence highlighted in each point's colour,
        a swatch of that colour on each point, and any misconception it states."""
        colours = point_colours(self._theme)
        self.typed_text = typed
        self._grade = grade
        self.your_answer.setHtml(highlighted_html(typed, grade, self._theme) if typed else "")
        for index, box in enumerate(self.point_boxes):
            colour = colours[index % len(colours)]
            box.set_colour(swatch_style(self._theme, colour) if typed else None)
        found = grade.misconceptions if grade is not None else ()
        self.misconception_box.setVisible(bool(found))
        self.misconception_box.setText(
            "<br>".join(
                f"<b>You said:</b> {html.escape(_sentence(item.claim))} "
                f"<b>In fact:</b> {html.escape(_sentence(item.correction))}"
                for item in found
            )
        )

    def ticked(self) -> tuple[int, ...]:
        return tuple(i for i, box in enumerate(self.point_boxes) if box.isChecked())

    def suggested_ticks(self) -> tuple[int, ...]:
        return tuple(i for i, box in enumerate(self.point_boxes) if box.suggested)

    def set_clock(self, text: str, state: str) -> None:
        """state is '' (plain elapsed time), 'mock' (counting down), 'warn' (the last
        seconds) or 'over' (past the limit)."""
        self.clock_label.setText(text)
        if self.clock_label.property("state") != state:
            self.clock_label.setProperty("state", state)
            _repolish(self.clock_label)

    def style_rating(self, suggested: Rating | None) -> None:
        for rating, button in self.rate_buttons.items():
            style = rating_button_style(self._theme, rating, rating == suggested)
            if button.styleSheet() != style:  # a new style sheet re-polishes the button
                button.setStyleSheet(style)
