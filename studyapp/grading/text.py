"""Answer text as the checker reads it: words with their place in the text, sentence and clause.

Everything here is about reading, not judging: lower-casing, splitting formulas into words
(`relu(W x + b)` -> relu w x b), spelling out contractions (`doesn't` -> does not), British
spellings (`normalisation` -> normalization), stems, and where sentences, clauses and lists
start and end. Each word keeps the character span it came from, so evidence can point into
the answer exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# A word: letters and digits (any script, so σ and η are words), a decimal number as one word,
# apostrophes kept inside (don't, it's). Everything else (operators, brackets, underscores,
# slashes) only separates words, which is how a formula becomes its words.
_WORD = re.compile(r"\d+(?:\.\d+)+|[^\W_]+(?:['’][^\W_]+)*")
# Sentence ends: . ! ? ; followed by space or the end (a semicolon joins two statements),
# a blank line, a line starting a bullet.
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n\s*\n|\n\s*(?:[-*•]|\d+[.)])\s")
# Clause ends inside a sentence: punctuation that separates statements.
_CLAUSE_PUNCT = re.compile(r"[,:()\[\]]|\s[-–—]\s|[–—]")
_LIST_PUNCT = re.compile(r"[,;/]")
# Words that start a new clause: a negation before them does not reach past them.
CLAUSE_WORDS = frozenset(
    [
        "but",
        "whereas",
        "although",
        "though",
        "however",
        "because",
        "since",
        "so",
        "which",
        "instead",
        "rather",
        "yet",
        "unlike",
        "whilst",
        "thus",
        "hence",
        "therefore",
    ]
)
NEGATIONS = frozenset(
    ["not", "no", "never", "without", "none", "nor", "neither", "nothing", "cannot", "hardly"]
)
# Phrases that contain a negation word but do not negate ("not only ... but also").
_NOT_NEGATING = (("not", "only"), ("not", "just"), ("no", "matter"), ("or", "not"))
_IRREGULAR_NOT = {"can": "can", "won": "will", "shan": "shall", "ain": "is", "don": "do"}
# Contractions typed without their apostrophe, as people type fast ("doesnt", "isnt").
_BARE_NOT = {
    word: (base, "not")
    for word, base in {
        "dont": "do",
        "doesnt": "does",
        "didnt": "did",
        "isnt": "is",
        "arent": "are",
        "wasnt": "was",
        "werent": "were",
        "cant": "can",
        "wont": "will",
        "wouldnt": "would",
        "shouldnt": "should",
        "couldnt": "could",
        "hasnt": "has",
        "havent": "have",
        "hadnt": "had",
        "mustnt": "must",
        "cannot": "can",
    }.items()
}

_STEMMER = snowballstemmer.stemmer("english")
_BRITISH_IZ = re.compile(r"(?<=.{3})is(e|es|ed|ing|ation|ations|er|ers|able)$")
_BRITISH_OUR = re.compile(r"(?<=.{4})our(s|ed|ing)?$")


@lru_cache(maxsize=65536)
def american(word: str) -> str:
    """British -ise/-isation/-our spellings as American ones (both sides of every match)."""
    if len(word) >= 6:
        word = _BRITISH_IZ.sub(r"iz\1", word)
        word = _BRITISH_OUR.sub(r"or\1", word)
    return word


# Forms of the auxiliaries, which the stemmer leaves apart, so "does not need" in a rule meets
# "don't need" and "is not used" meets "aren't used".
_AUXILIARIES = {
    **dict.fromkeys(("does", "did", "doing", "done"), "do"),
    **dict.fromkeys(("is", "are", "was", "were", "been", "being", "am"), "be"),
    **dict.fromkeys(("has", "had", "having"), "have"),
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter2) stem of a lower-case word, after British spellings are mapped
    to American ones so `regularise` and `regularize` meet."""
    auxiliary = _AUXILIARIES.get(word)
    if auxiliary is not None:
        return auxiliary
    result: str = _STEMMER.stemWord(american(word))
    return result


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A lighter normal form than the stem, for lexicon look-ups: American spelling and no
    plural `s`, so `costs` is `cost` but `costly` stays itself (its stem would be `cost`)."""
    word = american(word)
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class RawWord:
    """A word as written (lower-case, contraction spelled out), with its span in the text."""

    text: str
    start: int
    end: int


def raw_words(text: str) -> list[RawWord]:
    """The words of `text`, lower-cased; `isn't` gives `is` and `not` on the same span."""
    words: list[RawWord] = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower().replace("’", "'")
        start, end = match.span()
        if "'" in word:
            head, _, tail = word.rpartition("'")
            if tail == "t" and head.endswith("n"):
                base = head[:-1]
                words.append(RawWord(_IRREGULAR_NOT.get(base, base), start, end))
                words.append(RawWord("not", start, end))
                continue
            if tail in {"s", "re", "ve", "ll", "d", "m"}:
                word = head
        bare = _BARE_NOT.get(word)
        if bare is not None:
            words.append(RawWord(bare[0], start, end))
            word = bare[1]
        words.append(RawWord(word, start, end))
    return words


def sentence_bounds(text: str) -> list[int]:
    """Character offsets where a new sentence starts (after the first)."""
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def clause_breaks(text: str, words: list[RawWord]) -> list[bool]:
    """For each word, whether a new clause starts at it (punctuation or a clause word before)."""
    breaks: list[bool] = []
    previous_end = 0
    for word in words:
        gap = text[previous_end : word.start]
        breaks.append(bool(_CLAUSE_PUNCT.search(gap)) or word.text in CLAUSE_WORDS)
        previous_end = word.end
    return breaks


def negators(words: list[RawWord]) -> list[bool]:
    """Which words negate what follows them in their clause."""
    flags = [word.text in NEGATIONS for word in words]
    for index, word in enumerate(words):
        if not flags[index] and word.text != "or":
            continue
        following = words[index + 1].text if index + 1 < len(words) else ""
        for first, second in _NOT_NEGATING:
            if word.text == first and following == second:
                flags[index] = False
                if first == "or":
                    flags[index + 1] = False  # whether or not
    return flags


def list_gaps(text: str, start: int, end: int) -> int:
    """How many list separators (, ; /) a stretch of text holds."""
    return len(_LIST_PUNCT.findall(text, start, end))
