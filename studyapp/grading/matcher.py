"""Rules compiled against the lexicon, and matched against an analysed answer.

A rule matches in a unit (a sentence, or one item of a list) when every group has an
alternative there that no negation reaches, a negation inside a matched alternative excepted
("not required" states a negative point). Words compare by stem; a word ending in `*` by
prefix; a long word also matches a misspelling of itself (one edit, two from ten letters)
when the answer's word is not a word the content uses anyway, so `sample` never passes for
`simple` while `gradeint` passes for `gradient`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from studyapp.grading.analysis import Analysis, Token
from studyapp.grading.lexicon import Lexicon
from studyapp.grading.rules import PREFIX_MARK, parse_rule
from studyapp.grading.text import american, raw_words, singular, stem

MAX_GAP = 2  # words a multi-word alternative may have between its words ("rate of learning")
# A prefix of three letters or fewer (`add*`, `sum*`, `win*`) takes only the endings of its
# own word's forms, so `add*` finds "added" and "addition" but not "additionally" or
# "address", and `sum*` finds "summed" but not "to summarize".
SHORT_PREFIX = 3
_ENDINGS_TEXT = """s es ed d ing er ers est ly y ies ied ion ions ation ations ition itions ive
    ure ures ture tures ment ments able ful e en ne n imum ima imal imize imizes imized imizing
    imization ise ises ised ising ize izes ized izing work works pool pooling"""
SHORT_PREFIX_ENDINGS = frozenset(_ENDINGS_TEXT.split()) | {""}
MAX_SPAN: int | None = 25  # words from a match's first word to its last
TYPO_FROM = 6  # letters a word needs before a misspelling of it counts
TWO_TYPOS_FROM = 10


@dataclass(frozen=True, slots=True)
class WordPattern:
    key: str  # stem, or the prefix for a `*` word
    prefix: bool
    typos: int  # edits tolerated


Alternative = tuple[WordPattern, ...]


@dataclass(frozen=True)
class CompiledRule:
    source: str
    groups: tuple[tuple[Alternative, ...], ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a rule matched: the unit, and the span from its first to its last matched word."""

    unit: int
    start: int
    end: int


_COMPOUND = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+\*?$")


def compile_rule(text: str, lexicon: Lexicon) -> CompiledRule:
    """A rule's groups as word patterns. In a rule of one group only its multi-word
    alternatives count (the rule language allows a one-group rule for a distinctive phrase
    that states the idea), so a single term named anywhere, in a list or alone, never covers
    a point."""
    rule = parse_rule(text)
    groups: list[tuple[Alternative, ...]] = []
    for group in rule.groups:
        alternatives: list[Alternative] = []
        for words in group:
            if len(rule.groups) == 1 and len(raw_words(" ".join(words))) < 2:
                continue  # a one-group rule credits phrases only, never a bare keyword
            for spelling in _lexicon_spellings(compound_spellings(words), lexicon):
                alternative = compile_alternative(spelling, lexicon)
                if alternative and alternative not in alternatives:
                    alternatives.append(alternative)
        if alternatives:
            groups.append(tuple(alternatives))
    return CompiledRule(rule.source, tuple(groups))


