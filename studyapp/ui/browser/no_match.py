"""The reading pane when nothing matches: which word found nothing, and a way back."""

from __future__ import annotations

import html
from collections.abc import Mapping

from studyapp.services.browse import NoMatch

CLEAR_SEARCH = "browse:clear-search"
CLEAR_FILTERS = "browse:clear-filters"
RELAX = "browse:relax:"  # followed by the filter to remove: topics, difficulties, ...


def _questions(count: int) -> str:
    return f"{count} question{'s' if count != 1 else ''}"


def no_match_html(why: NoMatch, filter_names: Mapping[str, str] | None = None) -> str:
    """`filter_names` names each filter that is set as its button does ("Level: Advanced"),
    so the pane can offer to remove the one that hides the most."""
    names = filter_names or {}
    lines = []
    missing = [term for term, count in why.terms if count == 0]
    if missing:
        words = ", ".join(f"“{html.escape(term)}”" for term in missing)
        lines.append(f"No question contains {words}. Check the spelling or try another word.")
    elif len(why.terms) > 1:
        found = ", ".join(f"“{html.escape(t)}” is in {_questions(c)}" for t, c in why.terms)
        lines.append(f"No question holds all of these words at once: {found}.")
    if why.filtered and why.terms and why.search_alone:
        none = "it does not" if why.search_alone == 1 else "none of them does"
        lines.append(
            f"The search matches {_questions(why.search_alone)}, but {none} pass every filter."
        )
    elif why.filtered and not why.terms:
        chosen = " and ".join(f"“{html.escape(names.get(k, k))}”" for k, _ in why.relax)
        lines.append(f"No question is {chosen} at once." if chosen else "No question passes.")
    offers = [
        f"<a href='{RELAX}{key}'>Remove “{html.escape(names.get(key, key))}”</a> "
        f"({_questions(count)} then)"
        for key, count in sorted(why.relax, key=lambda item: -item[1])
        if count and (why.search_alone or not why.terms)
    ]
    actions = []
    if why.terms:
        actions.append(f"<a href='{CLEAR_SEARCH}'>Clear the search</a> (Esc)")
    if why.filtered:
        again = " (Esc again)" if why.terms else " (Esc)"
        actions.append(f"<a href='{CLEAR_FILTERS}'>Clear the filters</a>{again}")
    body = "".join(f"<p>{line}</p>" for line in lines)
    body += "".join(f"<p>{offer}</p>" for offer in offers)
    return f"{body}<p>{' · '.join(actions)}</p>"
