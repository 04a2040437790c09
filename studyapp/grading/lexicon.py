"""The field's shared vocabulary: abbreviations and synonyms the checker treats as one term.

It lives in ONE file, `content/lexicon.yaml` (a canonical term and the ways people write it),
read by the checker and checked by the content validator. The same mapping is applied to the
answer and to the rules, so `BN`, `batchnorm` and `batch normalisation` all read as
`batch normalization` on both sides, and an author's rule never has to list them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from studyapp.grading.text import RawWord, american, raw_words, singular, stem
from studyapp.paths import content_dir

LEXICON_FILE = "lexicon.yaml"
_PLURAL_ABBREVIATION = 6  # `nns`, `rnns`, `lstms`: an abbreviation and an s


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word after the lexicon: what it reads as, and the span it came from. `written` is
    the word as typed when the lexicon replaced it (a rule's `cost*` still finds "costs"
    that now reads as `loss`)."""

    surface: str
    key: str
    start: int
    end: int
    written: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Variant phrases (as `singular` word tuples) -> canonical words."""

    variants: Mapping[tuple[str, ...], tuple[str, ...]]
    longest: int
    starts: frozenset[str] = frozenset()  # first words of the variants

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", frozenset(key[0] for key in self.variants))

    def apply(self, words: Sequence[RawWord]) -> list[tuple[int, Term]]:
        """Each word, or run of words, replaced by its canonical term(s); every output word
        carries the index of the first raw word it came from and the whole run's span."""
        out: list[tuple[int, Term]] = []
        keys = [singular(word.text) for word in words]
        starts = self.starts
        index = 0
        while index < len(words):
            found = 0
            if keys[index] not in starts and not words[index].text.endswith("s"):
                longest = 0  # no variant starts with this word
            else:
                longest = min(self.longest, len(words) - index)
            for length in range(longest, 0, -1):
                canonical = self.variants.get(tuple(keys[index : index + length]))
                if canonical is None and length == 1:
                    canonical = self._plural(words[index].text)
                if canonical is not None:
                    start, end = words[index].start, words[index + length - 1].end
                    written = "".join(word.text for word in words[index : index + length])
                    for canonical_word in canonical:
                        term = Term(canonical_word, stem(canonical_word), start, end, written)
                        out.append((index, term))
                    found = length
                    break
            if not found:
                word = words[index]
                surface = american(word.text)
                out.append((index, Term(surface, stem(word.text), word.start, word.end)))
                found = 1
            index += found
        return out

    def _plural(self, word: str) -> tuple[str, ...] | None:
        if len(word) <= _PLURAL_ABBREVIATION and word.endswith("s") and len(word) > 2:
            return self.variants.get((singular(word[:-1]),))
        return None

    def vocabulary(self) -> set[str]:
        """Every stem the lexicon knows, canonical or variant."""
        known = {stem(key) for variant in self.variants for key in variant}
        known |= {stem(word) for words in self.variants.values() for word in words}
        return known


def parse_lexicon(data: object) -> Lexicon:
    """Build a lexicon from the YAML mapping `canonical: [variants]`, refusing a variant that
    two entries claim, or one that is itself another entry's canonical term."""
    if not isinstance(data, dict) or not isinstance(data.get("terms"), dict):
        raise LexiconError("the lexicon needs a 'terms' mapping of canonical term: [variants]")
    terms: dict[str, object] = data["terms"]
    canonical_keys: dict[tuple[str, ...], str] = {}
    for canonical in terms:
        if not isinstance(canonical, str) or not raw_words(canonical):
            raise LexiconError(f"canonical term {canonical!r} has no words")
        canonical_keys[_keys(canonical)] = canonical
    variants: dict[tuple[str, ...], tuple[str, ...]] = {}
    claimed: dict[tuple[str, ...], str] = {}
    for canonical, listed in terms.items():
        if (
            not isinstance(listed, list)
            or not listed
            or not all(isinstance(v, str) and raw_words(v) for v in listed)
        ):
            raise LexiconError(f"'{canonical}' needs a list of variant words")
        words = tuple(word.text for word in raw_words(canonical))
        for variant in listed:
            key = _keys(variant)
            if key == _keys(canonical):
                continue  # the same term written another way (a hyphen, a capital)
            if key in canonical_keys:
                raise LexiconError(
                    f"'{variant}' (under '{canonical}') is itself the term "
                    f"'{canonical_keys[key]}'; list its variants there"
                )
            if key in claimed and claimed[key] != canonical:
                raise LexiconError(
                    f"'{variant}' is listed under '{claimed[key]}' and '{canonical}'"
                )
            claimed[key] = canonical
            variants[key] = words
    longest = max((len(key) for key in variants), default=1)
    # A canonical term reads as the answer's own words would ("maximum likelihood" holds the
    # variant "maximum" of "max"), so `MLE` and "maximum likelihood" meet.
    plain = Lexicon(variants, longest)
    settled = {
        key: tuple(term.surface for _, term in plain.apply(raw_words(" ".join(words))))
        for key, words in variants.items()
    }
    return Lexicon(settled, longest)


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(singular(word.text) for word in raw_words(phrase))


def load_lexicon(path: Path) -> Lexicon:
    """Read and check a lexicon file; a problem raises LexiconError naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"cannot read {path}: {error}") from None
    return parse_lexicon(data)


@lru_cache(maxsize=4)
def shipped_lexicon(root: Path | None = None) -> Lexicon:
    """The lexicon of a content folder, read once; the shipped one when the folder has none
    (a test fixture, a learner's own pack: the field's words are the same)."""
    path = (root or content_dir()) / LEXICON_FILE
    return load_lexicon(path if path.is_file() else content_dir() / LEXICON_FILE)


def lexicon_problems(root: Path) -> list[str]:
    """What the validator reports about `content/lexicon.yaml`: nothing when it is usable. A
    content folder without one (a learner's pack, a test fixture) is graded with the shipped
    lexicon, so only the shipped folder must have it."""
    path = root / LEXICON_FILE
    if not path.is_file() and root.resolve() != content_dir().resolve():
        return []
    try:
        load_lexicon(path)
    except LexiconError as error:
        return [str(error)]
    return []
