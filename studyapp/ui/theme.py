"""Light and dark looks: a QPalette plus one generated style sheet for both."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QAbstractSpinBox, QApplication

from studyapp.content.theme import DARK, LIGHT, Theme
from studyapp.paths import resources_dir

Box = TypeVar("Box", bound=QAbstractSpinBox)
# The look a person can choose (settings key, label), as resolve_theme() reads it.
THEME_CHOICES = (("system", "Follow system"), ("light", "Light"), ("dark", "Dark"))


def resolve_theme(choice: str) -> Theme:
    if choice == "dark":
        return DARK
    if choice == "light":
        return LIGHT
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


def apply_theme(app: QApplication, theme: Theme) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.surface,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent_fill,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Link: theme.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted))
    palette.setColor(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(theme.muted)
    )
    app.setPalette(palette)
    app.setStyleSheet(style_sheet(theme))


def number_box(box: Box) -> Box:
    """A spin box whose value starts where a line edit's text does: the style sheet cannot
    pad the line edit inside a spin box, so its text would touch the frame."""
    box.lineEdit().setTextMargins(6, 0, 0, 0)
    return box


def style_sheet(t: Theme) -> str:
    sidebar = "#10141a" if t.dark else "#1f2937"
    check_border = "#6b7280" if t.dark else "#868e9a"  # 3:1 on the window and on cards
    scroll_thumb = "#5b6473" if t.dark else "#a3aab5"  # 3:1 against the page it scrolls
    # A focused filled button deepens in the light look, where its white ring meets a white card.
    focus_fill = t.accent_fill if t.dark else "#1e40af"
    # The tick and the combo box arrow are drawn per look (style sheets take images only from
    # files); the tick is in the colour that reads on the accent.
    icons = (resources_dir() / "icons").as_posix()
    return f"""
QMainWindow, QWidget#page {{ background: {t.window}; }}
QWidget#sidebar {{ background: {sidebar}; }}
QLabel#brand {{ color: #ffffff; font-size: 17px; font-weight: 700; padding: 18px 16px 14px 18px; }}
QToolButton#nav {{
    color: #cbd5e1; background: transparent; border: none; border-radius: 8px;
    padding: 9px 12px; margin: 2px 10px; font-size: 14px; text-align: left;
}}
QToolButton#nav:hover {{ background: rgba(255,255,255,0.08); color: #ffffff; }}
QToolButton#nav:checked {{ background: {t.accent_fill}; color: #ffffff; font-weight: 600; }}
QLabel#navhint {{ color: #94a3b8; font-size: 11px; padding: 10px 18px; }}
QFrame#card {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px; }}
QLabel#h1 {{ font-size: 22px; font-weight: 700; }}
QLabel#h2 {{ font-size: 16px; font-weight: 600; }}
QLabel#muted {{ color: {t.muted}; }}
QLabel#statvalue {{ font-size: 26px; font-weight: 700; }}
QLabel#statlabel {{ color: {t.muted}; font-size: 12px; }}
QLabel#badge {{
    background: {t.accent_soft}; color: {t.accent_text}; border-radius: 9px;
    padding: 2px 9px; font-size: 12px; font-weight: 600; max-height: 20px;
}}
QLabel#questiontitle {{ font-size: 21px; font-weight: 600; }}
QLineEdit, QComboBox, QPlainTextEdit {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 7px; padding: 6px 8px;
    selection-background-color: {t.accent_fill};
}}
QLineEdit:focus, QComboBox:focus, QAbstractSpinBox:focus, QPlainTextEdit:focus {{
    border-color: {t.accent};
}}
/* Number boxes look like the line edits: the padding above would also squeeze the line edit
   inside a spin box until its value could not be read, and Fusion's step arrows do not fit
   the rounded frame (typed values, arrow keys and the wheel still step). The text's left
   margin, which no style sheet rule reaches, is set by `number_box`; min-height 25px makes
   them as tall as a line edit (30 px). */
