"""One entry point for every import: the kind of file decides the reader."""

from __future__ import annotations

from pathlib import Path

from studyapp.interchange.csv_file import parse_csv
from studyapp.interchange.drafts import DraftSet, ImportFileError
from studyapp.interchange.plain_list import parse_list
from studyapp.interchange.text_file import read_text

KINDS = {
    ".txt": "a list of questions",
    ".md": "a list of questions",
    ".csv": "CSV",
    ".tsv": "CSV",
    ".zip": "a DeepStudy pack",
    ".apkg": "an Anki deck",
    ".colpkg": "an Anki collection",
}


def read_import(path: Path, with_history: bool = False) -> DraftSet:
    """The questions in `path`, parsed and checked in memory; raises ImportFileError."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(f"no file at {path}")
    if suffix in (".txt", ".md"):
        return parse_list(read_text(path))
    if suffix in (".csv", ".tsv"):
        return parse_csv(read_text(path), path.name)
    if suffix == ".zip":
        from studyapp.interchange.pack import read_pack

        return read_pack(path)
    if suffix in (".apkg", ".colpkg"):
        from studyapp.interchange.anki import read_anki_package

        return read_anki_package(path, with_history)
    known = ", ".join(sorted(KINDS))
    raise ImportFileError(f"DeepStudy cannot import {path.name}; it reads {known} files")
