"""Suggestions from a typed answer: words in, ticks and a rating out."""

from __future__ import annotations

import pytest

from studyapp.domain import Rating
from studyapp.scheduling.suggest import important_words, stem, suggest_rating, suggest_ticks

SOFTMAX_POINTS = (
    "Turns logits into probabilities that sum to one",
    "Uses exponentials so larger logits get larger shares",
    "Subtracts the maximum logit for numerical stability",
    "Pairs with cross-entropy loss for classification",
)


def test_a_typed_answer_ticks_the_points_it_covers() -> None:
    typed = (
        "Softmax turns logits into probabilities that sum to one; subtract the maximum logit "
        "for numerical stability."
    )
    assert suggest_ticks(SOFTMAX_POINTS, typed) == (0, 2)


def test_word_forms_match_through_the_stem() -> None:
    # "exponential", "larger", "share" and "logit" in other forms still count.
    typed = "An exponential makes a large logit get a larger share."
    assert suggest_ticks(SOFTMAX_POINTS, typed) == (1,)
    assert stem("gradients") == stem("gradient") == "gradient"
    assert stem("normalization") == stem("normalisation") == "normal"


def test_nothing_typed_or_only_filler_ticks_nothing() -> None:
    assert suggest_ticks(SOFTMAX_POINTS, "") == ()
    assert suggest_ticks(SOFTMAX_POINTS, "   \n ") == ()
    assert suggest_ticks(SOFTMAX_POINTS, "it is the one that we use for this and that") == ()


def test_filler_and_numbers_are_not_important_words() -> None:
    words = important_words("Explains why L2 weight decay (2017) shrinks the weights, e.g. AdamW")
    assert words == {"l2", "weight", "decay", "shrink", "adamw"}


def test_hyphenated_terms_count_by_their_parts() -> None:
    points = ("Pairs with cross-entropy loss",)
    assert suggest_ticks(points, "use the cross entropy loss") == (0,)
    assert suggest_ticks(points, "entropy") == ()  # 1 of 3 words is not enough


def test_half_of_the_important_words_is_the_bar() -> None:
    points = ("batch normalization stabilises training",)  # batch, normal, stabilis, train
    assert suggest_ticks(points, "batch normalization") == (0,)  # 2 of 4
    assert suggest_ticks(points, "batch") == ()  # 1 of 4


@pytest.mark.parametrize(
    ("covered", "total", "rating"),
    [
        (0, 6, Rating.AGAIN),
        (1, 6, Rating.AGAIN),
        (2, 6, Rating.HARD),
        (3, 6, Rating.HARD),
        (4, 6, Rating.GOOD),
        (5, 6, Rating.GOOD),
        (6, 6, Rating.EASY),
        (2, 4, Rating.HARD),
        (3, 4, Rating.GOOD),
        (0, 0, Rating.GOOD),
    ],
)
def test_suggested_rating_follows_the_share_covered(
    covered: int, total: int, rating: Rating
) -> None:
    assert suggest_rating(covered, total) == rating
