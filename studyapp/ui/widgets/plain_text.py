"""Labels and tool tips that show content as text, never as HTML.

A QLabel in its default AutoText mode renders anything that looks like HTML, and its rich
text loads the images it names from local files by itself: an `<img>` in a question title, a
key point or a topic name read a file from the current folder (review U1, M12). Every label
and tool tip that shows content or the person's own words goes through here."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain(label: QLabel) -> QLabel:
    """`label`, set to show its text as typed."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tip(text: str) -> str:
    """A tool tip showing `text` as typed (a tool tip has no plain-text switch: escaped text
    in an explicit rich-text block shows the characters themselves and loads nothing)."""
    lines = (html.escape(line) for line in text.split("\n"))
    return f"<qt>{'<br>'.join(lines)}</qt>" if text else ""
