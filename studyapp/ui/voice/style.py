"""The look of Speak mode's widgets, from the current theme."""

from __future__ import annotations

from studyapp.content.theme import Theme
from studyapp.domain import Rating


def voice_style(t: Theme) -> str:
    hard = t.ratings[Rating.HARD - 1]
    again = t.ratings[Rating.AGAIN - 1]
    return f"""
QFrame#speakbar {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; }}
QPushButton#speakbutton[recording="true"] {{
    background: {again}; color: {t.surface}; border-color: {again}; font-weight: 600;
}}
QLabel#speaktime {{ font-family: monospace; font-size: 15px; font-weight: 600; }}
QLabel#speakmessage {{ color: {t.muted}; font-size: 12px; }}
QLabel#speakmessage[problem="true"] {{
    color: {t.text}; border: 1px solid {hard}; border-left-width: 4px; border-radius: 6px;
    padding: 4px 8px;
}}
QProgressBar#levelmeter {{
    border: 1px solid {t.border}; border-radius: 4px; background: {t.window};
}}
QProgressBar#levelmeter::chunk {{ background: {t.accent}; border-radius: 3px; }}
QLabel#delivery {{ color: {t.text}; font-size: 12px; }}
"""
