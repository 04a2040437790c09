"""File > Export questions on the real content: a pack reads back into the same questions,
CSV into the same fields, and the .apkg opens in Anki itself (the `anki` package, a
test-only oracle) with formulas, code, figures and tags as DeepStudy shows them."""

from __future__ import annotations

import csv
import os
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from studyapp.app import AppServices
from studyapp.content.loader import parse_question_text
from studyapp.domain import OWN_ID_START, Question
from studyapp.interchange.anki_export import FIELDS, anki_tag
from studyapp.interchange.exporting import ExportError
from studyapp.interchange.reader import read_import
from studyapp.services.question_export import ExportFormat

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def _with_own_picture(services: AppServices) -> list[Question]:
    """Every built-in question, plus one of the learner's own showing a picture from the
    data folder's media/, a formula and code."""
    media = services.data_dir / "media"
    media.mkdir()
    (media / "my-curve.png").write_bytes(PNG)
    first = services.library.questions[0]
    own = replace(
        first,
        id=OWN_ID_START + 1,
        title="Why does my loss curve look like this?",
        short_answer="Because $\\eta$ is too large: $$\\theta \\leftarrow \\theta - \\eta g$$",
        detailed_answer="![my curve](media/my-curve.png)\n\n```python\nif a < b:\n    x = 1\n```",
        common_mistakes="",
        related=(),
        tags=("own question", "loss"),
        source_path="",
    )
    return [*services.library.questions, own]


def test_a_pack_reads_back_into_the_same_questions(real_services: AppServices) -> None:
    questions = _with_own_picture(real_services)
    path = real_services.data_dir.parent / "questions.zip"
    result = real_services.question_export.export(ExportFormat.PACK, questions, path)
    assert result.questions == 51 and result.missing_images == ()
    drafts = read_import(path)
    assert drafts.problems == ()
    topics = {t.id for t in real_services.library.topics}
    back = [
        parse_question_text(d.document, d.source, topics, None, own="100001" in d.source)[0]
        for d in drafts.questions
    ]
    by_id = {q.id: q for q in back}
    for original in questions[:-1]:
        assert replace(by_id[original.id], source_path="") == replace(original, source_path="")
    own = by_id[OWN_ID_START + 1]
    assert "![my curve](figures/my-curve.png)" in own.detailed_answer  # the pack's own copy
    assert own.tags == ("own question", "loss") and own.short_answer == questions[-1].short_answer
    assert drafts.media["my-curve.png"] == PNG
    figures = {f.split("/")[-1] for q in questions[:-1] for f in q.figures}
    assert figures and figures <= set(drafts.media)
    with zipfile.ZipFile(path) as archive:
        assert "topics.yaml" in archive.namelist()


def test_csv_reads_back_into_the_same_fields(real_services: AppServices) -> None:
    questions = list(real_services.library.questions)
    path = real_services.data_dir.parent / "questions.csv"
    real_services.question_export.export(ExportFormat.CSV, questions, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:5] == ["question", "answer", "key points", "topic", "tags"]
    drafts = read_import(path).questions
    assert len(drafts) == len(questions)
    for draft, q in zip(drafts, questions, strict=True):
        assert draft.title == q.title
        assert draft.answer == f"{q.short_answer}\n\n{q.detailed_answer}"
        assert draft.key_points == q.key_points  # points holding a ";" stay whole
        assert draft.tags == q.tags  # tags of several words too
        assert draft.topic == real_services.library.topic_name(q.topic)


