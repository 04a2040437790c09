"""CSV with a header row naming the columns: question (or front, title), answer (or back),
key points (one a line, or separated by ";" when on one line), topic, tags (separated by
commas, or by spaces when there is no comma). The delimiter is detected. `write_csv` writes
the same columns, plus the level and the follow-ups for the person reading it in a
spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from studyapp.domain import Question
from studyapp.interchange.drafts import (
    MAX_QUESTIONS,
    DraftQuestion,
    DraftSet,
    ImportFileError,
    clip,
    normal_title,
)
from studyapp.interchange.exporting import ExportResult, Progress, write_failure
from studyapp.storage.atomic_file import replaced_on_success

COLUMNS = {
    "question": ("question", "front", "title", "prompt", "q"),
    "answer": ("answer", "back", "model answer", "a"),
    "key_points": ("key points", "key_points", "keypoints", "points"),
    "topic": ("topic", "category", "deck"),
    "tags": ("tags", "tag"),
}


def parse_csv(text: str, name: str = "the file") -> DraftSet:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ImportFileError(f"{name} is empty") from None
    found = _columns(header)
    if "question" not in found:
        names = ", ".join(COLUMNS["question"])
        raise ImportFileError(f"{name} has no question column; name one of: {names}")
    questions: list[DraftQuestion] = []
    problems: list[str] = []
    seen: set[str] = set()
    try:
        for number, row in enumerate(reader, start=2):
            if len(questions) >= MAX_QUESTIONS:
                raise ImportFileError(f"{name} has more than {MAX_QUESTIONS:,} rows")

            def cell(column: str, row: list[str] = row) -> str:
                index = found.get(column)
                return row[index].strip() if index is not None and index < len(row) else ""

            title = cell("question")
            if not title:
                if any(part.strip() for part in row):
                    problems.append(f"row {number}: no question, skipped")
                continue
            if normal_title(title) in seen:
                problems.append(f"row {number}: the same question again, skipped")
                continue
            seen.add(normal_title(title))
            points = _points(cell("key_points"))
            questions.append(
                DraftQuestion(
                    title=clip(title, f"row {number}"),
                    answer=clip(cell("answer"), f"row {number}"),
                    key_points=tuple(p for p in points if p),
                    topic=cell("topic"),
                    tags=_tags(cell("tags")),
                    source=f"row {number}",
                )
            )
    except csv.Error as error:
        raise ImportFileError(f"{name} is not valid CSV: {error}") from None
    return DraftSet(tuple(questions), problems=tuple(problems))


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, label in enumerate(header):
        label = label.strip().lower().lstrip("\ufeff")
        for column, names in COLUMNS.items():
            if label in names and column not in found:
                found[column] = index
    return found


def _points(cell: str) -> tuple[str, ...]:
    """One point a line; a single line is split at ";" (a point may itself hold one)."""
    parts = cell.splitlines() if "\n" in cell.strip() else cell.split(";")
    return tuple(p.strip(" -•\t") for p in parts)


def _tags(cell: str) -> tuple[str, ...]:
    """Tags of several words ("batch norm") are kept whole when commas separate them."""
    parts = cell.split(",") if "," in cell else cell.split()
    return tuple(t.strip() for t in parts if t.strip())


# The header `write_csv` writes: the first five are the names `parse_csv` reads.
EXPORT_HEADER = ("question", "answer", "key points", "topic", "tags", "level", "follow ups")


def write_csv(
    questions: Sequence[Question],
    topic_name: Callable[[str], str],
    path: Path,
    progress: Progress | None = None,
) -> ExportResult:
    """One row per question; the answer is the short answer, a blank line, then the
    detailed one (what an import of this file makes the answer). UTF-8 with a byte-order
    mark, so a spreadsheet opens formulas and accents as written."""
    try:
        with replaced_on_success(path, newline="") as handle:
            handle.write("\ufeff")
            writer = csv.writer(handle)
            writer.writerow(EXPORT_HEADER)
            for done, q in enumerate(questions, start=1):
                answer = "\n\n".join(p for p in (q.short_answer, q.detailed_answer) if p)
                follow = "\n".join(f"{f.question} — {f.answer}" for f in q.follow_ups)
                writer.writerow(
                    (
                        q.title,
                        answer,
                        "\n".join(q.key_points),
                        topic_name(q.topic),
                        ", ".join(q.tags),
                        q.difficulty_label,
                        follow,
                    )
                )
                if progress is not None:
                    progress(done, len(questions))
    except OSError as error:
        raise write_failure(path, error) from error
    return ExportResult(path, len(questions), 0)
