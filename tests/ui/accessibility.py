"""Accessibility checks over whatever widgets are on screen, for any screen.

The checks know no screen by name: they walk `QApplication.allWidgets()`, keep the visible
ones in one top-level window, and judge each by what Qt exposes to assistive technology and
what it paints. So a screen or dialog added later is covered once a test opens it.

- Name: every control reachable with Tab has a name in its accessibility interface (the
  text of a button, a label's buddy, or setAccessibleName).
- Focus: giving it keyboard focus changes its pixels visibly, at 3:1 against how they were.
- Contrast: every label's and button's text reads at 4.5:1 on what is painted under it, and
  so does every colour a rich-text label sets inline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QWidget,
)

from studyapp.content.theme import NON_TEXT_CONTRAST, TEXT_CONTRAST, contrast_ratio

_INLINE_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6})\b")


def on_screen(window: QWidget) -> list[QWidget]:
    """The visible widgets of `window` (itself included), in no particular order."""
    return [w for w in QApplication.allWidgets() if w.window() is window and w.isVisible()]


def focusable(widgets: Iterable[QWidget]) -> list[QWidget]:
    """Controls Tab can reach. The line edit inside a spin box or combo box is that box's
    own part: the box is what has (and is checked for) a name."""
    return [
        w
        for w in widgets
        if w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
        and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)
    ]


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    name = f"#{widget.objectName()}" if widget.objectName() else ""
    where = widget.window().windowTitle() or type(widget.window()).__name__
    return f"{type(widget).__name__}{name} {str(shown)[:40]!r} in {where!r}"


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) if interface is not None else "").strip()


def unnamed(window: QWidget) -> list[str]:
    return [describe(w) for w in focusable(on_screen(window)) if not accessible_name(w)]


def bring_into_view(widget: QWidget) -> None:
    """Scroll every scroll area holding `widget` so it shows, as Tab would."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            parent.ensureWidgetVisible(widget, 4, 4)
        parent = parent.parentWidget()
    QApplication.processEvents()


def grab_in_place(widget: QWidget) -> QImage:
    """The widget's area as the window paints it: what is behind it (a parent's style-sheet
    background) included, which `widget.grab()` alone would leave out."""
    bring_into_view(widget)
    window = widget.window()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.grab(area).toImage()


def _rgb(image: QImage) -> NDArray[np.uint32]:
    """The image's pixels as 0xRRGGBB integers, one row per line."""
    if image.isNull():
        return np.zeros((0, 0), dtype=np.uint32)
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height, stride = image.width(), image.height(), image.bytesPerLine() // 4
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * height)
    return data.reshape(height, stride)[:, :width] & 0xFFFFFF


def _luminance(rgb: NDArray[np.uint32]) -> NDArray[np.float64]:
    """WCAG relative luminance per pixel (the same formula as contrast_ratio)."""
    channels = np.stack([(rgb >> shift) & 0xFF for shift in (16, 8, 0)]) / 255.0
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    weights = np.array([0.2126, 0.7152, 0.0722]).reshape((3,) + (1,) * rgb.ndim)
    return np.asarray((linear * weights).sum(axis=0))


def _ratio(first: NDArray[np.float64], second: NDArray[np.float64]) -> NDArray[np.float64]:
    return (np.maximum(first, second) + 0.05) / (np.minimum(first, second) + 0.05)


def _hex(rgb: int) -> str:
    return f"#{int(rgb):06x}"


def text_colours(widget: QWidget) -> tuple[str, str, str]:
    """(text colour from the palette, the same as painted, background as painted).

    The background is the colour most of the area shows. The painted text colour is the
    commonest of the pixels that stand out most from it: anti-aliasing makes it a little
    weaker than the real colour, so it only ever understates the contrast. It catches text
    whose colour a style sheet sets for a state (a checked button), which the palette does
    not show."""
    colours, counts = np.unique(_rgb(grab_in_place(widget)), return_counts=True)
    palette = widget.palette().color(widget.foregroundRole()).name()
    if not colours.size:
        return palette, palette, palette  # nothing painted (clipped away): nothing to read
    background = colours[counts.argmax()]
    against = _ratio(_luminance(colours), _luminance(np.array([background]))[0])
    strong = against >= 0.9 * against.max()
    painted = colours[strong][counts[strong].argmax()]
    return palette, _hex(painted), _hex(background)


def faint_text(window: QWidget) -> list[str]:
    """Labels and buttons (enabled: WCAG exempts inactive controls) whose text, or a colour
    set inline in their rich text, reads below 4.5:1 on their background."""
    found = []
    for widget in on_screen(window):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isEnabled():
            continue
        text = widget.text()
        if not text.strip() or widget.width() < 2 or widget.height() < 2:
            continue
        palette, painted, background = text_colours(widget)
        ratio = max(contrast_ratio(palette, background), contrast_ratio(painted, background))
        if palette != background and ratio < TEXT_CONTRAST:
            found.append(f"{describe(widget)}: {palette} on {background} is {ratio:.2f}:1")
        for inline in _INLINE_COLOUR.findall(text):
            ratio = contrast_ratio(inline, background)
            if ratio < TEXT_CONTRAST:
                found.append(f"{describe(widget)}: inline {inline} on {background} {ratio:.2f}:1")
    return found


def focus_change(widget: QWidget) -> int:
    """How many pixels of `widget` change at 3:1 or more when it gets keyboard focus."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    widget.window().setFocus(Qt.FocusReason.OtherFocusReason)  # no control has focus
    widget.clearFocus()
    app.processEvents()
    before = grab_in_place(widget)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    app.processEvents()
    after = grab_in_place(widget)
    old, new = _rgb(before), _rgb(after)
    if old.shape != new.shape:
        return old.size  # it changed its size: plain to see
    return int((_ratio(_luminance(old), _luminance(new)) >= NON_TEXT_CONTRAST).sum())


def invisible_focus(window: QWidget) -> list[str]:
    """Controls whose keyboard focus cannot be seen: fewer changed pixels than a one-pixel
    line along the shorter side of the control (a focus ring changes several times that)."""
    found = []
    for widget in focusable(on_screen(window)):
        if not widget.isVisible():  # a focus change may hide or show others
            continue
        needed = max(12, min(widget.width(), widget.height()))
        changed = focus_change(widget)
        if changed < needed:
            found.append(f"{describe(widget)}: focus changes {changed} px (needs {needed})")
    return found


def audit(window: QWidget) -> list[str]:
    """Every finding for the screen `window` shows now."""
    QApplication.processEvents()
    return [
        *(f"no accessible name: {item}" for item in unnamed(window)),
        *(f"faint text: {item}" for item in faint_text(window)),
        *(f"focus not visible: {item}" for item in invisible_focus(window)),
    ]
