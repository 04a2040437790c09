"""How an answer was said: pace, filler words, long pauses and time against a limit.

Pure functions over a transcript's timed words, so they are tested without any speech engine.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.voice.engine import Word

# Hesitations always count; "like", "so" and "basically" only where they stand on their own
# (between commas or at a sentence start), since "a nonlinearity like ReLU" is content.
ALWAYS_FILLERS = ("um", "umm", "uh", "uhh", "er", "erm", "hmm", "you know", "i mean")
LOOSE_FILLERS = ("like", "so", "basically", "actually", "sort of", "kind of")
LONG_PAUSE_S = 2.0
_TOKEN = re.compile(r"[a-z']+|[,.;:!?]")


@dataclass(frozen=True)
class Delivery:
    words: int
    seconds: float  # from the first word to the last
    words_per_minute: float
    fillers: dict[str, int]
    long_pauses: tuple[tuple[float, float], ...]  # (start, length) of each silence >= 2 s
    over_limit: float  # seconds past the mock-interview limit (0 when within it or none)

    @property
    def filler_count(self) -> int:
        return sum(self.fillers.values())


def count_fillers(text: str) -> dict[str, int]:
    tokens = _TOKEN.findall(text.lower())
    found: Counter[str] = Counter()
    index = 0
    while index < len(tokens):
        matched = False
        for filler in (*ALWAYS_FILLERS, *LOOSE_FILLERS):
            parts = filler.split()
            if tokens[index : index + len(parts)] != parts:
                continue
            if filler in LOOSE_FILLERS:
                before = tokens[index - 1] if index else "."
                after = tokens[index + len(parts)] if index + len(parts) < len(tokens) else "."
                if before not in ",.;:!?" or after != ",":
                    continue  # only set off by punctuation: "so, ..." or ", like, "
            found[filler] += 1
            index += len(parts)
            matched = True
            break
        if not matched:
            index += 1
    return dict(found)


def measure(
    text: str, words: Sequence[Word], duration: float, limit: float | None = None
) -> Delivery:
    """Delivery figures for one spoken answer; `limit` is the mock-interview time in seconds."""
    spoken = [w for w in words if w.text.strip(" ,.;:!?")]
    seconds = max(0.0, spoken[-1].end - spoken[0].start) if spoken else duration
    count = len(spoken) if spoken else len(text.split())
    pace = count / (seconds / 60) if seconds > 0 else 0.0
    pauses = tuple(
        (round(a.end, 2), round(b.start - a.end, 2))
        for a, b in itertools.pairwise(spoken)
        if b.start - a.end >= LONG_PAUSE_S
    )
    over = max(0.0, duration - limit) if limit else 0.0
    return Delivery(count, round(seconds, 2), round(pace, 1), count_fillers(text), pauses, over)


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def describe(figures: dict[str, object], duration: float, limit: float | None = None) -> str:
    """One line a learner reads after a spoken answer, from the figures as the review log
    keeps them (so the card and the session summary say the same)."""
    pace = figures.get("words_per_minute")
    fillers = figures.get("fillers")
    pauses = figures.get("long_pauses")
    parts = []
    if isinstance(pace, int | float) and pace > 0:
        verdict = " (fast)" if pace > 170 else " (slow)" if pace < 100 else ""
        parts.append(f"{pace:.0f} words a minute{verdict}")
    if isinstance(fillers, dict):
        count = sum(n for n in fillers.values() if isinstance(n, int))
        named = ", ".join(f"“{word}” ×{n}" for word, n in fillers.items())
        listed = f" ({named})" if named else ""
        parts.append(f"{count} filler{'s' if count != 1 else ''}{listed}")
    if isinstance(pauses, list):
        parts.append(f"{len(pauses)} pause{'s' if len(pauses) != 1 else ''} of 2 s or more")
    if limit:
        over = duration - limit
        timing = f"{_clock(duration)} of {_clock(limit)}"
        parts.append(f"{timing}, {_clock(over)} over" if over > 0 else timing)
    else:
        parts.append(f"{_clock(duration)} spoken")
    return "  ·  ".join(parts)
