"""The reading pane when nothing matches: which word found nothing, and a way back."""

from __future__ import annotations

import html

from studyapp.services.browse import NoMatch

CLEAR_SEARCH = "browse:clear-search"
CLEAR_FILTERS = "browse:clear-filters"


def _questions(count: int) -> str:
    return f"{count} question{'s' if count != 1 else ''}"


def no_match_html(why: NoMatch) -> str:
    lines = []
    missing = [term for term, count in why.terms if count == 0]
    if missing:
        words = ", ".join(f"“{html.escape(term)}”" for term in missing)
        lines.append(f"No question contains {words}. Check the spelling or try another word.")
    elif len(why.terms) > 1:
        found = ", ".join(f"“{html.escape(t)}” is in {_questions(c)}" for t, c in why.terms)
        lines.append(f"No question holds all of these words at once: {found}.")
    if why.filtered and why.search_alone:
        lines.append(
            f"The search alone matches {_questions(why.search_alone)}; the filters hide them."
        )
    elif why.filtered and not why.terms:
        lines.append("No question has every property the filters ask for.")
    actions = []
    if why.terms:
        actions.append(f"<a href='{CLEAR_SEARCH}'>Clear the search</a> (Esc)")
    if why.filtered:
        actions.append(f"<a href='{CLEAR_FILTERS}'>Clear the filters</a>")
    body = "".join(f"<p>{line}</p>" for line in lines)
    return f"{body}<p>{' · '.join(actions)}</p>"
