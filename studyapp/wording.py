"""Small helpers for the counts the screens spell out in words."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """'1 day', '3 days': English plurals of the regular words the screens count."""
    return f"{count} {word}{'' if count == 1 else 's'}"