def compound_spellings(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A hyphenated rule word as written (two words, `sub network`) and closed up
    (`subnetwork`), since learners write compounds all three ways."""
    if not any(_COMPOUND.match(word) for word in words):
        return [words]
    closed = tuple(word.replace("-", "") if _COMPOUND.match(word) else word for word in words)
    return [words, closed]


def _lexicon_spellings(spellings: list[tuple[str, ...]], lexicon: Lexicon) -> list[tuple[str, ...]]:
    """Each spelling, and where a `*` word is itself a lexicon variant (`cost*`), the same
    spelling with that word plain, so it also finds what the variant reads as (`loss`)."""
    out = list(spellings)
    for words in spellings:
        plain = tuple(
            word[:-1]
            if word.endswith(PREFIX_MARK) and (singular(word[:-1].lower()),) in lexicon.variants
            else word
            for word in words
        )
        if plain != words:
            out.append(plain)
    return out


def _own_form(surface: str, prefix: str) -> bool:
    """Whether `surface` is `prefix` with one of its word's endings (a doubled last letter
    allowed: `fit` -> "fitted")."""
    ending = surface[len(prefix) :]
    if ending[:1] == prefix[-1:] and ending[1:] in SHORT_PREFIX_ENDINGS and ending[1:]:
        return True
    return ending in SHORT_PREFIX_ENDINGS


def compile_alternative(words: Iterable[str], lexicon: Lexicon) -> Alternative:
    """An alternative's words as patterns: runs of plain words go through the lexicon (so a
    rule's `bn` reads as `batch normalization`, as it does in answers)."""
    patterns: list[WordPattern] = []
    plain: list[str] = []

    def flush() -> None:
        for _, term in lexicon.apply(raw_words(" ".join(plain))):
            typos = (
                2 if len(term.surface) >= TWO_TYPOS_FROM else int(len(term.surface) >= TYPO_FROM)
            )
            if term.key[:1].isdigit():
                typos = 0
            patterns.append(WordPattern(term.key, False, typos))
        plain.clear()

    for word in words:
        if word.endswith(PREFIX_MARK):
            parts = raw_words(word[:-1])
            if not parts:
                continue
            plain.extend(part.text for part in parts[:-1])  # co-adapt*: `co`, then `adapt*`
            flush()
            prefix = american(parts[-1].text + "e")[:-1]  # regularis* is regulariz*
            patterns.append(WordPattern(prefix, True, int(len(prefix) >= TYPO_FROM)))
        else:
            plain.append(word)
    flush()
    return tuple(patterns)


