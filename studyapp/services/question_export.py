"""File > Export questions: any selection of questions, built-in or the learner's own, as a
DeepStudy pack, CSV or an Anki package. The service knows where pictures live; the writers
in `interchange/` know the formats. Nothing here writes the database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from studyapp.domain import Question
from studyapp.interchange.exporting import ExportResult, Progress, folder_images
from studyapp.services.library import LibraryService


class ExportFormat(StrEnum):
    PACK = "pack"
    CSV = "csv"
    ANKI = "anki"


@dataclass(frozen=True)
class FormatInfo:
    label: str
    suffix: str
    description: str


FORMATS: dict[ExportFormat, FormatInfo] = {
    ExportFormat.PACK: FormatInfo(
        "DeepStudy pack (.zip)",
        ".zip",
        "Question files with their figures; DeepStudy imports them back whole.",
    ),
    ExportFormat.CSV: FormatInfo(
        "CSV spreadsheet (.csv)",
        ".csv",
        "One row per question for a spreadsheet; DeepStudy imports it back.",
    ),
    ExportFormat.ANKI: FormatInfo(
        "Anki deck (.apkg)",
        ".apkg",
        "New cards for Anki, with formulas, code and figures; a deck per topic.",
    ),
}


class QuestionExportService:
    def __init__(self, library: LibraryService, content_root: Path, data_dir: Path) -> None:
        self._library = library
        self._images = folder_images(content_root, data_dir)

    def export(
        self,
        kind: ExportFormat,
        questions: Sequence[Question],
        path: Path,
        progress: Progress | None = None,
    ) -> ExportResult:
        """Write `questions` to `path`, which is replaced only once complete; raises
        interchange.exporting.ExportError naming the file and the reason."""
        if kind is ExportFormat.PACK:
            from studyapp.interchange.pack_export import export_pack

            return export_pack(questions, self._library.topics, path, self._images, progress)
        if kind is ExportFormat.CSV:
            from studyapp.interchange.csv_file import write_csv

            return write_csv(questions, self._library.topic_name, path, progress)
        from studyapp.interchange.anki_export import export_anki

        return export_anki(questions, self._library.topic_name, path, self._images, progress)
