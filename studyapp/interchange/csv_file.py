"""CSV with a header row naming the columns: question (or front, title), answer (or back),
key points (separated by ";" or new lines), topic, tags. The delimiter is detected."""

from __future__ import annotations

import csv
import io

from studyapp.interchange.drafts import (
    MAX_QUESTIONS,
    DraftQuestion,
    DraftSet,
    ImportFileError,
    clip,
    normal_title,
)

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
            points = tuple(
                p.strip(" -•\t") for p in cell("key_points").replace("\n", ";").split(";")
            )
            questions.append(
                DraftQuestion(
                    title=clip(title, f"row {number}"),
                    answer=clip(cell("answer"), f"row {number}"),
                    key_points=tuple(p for p in points if p),
                    topic=cell("topic"),
                    tags=tuple(t for t in cell("tags").replace(",", " ").split() if t),
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