class Matcher:
    """Matches compiled rules against one analysed answer, caching word look-ups."""

    def __init__(self, analysis: Analysis, known: Collection[str]) -> None:
        self.analysis = analysis
        self.tokens = analysis.tokens
        self._positions: dict[WordPattern, list[int]] = {}
        # Words of the answer the content never uses: the only candidates for misspellings.
        self._unknown: dict[str, list[str]] = {}
        for key in analysis.by_key:
            if key not in known and len(key) >= TYPO_FROM - 1 and key.isalpha():
                self._unknown.setdefault(key[0], []).append(key)
        # For prefix look-ups by bisection: the words, and neighbours written apart that read
        # as one closed-up word (`sub network` for `subnetwork*`).
        self._surfaces = sorted({*analysis.by_surface, *analysis.joined_surfaces})
        self._unknown_surfaces: dict[str, list[str]] = {}
        for surface, indices in analysis.by_surface.items():
            key = analysis.tokens[indices[0]].key
            if key in self._unknown.get(key[:1], ()):
                self._unknown_surfaces.setdefault(surface[0], []).append(surface)

    def positions(self, word: WordPattern) -> list[int]:
        found = self._positions.get(word)
        if found is not None:
            return found
        analysis = self.analysis
        if word.prefix:
            surfaces = self._surfaces
            hits: list[int] = []
            at = bisect_left(surfaces, word.key)
            while at < len(surfaces) and surfaces[at].startswith(word.key):
                if len(word.key) > SHORT_PREFIX or _own_form(surfaces[at], word.key):
                    hits.extend(analysis.by_surface.get(surfaces[at], ()))
                    hits.extend(analysis.joined_surfaces.get(surfaces[at], ()))
                at += 1
            if word.typos:
                for surface in self._unknown_surfaces.get(word.key[0], ()):
                    if not surface.startswith(word.key) and self._misspelt(surface, word):
                        hits.extend(analysis.by_surface[surface])
        else:
            hits = list(analysis.by_key.get(word.key, ()))
            hits.extend(analysis.joined.get(word.key, ()))
            if word.typos:
                for key in self._unknown.get(word.key[0], ()):
                    if (
                        abs(len(key) - len(word.key)) <= word.typos
                        and key != word.key
                        and OSA.distance(key, word.key, score_cutoff=word.typos) <= word.typos
                    ):
                        hits.extend(analysis.by_key[key])
        hits.sort()
        self._positions[word] = hits
        return hits

    def _misspelt(self, surface: str, word: WordPattern) -> bool:
        """Whether an unknown answer word starts with a misspelling of a `*` word's prefix
        (`featurres` for `feature*`): its start, one letter shorter, as long or one longer,
        within the prefix's tolerance."""
        size = len(word.key)
        return any(
            OSA.distance(surface[:length], word.key, score_cutoff=word.typos) <= word.typos
            for length in (size - 1, size, size + 1)
            if length <= len(surface)
        )

    def occurrences(self, alternative: Alternative) -> list[tuple[int, ...]]:
        """Token index tuples where the alternative's words appear in order, in one unit,
        with at most MAX_GAP other words between neighbours."""
        first = self.positions(alternative[0])
        if len(alternative) == 1:
            return [(index,) for index in first]
        rest = [self.positions(word) for word in alternative[1:]]
        found: list[tuple[int, ...]] = []
        tokens = self.tokens
        for start in first:
            chain = [start]
            for positions in rest:
                last = chain[-1]
                unit = tokens[last].unit
                following = next(
                    (
                        p
                        for p in positions
                        if last < p <= last + 1 + MAX_GAP and tokens[p].unit == unit
                    ),
                    None,
                )
                if following is None:
                    break
                chain.append(following)
            else:
                found.append(tuple(chain))
        return found

    def hits(self, rule: CompiledRule, skip_units: Collection[int] = ()) -> list[Hit]:
        """Every unit where the rule is stated, not negated."""
        if not rule.groups:
            return []
        per_group: list[dict[int, list[tuple[int, ...]]]] = []
        for group in rule.groups:
            by_unit: dict[int, list[tuple[int, ...]]] = {}
            for alternative in group:
                for occurrence in self.occurrences(alternative):
                    by_unit.setdefault(self.tokens[occurrence[0]].unit, []).append(occurrence)
            if not by_unit:
                return []
            per_group.append(by_unit)
        units = set(per_group[0]).intersection(*per_group[1:])
        results: list[Hit] = []
        for unit in sorted(units - set(skip_units)):
            chosen = self._unnegated([group[unit] for group in per_group])
            if chosen is not None:
                results.append(self._hit(unit, chosen))
        return results

    def _unnegated(self, groups: list[list[tuple[int, ...]]]) -> list[tuple[int, ...]] | None:
        """One occurrence per group that no negation outside the matched words reaches, all
        within MAX_SPAN words of each other (a long run-on sentence, or a spoken answer with
        no full stops, does not join words said far apart into one statement)."""
        tokens = self.tokens
        matched = {tokens[i].raw for group in groups for occurrence in group for i in occurrence}
        free_groups: list[list[tuple[int, ...]]] = []
        for group in groups:
            free = [
                occurrence
                for occurrence in group
                if all(negation in matched for i in occurrence for negation in tokens[i].negated_by)
            ]
            if not free:
                return None
            free_groups.append(free)
        anchors = min(free_groups, key=len)
        for anchor in anchors:
            chosen = self._around(anchor[0], free_groups)
            if chosen is None:
                continue
            spread = [i for occurrence in chosen for i in occurrence]
            if MAX_SPAN is None or max(spread) - min(spread) <= MAX_SPAN:
                return chosen
        return None

    def _around(
        self, centre: int, groups: list[list[tuple[int, ...]]]
    ) -> list[tuple[int, ...]] | None:
        """For each group the occurrence nearest `centre` that does not clash with those
        chosen before it (see `_clash`)."""
        chosen: list[tuple[int, ...]] = []
        for group in groups:
            for occurrence in sorted(group, key=lambda o: abs(o[0] - centre)):
                if not any(self._clash(occurrence, other) for other in chosen):
                    chosen.append(occurrence)
                    break
            else:
                return None
        return chosen

    def _clash(self, one: tuple[int, ...], other: tuple[int, ...]) -> bool:
        """Whether two groups would be answered by one written word: the same single word
        for both (`LSTM` is not both `lstm*` and the `memory` it reads as), or both inside
        one written word. A phrase may hold another group's word ("no dropout" answers
        `dropout` and `no dropout`), as authors write it on purpose."""
        tokens = self.tokens
        mine = {tokens[i].raw for i in one}
        theirs = {tokens[i].raw for i in other}
        if not mine & theirs:
            return False
        single = len(mine) == 1 and len(theirs) == 1
        return single and (len(one) == 1 or len(other) == 1 or mine == theirs)

    def _hit(self, unit: int, chosen: list[tuple[int, ...]]) -> Hit:
        spanned: list[Token] = [self.tokens[i] for occurrence in chosen for i in occurrence]
        return Hit(unit, min(t.start for t in spanned), max(t.end for t in spanned))


def known_words(texts: Iterable[str]) -> set[str]:
    """The stems of every word in `texts`: words the content uses, never taken for typos."""
    known: set[str] = set()
    for text in texts:
        known.update(stem(word.text) for word in raw_words(text))
    return known
