"""Deleting one of the learner's own questions: a dialog naming it, then the service.

The review history stays unless the learner ticks the separate "also delete its review
history" box: months of reviews are not lost to one slip of the Delete button, and the id
is never given to another question, so the history can never attach itself to a new one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from studyapp.domain import Question
from studyapp.services.own_questions import OwnQuestionError
from studyapp.ui.context import UiContext


def confirm_and_delete(ctx: UiContext, parent: QWidget, question: Question) -> bool:
    """Ask, naming the question; delete it if confirmed. Returns whether it was deleted."""
    reviews = len(ctx.services.library.history(question.id))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Delete question")
    box.setText(f"Delete your question “{question.title}”?")
    kept = (
        f"Its review history ({reviews} review{'s' if reviews != 1 else ''}) is kept"
        if reviews
        else "It has no review history"
    )
    box.setInformativeText(f"{kept}; the question's file is removed from your data folder.")
    forget = QCheckBox("Also delete its review history, star and note")
    forget.setEnabled(reviews > 0 or bool(ctx.services.library.note(question.id)))
    box.setCheckBox(forget)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is not delete:
        return False
    try:
        changes = ctx.services.own_questions.delete(question.id, forget_history=forget.isChecked())
    except OwnQuestionError as error:
        QMessageBox.warning(parent, "Delete question", str(error))
        return False
    ctx.bus.publish(changes)
    return True
