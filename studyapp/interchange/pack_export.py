"""Export as a DeepStudy pack: a zip of question files in the format of `content/` with the
pictures they show, which `pack.read_pack` (File > Import) reads back into equal questions.

Layout: `topics.yaml`, `questions/NN-slug.md`, `figures/<picture>`. A learner's own picture
(`media/x.png` in the data folder) travels as `figures/x.png`, its reference rewritten to
match, so a pack is self-contained wherever it is opened.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from studyapp.domain import Question, Topic
from studyapp.interchange.exporting import (
    ExportResult,
    ImageSource,
    Progress,
    image_name,
    image_refs,
    write_failure,
)
from studyapp.interchange.question_file import question_file_name, question_markdown
from studyapp.storage.atomic_file import replaced_when_written


def export_pack(
    questions: Sequence[Question],
    topics: Sequence[Topic],
    path: Path,
    images: ImageSource,
    progress: Progress | None = None,
) -> ExportResult:
    import yaml

    used = {q.topic for q in questions}
    listed = [
        {"id": t.id, "name": t.name, "description": t.description} for t in topics if t.id in used
    ]
    written: set[str] = set()
    missing: list[str] = []
    try:
        with (
            replaced_when_written(path) as temporary,
            zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr(
                "topics.yaml", yaml.safe_dump(listed, sort_keys=False, allow_unicode=True)
            )
            for done, question in enumerate(questions, start=1):
                for ref in image_refs(question):
                    name = image_name(ref)
                    if name in written:
                        continue
                    data = images(ref)
                    if data is None:
                        missing.append(ref)
                        continue
                    archive.writestr(f"figures/{name}", data)
                    written.add(name)
                archive.writestr(
                    f"questions/{question_file_name(question)}",
                    question_markdown(_self_contained(question)),
                )
                if progress is not None:
                    progress(done, len(questions))
    except OSError as error:
        raise write_failure(path, error) from error
    return ExportResult(path, len(questions), len(written), tuple(missing))


def _self_contained(question: Question) -> Question:
    """The question with its `media/` pictures named as the pack's `figures/`."""

    def moved(text: str) -> str:
        return text.replace("](media/", "](figures/")

    return replace(
        question,
        short_answer=moved(question.short_answer),
        detailed_answer=moved(question.detailed_answer),
        common_mistakes=moved(question.common_mistakes),
    )