QAbstractSpinBox {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 7px;
    padding: 0 8px; min-height: 25px; selection-background-color: {t.accent_fill};
}}
QAbstractSpinBox QLineEdit {{ padding: 0; border: none; background: transparent; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ width: 0px; border: none; }}
QComboBox {{ padding-right: 26px; }}
QComboBox::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 26px; border: none;
}}
QComboBox::down-arrow {{ image: url("{icons}/chevron-{t.name}.svg"); width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{
    background: {t.surface}; border: 1px solid {t.border}; outline: none;
    selection-background-color: {t.accent_fill}; selection-color: #ffffff;
}}
QPushButton {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 7px;
    padding: 7px 14px; font-size: 13px;
}}
QPushButton:hover {{ border-color: {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; }}
QToolButton#filter {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 7px;
    padding: 6px 22px 6px 10px; font-size: 13px; text-align: left;
}}
QToolButton#filter:hover {{ border-color: {t.accent}; }}
QToolButton#filter::menu-indicator {{
    subcontrol-origin: padding; subcontrol-position: center right; right: 8px;
}}
QPushButton#chip {{ padding: 5px 10px; border-radius: 13px; font-size: 12px; }}
QPushButton#chip:checked {{
    background: {t.accent_fill}; color: #ffffff; border-color: {t.accent_fill};
}}
QPushButton#primary {{
    background: {t.accent_fill}; color: #ffffff; border: none; font-weight: 600;
}}
QPushButton#primary:hover {{ background: {t.accent_fill}; border: 1px solid {t.text}; }}
QListView, QListWidget, QTextBrowser {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px;
}}
QListView::item, QListWidget::item {{ padding: 8px 6px; border-bottom: 1px solid {t.border}; }}
QListView::item:selected, QListWidget::item:selected {{
    background: {t.accent_soft}; color: {t.text};
}}
QTreeView {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; outline: none;
}}
QTreeView::item {{ padding: 6px 4px; }}
QTreeView::item:selected {{ background: {t.accent_soft}; color: {t.text}; }}
QTreeView QHeaderView::section {{
    background: {t.surface}; color: {t.muted}; font-weight: 600; padding: 6px 7px;
    border: none; border-bottom: 1px solid {t.border};
}}
QTableView#questions {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px;
    selection-background-color: transparent; outline: none;
}}
QProgressBar {{
    background: {t.border}; border: none; border-radius: 4px; height: 8px; text-align: center;
}}
QProgressBar::chunk {{ background: {t.accent}; border-radius: 4px; }}
QCheckBox {{ spacing: 8px; padding: 3px 0; }}
/* Fusion outlines a box in the window colour made darker, which vanishes on a dark window. */
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1px solid {check_border}; border-radius: 4px;
    background: {t.surface};
}}
QCheckBox::indicator:hover {{ border-color: {t.accent}; }}
QCheckBox::indicator:checked {{
    background: {t.accent}; border-color: {t.accent}; image: url("{icons}/check-{t.name}.svg");
}}
QCheckBox::indicator:disabled {{ background: {t.window}; border-color: {t.border}; }}
/* The same for a radio button's circle; checked, an accent ring round an accent dot. */
QRadioButton {{ spacing: 8px; }}
QRadioButton::indicator {{
    width: 12px; height: 12px; border: 1px solid {check_border}; border-radius: 7px;
    background: {t.surface};
}}
QRadioButton::indicator:hover {{ border-color: {t.accent}; }}
QRadioButton::indicator:checked {{
    border: 4px solid {t.accent}; width: 6px; height: 6px; background: {t.surface};
}}
QRadioButton::indicator:disabled {{ background: {t.window}; border-color: {t.border}; }}
/* Keyboard focus: a 2 px ring in the accent, wider than the 1 px hover border so the two
   never look alike; padding gives the pixel back so nothing moves. */
QPushButton:focus {{ border: 2px solid {t.accent}; padding: 6px 13px; }}
QPushButton#chip:focus {{ padding: 4px 9px; }}
QToolButton#filter:focus {{ border: 2px solid {t.accent}; padding: 5px 21px 5px 9px; }}
QTextBrowser:focus, QListView:focus, QTableView#questions:focus, QTreeView:focus {{
    border: 2px solid {t.accent};
}}
/* Filled buttons (the accent behind white text) take a white ring: an accent ring would not
   show on the accent. */
QPushButton#primary:focus, QPushButton#chip:checked:focus {{
    border: 2px solid #ffffff; background: {focus_fill};
}}
QCheckBox:focus, QRadioButton:focus {{ color: {t.accent}; }}
QCheckBox::indicator:focus {{ border: 2px solid {t.accent}; }}
/* A radio button keeps Fusion's round indicator; its focus is a ring around the whole choice
   (a transparent one is always there, so taking focus moves nothing). */
QRadioButton {{ border: 2px solid transparent; border-radius: 4px; padding: 1px 4px; }}
QRadioButton:focus {{ border-color: {t.accent}; }}
/* A page that scrolls takes focus (so PageDown reaches it) and shows it. */
QScrollArea:focus {{ border-color: {t.accent}; }}
/* A scroll thumb that can be seen on the white page: Fusion's is light grey on white. */
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
QScrollBar::handle:vertical {{
    background: {scroll_thumb}; border-radius: 5px; min-height: 32px; margin: 2px;
}}
QScrollBar::handle:vertical:hover {{ background: {t.muted}; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
QScrollBar::handle:horizontal {{
    background: {scroll_thumb}; border-radius: 5px; min-width: 32px; margin: 2px;
}}
QScrollBar::handle:horizontal:hover {{ background: {t.muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
QSplitter::handle {{ background: transparent; }}
QStatusBar {{ color: {t.muted}; }}
/* The transparent border keeps room for the focus ring: a border only in the focus state
   would be covered by the page, which Qt lays out inside the normal state's frame. */
QScrollArea {{ border: 2px solid transparent; border-radius: 6px; background: transparent; }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; padding: 4px; }}
/* Dialog buttons are words only: the platform's clip-art (an OK hand, a floppy disk, a red X)
   clashed with the flat look, and dark-on-dark in the dark theme (gui.md 27). */
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
"""
