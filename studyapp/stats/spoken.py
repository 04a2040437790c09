"""The session summary's line on spoken answers: how many, their pace, fillers, long pauses
and answers past the mock-interview limit, from the figures each review keeps (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from studyapp.domain import Review
from studyapp.wording import plural


def _figures(review: Review) -> dict[str, object] | None:
    try:
        figures = json.loads(review.delivery or "")
    except ValueError:  # damaged or absent: that answer is left out, the rest still count
        return None
    return figures if isinstance(figures, dict) else None


def spoken_summary(reviews: Sequence[Review], limit_s: float | None = None) -> str | None:
    """None when no answer of the session was spoken."""
    spoken = [f for r in reviews if r.transcript and (f := _figures(r)) is not None]
    if not spoken:
        return None
    paces = [p for f in spoken if isinstance(p := f.get("words_per_minute"), int | float) and p]
    fillers = sum(
        sum(n for n in found.values() if isinstance(n, int))
        for f in spoken
        if isinstance(found := f.get("fillers"), dict)
    )
    pauses = sum(len(p) for f in spoken if isinstance(p := f.get("long_pauses"), list))
    parts = [f"{plural(len(spoken), 'spoken answer')}"]
    if paces:
        parts.append(f"{sum(paces) / len(paces):.0f} words a minute on average")
    parts.append(plural(fillers, "filler"))
    parts.append(f"{plural(pauses, 'pause')} of 2 s or more")
    if limit_s:
        over = sum(
            1 for f in spoken if isinstance(d := f.get("duration"), int | float) and d > limit_s
        )
        parts.append(f"{over} over the {int(limit_s) // 60}:{int(limit_s) % 60:02d} limit")
    return "Delivery: " + "  ·  ".join(parts)
