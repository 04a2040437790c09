"""Reads `content/` into `Question` values and reports every problem with file and line.

A broken file never stops the app: it is skipped and reported, and every valid question is
still served. The same problems drive `--check-content`, so authors and users see one list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyapp.domain import (
    BUILTIN_ID_MAX,
    OWN_ID_MAX,
    OWN_ID_START,
    FollowUp,
    Misconception,
    Question,
    Topic,
)
from studyapp.grading.rules import RuleSyntaxError, parse_rule

if TYPE_CHECKING:
    import yaml

# The loader accepts a little more than the built-in content's own standard (validate.py holds
# that), so a learner's own or imported question with four points still loads.
KEY_POINTS_RANGE = (1, 10)
# An own question may have no key points yet (a card from a plain list, answer to write).
OWN_KEY_POINTS_RANGE = (0, 10)
FOLLOW_UPS_RANGE = (0, 6)
ASKED_AS_RANGE = (0, 5)
REQUIRED_SECTIONS = ("Short answer", "Detailed answer")
KNOWN_SECTIONS = (*REQUIRED_SECTIONS, "Common mistakes")
FIGURE_REF = re.compile(r"!\[[^\]]*\]\((figures/[^)\s]+)\)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)
_SECTION = re.compile(r"^##[ \t]+(.+?)[ \t]*$", re.M)


@dataclass(frozen=True)
class ContentProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The one exception content code raises for bad input; it names file and line."""

    def __init__(self, problem: ContentProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Library:
    topics: tuple[Topic, ...]
    questions: tuple[Question, ...]
    problems: tuple[ContentProblem, ...]

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def question(self, question_id: int) -> Question | None:
        return self._by_id.get(question_id)

    @cached_property
    def _by_id(self) -> dict[int, Question]:
        # Thousands of own questions made the linear look-up show in every screen.
        return {q.id: q for q in self.questions}


def load_library(root: Path) -> Library:
    problems: list[ContentProblem] = []
    topics = load_topics(root / "topics.yaml", problems)
    topic_ids = {t.id for t in topics}
    parsed: list[tuple[Question, dict[str, int]]] = []
    failed_ids: set[int] = set()
    question_dir = root / "questions"
    if not question_dir.is_dir():
        problems.append(ContentProblem(str(question_dir), 0, "questions folder is missing"))
        files: Iterable[Path] = ()
    else:
        files = sorted(question_dir.glob("*.md"))
    for path in files:
        try:
            parsed.append(parse_question_file(path, topic_ids, root))
        except ContentError as error:
            problems.append(error.problem)
            failed_ids.update(_declared_id(path))
    questions = _drop_duplicates(parsed, problems)
    _check_related({q.id for q in questions} | failed_ids, parsed, problems)
    ordered = tuple(sorted(questions, key=lambda q: q.id))
    return Library(tuple(topics), ordered, tuple(problems))


def load_topics(path: Path, problems: list[ContentProblem], first_order: int = 0) -> list[Topic]:
    """The topics listed in a `topics.yaml` (content/ or the learner's own, whose order
    continues after the built-in ones from `first_order`)."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_safe_loader())
    except OSError as error:
        problems.append(ContentProblem(str(path), 0, f"cannot read topics: {error.strerror}"))
        return []
    except yaml.YAMLError as error:
        problems.append(ContentProblem(str(path), _yaml_line(error), f"malformed YAML: {error}"))
        return []
    entries = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        problems.append(ContentProblem(str(path), 1, "expected a 'topics:' list"))
        return []
    topics: list[Topic] = []
    for order, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(ContentProblem(str(path), 0, f"topic #{order + 1} has no id"))
            continue
        if any(t.id == entry["id"] for t in topics):  # review M10: was silently kept twice
            problems.append(ContentProblem(str(path), 0, f"duplicate topic id '{entry['id']}'"))
            continue
        name = entry.get("name") or entry["id"]
        description = str(entry.get("description", ""))
        topics.append(Topic(entry["id"], str(name), description, first_order + order))
    return topics


def parse_question_file(
    path: Path, topic_ids: set[str], root: Path | None, own: bool = False
) -> tuple[Question, dict[str, int]]:
    """Parse one file; returns the question and the line of each front-matter key."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(ContentProblem(where, 0, f"cannot read file: {error}")) from error
    return parse_question_text(text, where, topic_ids, root, own)


def parse_question_text(
    text: str, where: str, topic_ids: set[str], root: Path | None, own: bool = False
) -> tuple[Question, dict[str, int]]:
    """One question file's text. With `own`, the learner's own format: an id from
    OWN_ID_START up, no key points needed, and with `answer_to_write: true` no answer."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise _problem(where, 1, "missing YAML front matter (a '---' block at the top)")
    front_text = match.group(1)
    import yaml

    try:
        node, data = _parse_yaml(front_text)
    except yaml.YAMLError as error:
        reason = f"malformed YAML: {_yaml_reason(error)}"
        raise _problem(where, _yaml_line(error) + 1, reason) from error
    if not isinstance(data, dict) or node is None:
        raise _problem(where, 2, "front matter must be a mapping of keys to values")
    lines = {k.value: k.start_mark.line + 2 for k, _ in node.value if hasattr(k, "value")}
    body_start = text[: match.end()].count("\n") + 1
    body = text[match.end() :]
    fields = _FrontMatter(data, lines, where)
    qid = (
        fields.integer("id", OWN_ID_START, OWN_ID_MAX)
        if own
        else fields.integer("id", 1, BUILTIN_ID_MAX)
    )
    needs_answer = own and data.get("answer_to_write") is True
    topic = fields.string("topic")
    if topic not in topic_ids:
        raise _problem(where, lines.get("topic", 1), f"unknown topic '{topic}'")
    related = tuple(fields.int_list("related"))
    if qid in related:
        raise _problem(where, lines.get("related", 1), "a question cannot be related to itself")
    sections = _split_sections(body, where, body_start, () if own else REQUIRED_SECTIONS)
    if own and not needs_answer and not any(sections.get(s) for s in REQUIRED_SECTIONS):
        raise _problem(where, body_start, "no answer (or 'answer_to_write: true')")
    figures = tuple(FIGURE_REF.findall(body))
    if root is not None:
        folder = (root / "figures").resolve()
        for figure in figures:
            # Only files in figures/ itself: `figures/../../x` looked at files anywhere.
            path = (root / figure).resolve()
            if path.parent != folder or not path.is_file():
                line = body_start + body[: body.index(figure)].count("\n")
                raise _problem(where, line, f"figure not found: {figure}")
    key_points, key_point_rules = fields.key_points(OWN_KEY_POINTS_RANGE if own else None)
    question = Question(
        id=qid,
        title=fields.string("title"),
        topic=topic,
        difficulty=fields.integer("difficulty", 1, 3),
        tags=tuple(fields.string_list("tags", allow_empty=True)),
        related=related,
        key_points=key_points,
        follow_ups=fields.follow_ups(),
        short_answer=sections.get("Short answer", ""),
        detailed_answer=sections.get("Detailed answer", ""),
        common_mistakes=sections.get("Common mistakes", ""),
        source_path=where,
        figures=figures,
        key_point_rules=key_point_rules,
        misconceptions=fields.misconceptions(),
        asked_as=tuple(fields.string_list("asked_as", ASKED_AS_RANGE, allow_empty=True)),
        needs_answer=needs_answer,
    )
    return question, lines


class _FrontMatter:
    """Typed access to front-matter keys, raising a located ContentError on bad values."""

    def __init__(self, data: dict[str, Any], lines: dict[str, int], where: str) -> None:
        self.data, self.lines, self.where = data, lines, where

    def _get(self, key: str) -> Any:
        if key not in self.data or self.data[key] is None:
            raise _problem(self.where, 1, f"missing required field '{key}'")
        return self.data[key]

    def _fail(self, key: str, message: str) -> ContentError:
        return _problem(self.where, self.lines.get(key, 1), f"'{key}' {message}")

    def integer(self, key: str, low: int, high: int) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self._fail(key, f"must be a whole number from {low} to {high}, got {value!r}")
        return value

    def string(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "must be non-empty text")
        return value.strip()

    def string_list(
        self, key: str, count: tuple[int, int] | None = None, allow_empty: bool = False
    ) -> list[str]:
        value = self._get(key) if not allow_empty else self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self._fail(key, "must be a list of text items")
        if count and not count[0] <= len(value) <= count[1]:
            raise self._fail(key, f"needs {count[0]}-{count[1]} items, has {len(value)}")
        return [v.strip() for v in value]

    def int_list(self, key: str) -> list[int]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            raise self._fail(key, "must be a list of question ids")
        return value

    def rules(self, key: str, value: Any) -> tuple[str, ...]:
        """A `match:` list of checker rules, each checked for syntax."""
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self._fail(key, "'match' must be a list of rules")
        for rule in value:
            try:
                parse_rule(rule)
            except RuleSyntaxError as error:
                raise self._fail(key, f"has a bad rule: {error}") from None
        return tuple(rule.strip() for rule in value)

    def key_points(
        self, allowed: tuple[int, int] | None = None
    ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """Key points as plain text, or as `{point: ..., match: [rules]}` mappings."""
        low, high = allowed or KEY_POINTS_RANGE
        value = self._get("key_points") if low else self.data.get("key_points") or []
        if not isinstance(value, list) or not low <= len(value) <= high:
            count = len(value) if isinstance(value, list) else 0
            raise self._fail("key_points", f"needs {low}-{high} items, has {count}")
        texts: list[str] = []
        rules: list[tuple[str, ...]] = []
        for entry in value:
            if isinstance(entry, dict):
                text = entry.get("point")
                entry_rules = self.rules("key_points", entry.get("match"))
            else:
                text, entry_rules = entry, ()
            if not isinstance(text, str) or not text.strip():
                raise self._fail("key_points", "items need 'point' text")
            texts.append(text.strip())
            rules.append(entry_rules)
        return tuple(texts), tuple(rules)

    def misconceptions(self) -> tuple[Misconception, ...]:
        value = self.data.get("misconceptions") or []
        if not isinstance(value, list):
            raise self._fail("misconceptions", "must be a list")
        items: list[Misconception] = []
        for entry in value:
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("claim"), str)
                and isinstance(entry.get("correction"), str)
                and entry.get("match")
            ):
                raise self._fail("misconceptions", "items need 'claim', 'correction' and 'match'")
            match = self.rules("misconceptions", entry["match"])
            items.append(Misconception(entry["claim"].strip(), entry["correction"].strip(), match))
        return tuple(items)

    def follow_ups(self) -> tuple[FollowUp, ...]:
        value = self._get("follow_ups")
        low, high = FOLLOW_UPS_RANGE
        if not isinstance(value, list) or not low <= len(value) <= high:
            raise self._fail("follow_ups", f"needs a list of {low}-{high} items")
        items: list[FollowUp] = []
        for entry in value:
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("question"), str)
                and isinstance(entry.get("answer"), str)
            ):
                raise self._fail("follow_ups", "items need 'question' and 'answer' text")
            items.append(FollowUp(entry["question"].strip(), entry["answer"].strip()))
        return tuple(items)


def _split_sections(
    body: str, where: str, body_start: int, required: tuple[str, ...] = REQUIRED_SECTIONS
) -> dict[str, str]:
    sections: dict[str, str] = {}
    heads = list(_SECTION.finditer(body))
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(body)
        name = head.group(1).strip()
        if name not in KNOWN_SECTIONS:
            line = body_start + body[: head.start()].count("\n")
            raise _problem(where, line, f"unknown section '## {name}'")
        sections[name] = body[head.end() : end].strip()
    for name in required:
        if not sections.get(name):
            raise _problem(where, body_start, f"missing or empty section '## {name}'")
    return sections


def _drop_duplicates(
    parsed: list[tuple[Question, dict[str, int]]], problems: list[ContentProblem]
) -> list[Question]:
    """Two files with one id: the file named for that id ("07-...") wins, else the first in
    name order, and the other is reported (review M10: a stray "00-copy.md" used to win)."""

    def named_for_id(question: Question) -> bool:
        prefix = Path(question.source_path).name.split("-", 1)[0]
        return prefix.isdigit() and int(prefix) == question.id

    ordered = sorted(parsed, key=lambda item: not named_for_id(item[0]))  # stable: name order
    seen: dict[int, Question] = {}
    for question, lines in ordered:
        line = lines.get("id", 1)
        first = seen.get(question.id)
        if first is not None:
            message = f"duplicate id {question.id} (also used by {Path(first.source_path).name})"
            problems.append(ContentProblem(question.source_path, line, message))
            continue
        seen[question.id] = question
    return list(seen.values())


def _check_related(
    known: set[int],
    parsed: list[tuple[Question, dict[str, int]]],
    problems: list[ContentProblem],
) -> None:
    """Flag links to ids no file declares (a file that failed to parse still declares one)."""
    for question, lines in parsed:
        for other in question.related:
            if other not in known:
                message = f"'related' names unknown question {other}"
                problems.append(
                    ContentProblem(question.source_path, lines.get("related", 1), message)
                )


def _declared_id(path: Path) -> set[int]:
    try:
        found = re.search(r"^id:\s*(\d+)\s*$", path.read_text(encoding="utf-8"), re.M)
    except (OSError, UnicodeDecodeError):
        return set()
    return {int(found.group(1))} if found else set()


@cache
def _safe_loader() -> Any:
    """libyaml's C parser is about ten times faster than the pure-Python one, which matters at
    start-up with fifty files; fall back when PyYAML was built without it. PyYAML itself is
    imported only where files are parsed: an everyday start reads the parsed content from its
    cache (library_cache.py) and never needs it."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str) -> tuple[Any, Any]:
    """The node tree (for line numbers) and the plain data, from a single parse."""
    loader = _safe_loader()(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _problem(where: str, line: int, message: str) -> ContentError:
    return ContentError(ContentProblem(where, line, message))


def _yaml_line(error: yaml.YAMLError) -> int:
    mark = getattr(error, "problem_mark", None)
    return int(mark.line) + 1 if mark is not None else 0


def _yaml_reason(error: yaml.YAMLError) -> str:
    return str(getattr(error, "problem", None) or error).strip()
