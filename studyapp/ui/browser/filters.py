"""The filter bar above the question list: topic, level, status, starred, and the sort order."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from studyapp.domain import Topic
from studyapp.services.browse import STATUSES, BrowseFilter, SortOrder
from studyapp.ui.widgets.multi_select import MultiSelectButton

SORT_LABELS = (
    (SortOrder.BEST_MATCH, "Best match"),
    (SortOrder.NUMBER, "Number"),
    (SortOrder.WEAKEST, "Weakest first"),
    (SortOrder.LAST_REVIEWED, "Last reviewed"),
    (SortOrder.NEXT_DUE, "Next due"),
)


FILTER_MIN_WIDTH = 84  # room for "Topic: a…"
MINE_OFF, MINE_ON = "✎ Mine", "✎ Mine ✓"


class SortButton(QToolButton):
    """A drop-down of sort orders styled like the filter buttons beside it."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("filter")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Best match orders by relevance while searching, by number otherwise")
        menu = QMenu(self)
        group = QActionGroup(self)
        self.actions_: dict[SortOrder, QAction] = {}
        for order, label in SORT_LABELS:
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setData(order.value)
            group.addAction(action)
            action.triggered.connect(lambda _=False, o=order: self.set_order(o))
            self.actions_[order] = action
        self.setMenu(menu)
        self._order = SortOrder.BEST_MATCH
        self.actions_[self._order].setChecked(True)
        self._refresh_text()

    def order(self) -> SortOrder:
        return self._order

    def set_order(self, order: SortOrder) -> None:
        self.actions_[order].setChecked(True)
        if order != self._order:
            self._order = order
            self._refresh_text()
            self.changed.emit()

    def _refresh_text(self) -> None:
        self.setText(f"Sort: {dict(SORT_LABELS)[self._order]}")


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        super().__init__()
        self.topics = MultiSelectButton("Topic", [(t.id, t.name) for t in topics])
        self.difficulty = MultiSelectButton(
            "Level", [(1, "Basic"), (2, "Intermediate"), (3, "Advanced")]
        )
        self.status = MultiSelectButton("Status", [(s, s.capitalize()) for s in STATUSES])
        self.starred = QPushButton("☆ Starred")
        self.starred.setCheckable(True)
        self.starred.setToolTip("Show only starred questions")
        self.mine = QPushButton(MINE_OFF)
        self.mine.setCheckable(True)
        self.mine.setToolTip("Show only your own questions (written or imported)")
        self.sort = SortButton()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.topics, 0, 0)
        grid.addWidget(self.difficulty, 0, 1)
        grid.addWidget(self.status, 0, 2)
        # The second row shares its width by need, not in thirds: the two toggles as wide as
        # their words, the sort order the rest ("Sort: Last reviewed").
        second = QHBoxLayout()
        second.setSpacing(6)
        second.addWidget(self.starred)
        second.addWidget(self.mine)
        second.addWidget(self.sort, 1)
        grid.addLayout(second, 1, 0, 1, 3)
        # The filters cut their text with an ellipsis, so they may be narrower than it: in a
        # small window the list gives way and the answer's header buttons keep their words.
        for button in (self.topics, self.difficulty, self.status):
            button.setMinimumWidth(FILTER_MIN_WIDTH)
        self.sort.setMinimumWidth(FILTER_MIN_WIDTH)

        for button in (self.topics, self.difficulty, self.status):
            button.changed.connect(self.changed)
        self.starred.toggled.connect(self._on_starred)
        self.mine.toggled.connect(self._on_mine)
        self.sort.changed.connect(self.changed)

    def _on_starred(self, checked: bool) -> None:
        self.starred.setText("★ Starred" if checked else "☆ Starred")
        self.changed.emit()

    def _on_mine(self, checked: bool) -> None:
        self.mine.setText(MINE_ON if checked else MINE_OFF)
        self.changed.emit()

    def set_topics(self, topics: tuple[Topic, ...]) -> None:
        """The topic choices after own questions added one."""
        self.topics.set_options([(t.id, t.name) for t in topics])

    def spec(self, query: str) -> BrowseFilter:
        return BrowseFilter(
            query=query,
            topics=frozenset(str(t) for t in self.topics.selected()),
            difficulties=frozenset(int(d) for d in self.difficulty.selected()),  # type: ignore[call-overload]
            statuses=frozenset(str(s) for s in self.status.selected()),
            starred_only=self.starred.isChecked(),
            mine_only=self.mine.isChecked(),
            sort=self.sort.order(),
        )

    def is_filtered(self) -> bool:
        """Whether any filter (not the sort order) narrows the list."""
        return bool(
            self.topics.selected()
            or self.difficulty.selected()
            or self.status.selected()
            or self.starred.isChecked()
            or self.mine.isChecked()
        )

    def menus(self) -> dict[str, MultiSelectButton]:
        """The multi-choice filters, keyed as `BrowseFilter`'s fields."""
        return {"topics": self.topics, "difficulties": self.difficulty, "statuses": self.status}

    def names(self) -> dict[str, str]:
        """Each filter as its button names it ("Level: Advanced"), keyed as `NoMatch.relax`."""
        return {
            "topics": self.topics.full_text(),
            "difficulties": self.difficulty.full_text(),
            "statuses": self.status.full_text(),
            "starred": "Starred only",
            "mine": "Mine only",
        }

    def remove(self, name: str) -> None:
        """Clear the one filter `name` (a `NoMatch.relax` key)."""
        buttons = self.menus()
        if name in buttons:
            buttons[name].clear()
        elif name == "starred":
            self.starred.setChecked(False)
        elif name == "mine":
            self.mine.setChecked(False)

    def reset(self) -> None:
        for button in (self.topics, self.difficulty, self.status):
            button.blockSignals(True)
            button.clear()
            button.blockSignals(False)
        self.starred.blockSignals(True)
        self.starred.setChecked(False)
        self.starred.blockSignals(False)
        self.starred.setText("☆ Starred")
        self.mine.blockSignals(True)
        self.mine.setChecked(False)
        self.mine.blockSignals(False)
        self.mine.setText(MINE_OFF)
        self.changed.emit()
