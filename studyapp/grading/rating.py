"""The rating a share of covered key points implies; the learner always has the last word."""

from __future__ import annotations

from studyapp.domain import Rating


def suggest_rating(covered: int, total: int, misconception: bool = False) -> Rating:
    """Share of key points covered, as a rating: under a third is Again, under 0.6 Hard, under
    0.9 Good, else Easy. A stated misconception lowers it one step (never below Again): an
    interviewer marks down a confident wrong claim even beside right ones."""
    if total <= 0:
        return Rating.GOOD
    share = covered / total
    if share < 1 / 3:
        rating = Rating.AGAIN
    elif share < 0.6:
        rating = Rating.HARD
    elif share < 0.9:
        rating = Rating.GOOD
    else:
        rating = Rating.EASY
    if misconception and rating > Rating.AGAIN:
        return Rating(rating - 1)
    return rating
