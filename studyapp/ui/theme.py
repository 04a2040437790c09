"""Light and dark looks: a QPalette plus one generated style sheet for both."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from studyapp.content.theme import DARK, LIGHT, Theme


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
        QPalette.ColorRole.Highlight: theme.accent,
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


def style_sheet(t: Theme) -> str:
    sidebar = "#10141a" if t.dark else "#1f2937"
    return f"""
QMainWindow, QWidget#page {{ background: {t.window}; }}
QWidget#sidebar {{ background: {sidebar}; }}
QLabel#brand {{ color: #ffffff; font-size: 17px; font-weight: 700; padding: 18px 16px 14px 18px; }}
QToolButton#nav {{
    color: #cbd5e1; background: transparent; border: none; border-radius: 8px;
    padding: 9px 12px; margin: 2px 10px; font-size: 14px; text-align: left;
}}
QToolButton#nav:hover {{ background: rgba(255,255,255,0.08); color: #ffffff; }}
QToolButton#nav:checked {{ background: {t.accent}; color: #ffffff; font-weight: 600; }}
QLabel#navhint {{ color: #64748b; font-size: 11px; padding: 10px 18px; }}
QFrame#card {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px; }}
QLabel#h1 {{ font-size: 22px; font-weight: 700; }}
QLabel#h2 {{ font-size: 16px; font-weight: 600; }}
QLabel#muted {{ color: {t.muted}; }}
QLabel#statvalue {{ font-size: 26px; font-weight: 700; }}
QLabel#statlabel {{ color: {t.muted}; font-size: 12px; }}
QLabel#badge {{
    background: {t.accent_soft}; color: {t.accent}; border-radius: 9px;
    padding: 2px 9px; font-size: 12px; font-weight: 600;
}}
QLabel#questiontitle {{ font-size: 21px; font-weight: 600; }}
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 7px; padding: 6px 8px;
    selection-background-color: {t.accent};
}}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QPlainTextEdit:focus {{
    border-color: {t.accent};
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
QPushButton#chip:checked {{ background: {t.accent}; color: #ffffff; border-color: {t.accent}; }}
QPushButton#primary {{ background: {t.accent}; color: #ffffff; border: none; font-weight: 600; }}
QPushButton#primary:hover {{ background: {t.accent}; border: 1px solid {t.text}; }}
QListView, QListWidget, QTextBrowser {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 10px;
}}
QListView::item, QListWidget::item {{ padding: 8px 6px; border-bottom: 1px solid {t.border}; }}
QListView::item:selected, QListWidget::item:selected {{
    background: {t.accent_soft}; color: {t.text};
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
QSplitter::handle {{ background: transparent; }}
QStatusBar {{ color: {t.muted}; }}
QScrollArea {{ border: none; background: transparent; }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; padding: 4px; }}
"""