def test_an_anki_package_opens_in_anki_with_the_same_fields(real_services: AppServices) -> None:
    collection_module = pytest.importorskip("anki.collection")
    questions = _with_own_picture(real_services)
    path = real_services.data_dir.parent / "questions.apkg"
    result = real_services.question_export.export(ExportFormat.ANKI, questions, path)
    assert result.questions == 51 and result.missing_images == ()

    folder = real_services.data_dir.parent / "anki-profile"
    folder.mkdir()
    col = collection_module.Collection(str(folder / "collection.anki2"))
    try:
        col.import_anki_package(
            collection_module.ImportAnkiPackageRequest(
                package_path=str(path), options=collection_module.ImportAnkiPackageOptions()
            )
        )
        assert col.note_count() == 51 and col.card_count() == 51
        notes = {col.get_note(nid)["Question"]: col.get_note(nid) for nid in col.find_notes("")}
        for q in questions:
            note = notes[q.title]
            assert list(note.keys()) == list(FIELDS)
            assert sorted(note.tags) == sorted(anki_tag(t) for t in q.tags)
            assert note["Level"] == q.difficulty_label
            assert note["Key points"].count("<li>") == len(q.key_points)
        own = notes["Why does my loss curve look like this?"]
        assert "\\(\\eta\\)" in own["Answer"]
        assert "\\[\\theta \\leftarrow \\theta - \\eta g\\]" in own["Answer"]
        assert (
            '<pre><code class="language-python">if a &lt; b:\n    x = 1</code></pre>'
            in (own["Details"])
        )
        assert '<img alt="my curve" src="my-curve.png">' in own["Details"]
        media = set(os.listdir(col.media.dir()))
        assert "my-curve.png" in media
        for q in questions[:-1]:
            assert {f.split("/")[-1] for f in q.figures} <= media
        assert (Path(col.media.dir()) / "my-curve.png").read_bytes() == PNG
        card = col.get_card(own.card_ids()[0])
        assert "Why does my loss curve" in card.question()
        assert "\\(\\eta\\)" in card.answer()
        decks = {d.name for d in col.decks.all_names_and_ids()}
        assert {f"DeepStudy::{t.name}" for t in real_services.library.topics} <= decks
    finally:
        col.close()


def test_an_anki_export_is_read_back_by_deepstudy(real_services: AppServices) -> None:
    """Without the oracle too: our own reader and SQLite see every note, figure and tag."""
    questions = _with_own_picture(real_services)
    path = real_services.data_dir.parent / "questions.apkg"
    real_services.question_export.export(ExportFormat.ANKI, questions, path)
    with zipfile.ZipFile(path) as archive:
        raw = archive.read("collection.anki2")
    db = sqlite3.connect(":memory:")
    db.deserialize(raw)
    assert db.execute("SELECT ver FROM col").fetchone() == (11,)
    assert db.execute("SELECT count(*) FROM notes").fetchone() == (51,)
    drafts = read_import(path)
    titles = {d.title: d for d in drafts.questions}
    own = titles["Why does my loss curve look like this?"]
    assert "$\\eta$" in own.answer and "$$\\theta \\leftarrow \\theta - \\eta g$$" in own.answer
    assert "if a < b:" in own.answer and "![](media/my-curve.png)" in own.answer
    assert own.tags == ("own_question", "loss") and own.topic == real_services.library.topic_name(
        questions[-1].topic
    )
    assert drafts.media["my-curve.png"] == PNG
    assert len(titles) == 51


@pytest.mark.parametrize("kind", list(ExportFormat))
def test_a_read_only_folder_is_named_and_the_earlier_file_kept(
    real_services: AppServices, kind: ExportFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = real_services.data_dir.parent / "locked"
    folder.mkdir()
    earlier = folder / "questions.out"
    earlier.write_text("earlier export")
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: refuse as the kernel refuses anyone else
        import tempfile

        def refused(*_: object, **__: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refused)
    try:
        with pytest.raises(ExportError, match=f"the folder {folder} cannot be written to"):
            real_services.question_export.export(kind, real_services.library.questions, earlier)
        assert earlier.read_text() == "earlier export"
        assert os.listdir(folder) == ["questions.out"]
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("kind", list(ExportFormat))
def test_a_missing_folder_is_named(real_services: AppServices, kind: ExportFormat) -> None:
    target = real_services.data_dir.parent / "gone" / "questions.out"
    with pytest.raises(ExportError, match=r"Could not write questions.out: the folder .* does not"):
        real_services.question_export.export(kind, real_services.library.questions, target)
