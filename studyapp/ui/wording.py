"""Small helpers for the counts the screens spell out in words (kept in the core, so the
dashboard advice can use them too)."""

from studyapp.wording import percent_down, plural

__all__ = ["percent_down", "plural"]
