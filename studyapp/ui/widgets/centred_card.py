"""A card centred in a page that scrolls when the window is too short for it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from studyapp.ui.widgets.named import named


def centred_card(owner: QWidget, name: str, card_stretch: int = 0, margins: int = 0) -> QFrame:
    """Fill `owner` with a scrolling page holding one card, and return the card to fill.

    Centred by stretches, not by an alignment flag: an aligned widget gets its size hint,
    worked out before its wrapped labels know their width, and loses their last lines. A window
    too short for the whole card scrolls it instead of squeezing what it holds. The page takes
    keyboard focus (PageDown scrolls it), so it carries `name` for screen readers."""
    scroll = QScrollArea()
    scroll.setAccessibleName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    page = named(QWidget(), "page")
    scroll.setWidget(page)
    frame = QVBoxLayout(owner)
    frame.setContentsMargins(0, 0, 0, 0)
    frame.addWidget(scroll)
    outer = QVBoxLayout(page)
    if margins:
        outer.setContentsMargins(margins, margins // 3, margins, margins // 3)
    card = named(QFrame(), "card")
    centred = QHBoxLayout()
    centred.addStretch(1)
    centred.addWidget(card, card_stretch)
    centred.addStretch(1)
    outer.addStretch(1)
    outer.addLayout(centred)
    outer.addStretch(2)
    return card
