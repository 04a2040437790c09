"""One answer read once: its terms (after the lexicon), which unit (sentence or list item) and
clause each sits in, and which negations reach it. Rules are then matched against this.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median

from studyapp.grading.lexicon import Lexicon
from studyapp.grading.text import (
    RawWord,
    clause_breaks,
    list_gaps,
    negators,
    raw_words,
    sentence_bounds,
    stem,
)

# A sentence of at least this many comma-separated items, most of them a word or two, is a list
# of terms ("backprop, chain rule, gradients, SGD"): each item then counts as a sentence of its
# own, so naming terms side by side never states a relation between them.
LIST_ITEMS = 3
LIST_ITEM_WORDS = 2
# Items joined by `and` / `or` make a list only when there are many of them: "weights and
# biases are learned, and gradients flow" is a sentence.
AND_LIST_ITEMS = 5
AND_ITEM_WORDS = 3  # ... and every one of them short
_JOINERS = frozenset({"and", "or"})
# A run of at least this many words without one function word ("query key value softmax
# multi head transformer bert gpt") is a list even with no commas: each word stands alone.
BARE_RUN = 8
_FORMULA = re.compile(r"[=^/()_*+<>]")  # a formula has no function words either
_FUNCTION_WORD_TEXT = """the a an is are was were be been being it its this that these those to of
    in on for
    with by as at from and or but so because which who we you they i he she there their our
    your my can will would should could do does did has have had not no than then when if
    into over under between more less most very also just only each every all any some how
    why what where while"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORD_TEXT.split())
FORWARD_ONLY = "without"


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    key: str
    start: int
    end: int
    raw: int  # index of the written word it came from
    written: str  # the word as written, where the lexicon replaced it; else empty
    unit: int  # sentence, or list item, it belongs to
    negated_by: tuple[int, ...]  # raw indices of the negations whose scope holds it


@dataclass
class Analysis:
    text: str
    tokens: list[Token]
    by_key: dict[str, list[int]] = field(default_factory=dict)
    by_surface: dict[str, list[int]] = field(default_factory=dict)
    # Two neighbouring written words closed up into one (`sub-network`, `sub network` ->
    # `subnetwork`), by stem and by surface, at the first word's index.
    joined: dict[str, list[int]] = field(default_factory=dict)
    joined_surfaces: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_key: defaultdict[str, list[int]] = defaultdict(list)
        by_surface: defaultdict[str, list[int]] = defaultdict(list)
        joined: defaultdict[str, list[int]] = defaultdict(list)
        joined_surfaces: defaultdict[str, list[int]] = defaultdict(list)
        tokens = self.tokens
        for index, token in enumerate(tokens):
            by_key[token.key].append(index)
            by_surface[token.surface].append(index)
            if token.written:
                by_surface[token.written].append(index)
            after = tokens[index + 1] if index + 1 < len(tokens) else None
            if (
                after is not None
                and after.raw == token.raw + 1
                and after.unit == token.unit
                and token.surface.isalpha()
                and after.surface.isalpha()
            ):
                closed = token.surface + after.surface
                joined[stem(closed)].append(index)
                joined_surfaces[closed].append(index)
        self.by_key = dict(by_key)
        self.by_surface = dict(by_surface)
        self.joined = dict(joined)
        self.joined_surfaces = dict(joined_surfaces)


def analyse(text: str, lexicon: Lexicon) -> Analysis:
    """Read `text` into terms with their units and negation scopes."""
    words = raw_words(text)
    units = _units(text, words)
    negated = _negation_scopes(text, words, units)
    tokens = [
        Token(
            term.surface,
            term.key,
            term.start,
            term.end,
            raw,
            term.written,
            units[raw],
            negated[raw],
        )
        for raw, term in lexicon.apply(words)
    ]
    return Analysis(text, tokens)


def _units(text: str, words: list[RawWord]) -> list[int]:
    """The sentence of each word, with a list sentence cut into its items."""
    bounds = sentence_bounds(text)
    sentence_of = [bisect_right(bounds, word.start) for word in words]
    units: list[int] = []
    unit = -1
    index = 0
    while index < len(words):
        end = index
        while end < len(words) and sentence_of[end] == sentence_of[index]:
            end += 1
        items = _items(text, words, index, end)
        joined = _items(text, words, index, end, cut_at_and=True)
        sizes_joined = _sizes(words, index, joined, count_joiners=False)
        listed = len(sizes_joined) >= AND_LIST_ITEMS and max(sizes_joined) <= AND_ITEM_WORDS
        if listed:
            items = joined  # "backprop and chain rule and gradients and sgd and ..."
        if (
            end - index >= BARE_RUN
            and not any(words[i].text in FUNCTION_WORDS for i in range(index, end))
            and not _FORMULA.search(text, words[index].start, words[end - 1].end)
        ):
            items = list(range(end - index))
        sizes = _sizes(words, index, items)
        if listed or (len(sizes) >= LIST_ITEMS and median(sizes) <= LIST_ITEM_WORDS):
            units.extend(unit + 1 + item for item in items)
            unit = units[-1]
        else:
            unit += 1
            units.extend([unit] * (end - index))
        index = end
    return units


def _sizes(
    words: list[RawWord], start: int, items: list[int], count_joiners: bool = True
) -> list[int]:
    """Words per item, with or without the `and` / `or` that joins it to the one before."""
    sizes = Counter(
        item
        for offset, item in enumerate(items)
        if count_joiners or words[start + offset].text not in _JOINERS
    )
    return list(sizes.values()) or [0]


def _items(
    text: str, words: list[RawWord], start: int, end: int, cut_at_and: bool = False
) -> list[int]:
    """The item number of each word of a sentence, items being cut at commas, semicolons and
    slashes (and, if asked, before `and` / `or`, which then belong to the next item)."""
    items: list[int] = []
    item = 0
    for index in range(start, end):
        if index > start and (
            list_gaps(text, words[index - 1].end, words[index].start)
            or (cut_at_and and words[index].text in _JOINERS)
        ):
            item += 1
        items.append(item)
    return items


def _negation_scopes(text: str, words: list[RawWord], units: list[int]) -> list[tuple[int, ...]]:
    """For each word, the negations that reach it: every negation in its clause ('at test time
    dropout is not applied' negates 'test' and 'dropout' too), except `without`, which reaches
    only the words after it ('trains deeper nets without careful init')."""
    starts = clause_breaks(text, words)
    flags = negators(words)
    clause_of: list[int] = []
    clause = -1
    for index in range(len(words)):
        if index == 0 or starts[index] or units[index] != units[index - 1]:
            clause += 1
        clause_of.append(clause)
    in_clause: dict[int, list[int]] = {}
    for index, flag in enumerate(flags):
        if flag:
            in_clause.setdefault(clause_of[index], []).append(index)
    scopes: list[tuple[int, ...]] = []
    for index in range(len(words)):
        found = in_clause.get(clause_of[index], ())
        scopes.append(tuple(n for n in found if words[n].text != FORWARD_ONLY or n < index))
    return scopes
