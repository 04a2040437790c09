"""Set, change or remove the interview date, the topics it covers, the target and the time."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain import Topic
from studyapp.ui.context import UiContext
from studyapp.ui.widgets.named import named


class PlanDialog(QDialog):
    """Returns the choice through `values()`; `removed` is True when the learner cleared it."""

    def __init__(
        self,
        topics: tuple[Topic, ...],
        day: date,
        chosen: tuple[str, ...],
        target: float,
        minutes: int,
        has_date: bool,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Interview plan")
        self.removed = False
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        intro = QLabel(
            "DeepStudy plans your reviews so that on the day every chosen question is at the "
            "target recall, within the time you give it each day.",
            wordWrap=True,
        )
        layout.addWidget(named(intro, "muted"))
        form = QFormLayout()
        self.date = QDateEdit(QDate(day.year, day.month, day.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setMinimumDate(QDate(today.year, today.month, today.day))
        self.date.setAccessibleName("Interview date")
        form.addRow("Interview &date:", self.date)
        self.target = QSpinBox()
        self.target.setRange(50, 98)
        self.target.setSuffix(" %")
        self.target.setValue(round(target * 100))
        self.target.setAccessibleName("Target recall")
        self.target.setToolTip("Predicted recall every chosen question should reach on the day")
        form.addRow("&Target recall:", self.target)
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 240)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" min a day")
        self.minutes.setValue(minutes)
        self.minutes.setAccessibleName("Minutes a day")
        form.addRow("Time &budget:", self.minutes)
        layout.addLayout(form)
        layout.addWidget(QLabel("Topics the interview covers (none ticked: all of them):"))
        grid = QGridLayout()
        self.topic_boxes: dict[str, QCheckBox] = {}
        for index, topic in enumerate(topics):
            box = QCheckBox(topic.name.replace("&", "&&"))
            box.setChecked(topic.id in chosen)
            box.setAccessibleName(f"Topic {topic.name}")
            self.topic_boxes[topic.id] = box
            grid.addWidget(box, index // 2, index % 2)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Save plan")
        if has_date:
            remove = QPushButton("Remove date")
            remove.setToolTip("Go back to normal scheduling; your history is unchanged")
            buttons.addButton(remove, QDialogButtonBox.ButtonRole.DestructiveRole)
            remove.clicked.connect(self._remove)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.date.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove(self) -> None:
        self.removed = True
        self.accept()

    def values(self) -> tuple[date, tuple[str, ...], float, int]:
        chosen = self.date.date()
        topics = tuple(tid for tid, box in self.topic_boxes.items() if box.isChecked())
        day = date(chosen.year(), chosen.month(), chosen.day())
        return day, topics, self.target.value() / 100, self.minutes.value()


def edit_plan(ctx: UiContext, parent: QWidget) -> None:
    """Open the dialog on the current plan and apply the choice as one settings write."""
    services = ctx.services
    settings = services.settings.load()
    goal = services.plan.goal()
    today = services.clock.now().astimezone(services.clock.local_tz()).date()
    day = goal.interview_day if goal is not None and goal.interview_day > today else None
    dialog = PlanDialog(
        services.library.topics,
        day or services.plan.suggested_day(),
        tuple(settings.plan_topics),
        settings.plan_target,
        settings.plan_minutes,
        goal is not None,
        today,
        parent,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    if dialog.removed:
        ctx.bus.publish(services.plan.clear_goal())
        return
    ctx.bus.publish(services.plan.set_goal(*dialog.values()))
