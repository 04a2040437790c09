"""Search over questions with SQLite FTS5: every word must match (AND), quotes match a phrase.

The index lives in an in-memory SQLite database built once at start (a few milliseconds for
the 50 questions, about a second for 5,000), so each keystroke is one indexed query instead of
a scan of every answer. Words match at their start, as people expect while typing: `drop`
finds "dropout", `norm` finds "normalization". Titles weigh most in the ranking (bm25), so a
query like `dropout` lists the two dropout questions before answers that merely mention it.

Notes change while the app runs, so they sit in their own column, updated in place.

A word that starts no indexed word at all is most likely a typo ("attenton"): `correct` offers
the closest indexed word instead (edit distance with transpositions, from rapidfuzz), so the
browser can show its results and say what it searched for.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections.abc import Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from studyapp.domain import Question

_TERMS = re.compile(r'"([^"]*)"?|(\S+)')
# What FTS5's unicode61 tokenizer treats as one token: letters and digits (not "_").
_TOKEN = re.compile(r"[^\W_]+")
# Column weights for bm25: a title match counts ten times a match deep in an answer.
_WEIGHTS = (10.0, 1.0, 2.0)
# A typed word shorter than this is never corrected (too many words lie one edit away).
_MIN_TYPO_LENGTH = 4
_LONG_WORD = 7  # from this length two edits are allowed, below it one


def typo_budget(word: str) -> int:
    """Edits a typed word may be away from the word meant: 0 for short words and numbers."""
    if len(word) < _MIN_TYPO_LENGTH or not word.isalpha():
        return 0
    return 2 if len(word) >= _LONG_WORD else 1


def parse_query(query: str) -> list[str]:
    """Terms of a query, lowercased: words, and phrases given in double quotes.

    An unclosed quote (the user is still typing the phrase) counts as a phrase to the end.
    """
    terms = []
    for phrase, word in _TERMS.findall(query.lower()):
        term = " ".join((phrase or word).replace('"', " ").split())
        if term and _TOKEN.search(term):
            terms.append(term)
    return terms


def term_tokens(term: str) -> list[str]:
    return _TOKEN.findall(term.lower())


def match_pattern(terms: Sequence[str]) -> str:
    """One regular expression (Python `re` and Qt's PCRE2 alike) for what the terms match:
    each term at the start of a word, a phrase's words separated by any punctuation or space.
    Matching is meant to be case-insensitive. Empty when there is nothing to highlight."""
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        tokens = term_tokens(term)
        if tokens:
            parts.append(r"\b" + r"[\W_]+".join(re.escape(t) for t in tokens))
    return "|".join(parts)


def highlight_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """Start and end of every match of the terms in `text`, in order, not overlapping."""
    pattern = match_pattern(terms)
    if not pattern:
        return []
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE) if m.end() > m.start()]


def _fts_query(terms: Sequence[str]) -> str:
    """FTS5 query text: each term a quoted phrase with a prefix star, joined with AND.

    Tokens hold only letters and digits, so quoting them needs no escaping and no user input
    can reach FTS5's own syntax (AND, NEAR, column filters...)."""
    phrases = []
    for term in terms:
        tokens = term_tokens(term)
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"*')
    return " AND ".join(phrases)


def _body(question: Question) -> str:
    return "\n".join(
        [
            "\n".join(question.asked_as),  # a learner searches in the words interviewers use
            question.short_answer,
            question.detailed_answer,
            question.common_mistakes,
            "\n".join(question.key_points),
            " ".join(question.tags),
            "\n".join(f"{f.question}\n{f.answer}" for f in question.follow_ups),
        ]
    )


class SearchIndex:
    """Full-text index of the questions and the user's notes."""

    def __init__(self, questions: Sequence[Question], notes: Mapping[int, str] | None = None):
        self._order = [q.id for q in questions]
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5("
            "title, body, notes, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
        )
        self._db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, row)")
        self._words: list[str] | None = None  # every indexed word, sorted; None: re-read
        self._frequency: dict[str, int] = {}
        notes = notes or {}
        with self._db:
            self._db.executemany(
                "INSERT INTO docs (rowid, title, body, notes) VALUES (?, ?, ?, ?)",
                ((q.id, q.title, _body(q), notes.get(q.id, "")) for q in questions),
            )

    def set_note(self, question_id: int, text: str) -> None:
        with self._db:
            self._db.execute("UPDATE docs SET notes = ? WHERE rowid = ?", (text, question_id))
        self._words = None  # a note may bring words of its own

    def search(self, query: str) -> list[int]:
        """Matching question ids, best match first; every id, in order, for an empty query."""
        fts = _fts_query(parse_query(query))
        if not fts:
            return list(self._order)
        rows = self._db.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, ?, ?, ?)",
            (fts, *_WEIGHTS),
        )
        return [row[0] for row in rows]

    def correct(self, query: str) -> str | None:
        """`query` with each word that starts no indexed word replaced by the closest word
        that does (fewest edits, then the commonest), or None when no word needed and found
        a correction. Phrases keep their quotes."""
        changed = False
        parts = []
        for phrase, word in _TERMS.findall(query.lower()):
            tokens = term_tokens(phrase or word)
            if not tokens:
                continue
            fixed = [self._closest(token) or token for token in tokens]
            changed = changed or fixed != tokens
            parts.append(f'"{" ".join(fixed)}"' if phrase else " ".join(fixed))
        return " ".join(parts) if changed else None

    def _closest(self, token: str) -> str | None:
        words = self._vocabulary()
        at = bisect.bisect_left(words, token)
        if at < len(words) and words[at].startswith(token):
            return None  # it starts a real word: no typo
        budget = typo_budget(token)
        if not budget:
            return None
        # Against whole words, and against their starts (a typo while still typing).
        whole = process.extract(token, words, scorer=OSA.distance, score_cutoff=budget, limit=None)
        starts = process.extract(
            token,
            [w[: len(token)] for w in words],
            scorer=OSA.distance,
            score_cutoff=budget,
            limit=None,
        )
        candidates = [(distance, 0, words[i]) for _, distance, i in whole]
        candidates += [(distance, 1, words[i]) for _, distance, i in starts]
        if not candidates:
            return None
        # Fewest edits; then a word with the same first letter (typos seldom hit it: "nrom"
        # is "norm", not "from"); a whole word before a word's start; the commonest.
        best = min(
            candidates,
            key=lambda c: (c[0], c[2][0] != token[0], c[1], -self._frequency[c[2]], c[2]),
        )
        return best[2]

    def _vocabulary(self) -> list[str]:
        if self._words is None:
            rows = self._db.execute("SELECT term, doc FROM vocab").fetchall()
            self._frequency = {term: docs for term, docs in rows}
            self._words = sorted(self._frequency)
        return self._words

    def close(self) -> None:
        self._db.close()
