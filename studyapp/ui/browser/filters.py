"""The filter bar above the question list."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QPushButton, QWidget

from studyapp.domain import Topic
from studyapp.services.browse import STATUSES, BrowseFilter, SortOrder
from studyapp.ui.widgets.multi_select import MultiSelectButton

SORT_LABELS = (
    (SortOrder.BEST_MATCH, "Best match"),
    (SortOrder.NUMBER, "By number"),
    (SortOrder.WEAKEST, "Weakest first"),
    (SortOrder.LAST_REVIEWED, "Last reviewed"),
    (SortOrder.NEXT_DUE, "Next due"),
)


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        super().__init__()
        self.topics = MultiSelectButton("Topic", [(t.id, t.name) for t in topics])
        self.difficulty = MultiSelectButton(
            "Level", [(1, "Basic"), (2, "Intermediate"), (3, "Advanced")]
        )
        self.status = MultiSelectButton("Status", [(s, s.capitalize()) for s in STATUSES])
        self.starred = QPushButton("★ Starred")
        self.starred.setCheckable(True)
        self.starred.setToolTip("Show only starred questions")
        self.sort = QComboBox()
        for order, label in SORT_LABELS:
            self.sort.addItem(label, order.value)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        grid.addWidget(self.topics, 0, 0)
        grid.addWidget(self.difficulty, 0, 1)
        grid.addWidget(self.status, 0, 2)
        grid.addWidget(self.starred, 1, 0)
        grid.addWidget(self.sort, 1, 1, 1, 2)
        for button in (self.topics, self.difficulty, self.status):
            button.changed.connect(self.changed)
        self.starred.toggled.connect(self.changed)
        self.sort.currentIndexChanged.connect(self.changed)

    def spec(self, query: str) -> BrowseFilter:
        return BrowseFilter(
            query=query,
            topics=frozenset(str(t) for t in self.topics.selected()),
            difficulties=frozenset(int(d) for d in self.difficulty.selected()),  # type: ignore[call-overload]
            statuses=frozenset(str(s) for s in self.status.selected()),
            starred_only=self.starred.isChecked(),
            sort=SortOrder(self.sort.currentData()),
        )

    def reset(self) -> None:
        for button in (self.topics, self.difficulty, self.status):
            button.blockSignals(True)
            button.clear()
            button.blockSignals(False)
        self.starred.setChecked(False)
        self.changed.emit()
