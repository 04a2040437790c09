"""Packages written by Anki itself (its `anki` library, a test-only oracle) in each layout it
exports: legacy `.apkg` (collection.anki21), current `.apkg` (collection.anki21b, a zstd
WAL-mode file with `unicase` indexes) and a whole-collection `.colpkg`. DeepStudy reads each
one's note, picture, formula, code, deck, tags and review history."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from studyapp.domain import Rating
from studyapp.interchange.reader import read_import

collection_module = pytest.importorskip("anki.collection")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x02" * 50


@pytest.fixture(scope="module")
def made_by_anki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("anki")
    col = collection_module.Collection(str(folder / "collection.anki2"))
    try:
        deck = col.decks.id("Interview::Optimisers")
        note = col.new_note(col.models.by_name("Basic"))
        note["Front"] = "What does <b>Adam</b> keep per weight?"
        note["Back"] = (
            "Two moments: \\(m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t\\)<br>"
            '<img src="adam.png"><pre><code>if a &lt; b:\n    x = 1</code></pre>'
        )
        note.tags = ["optimisers", "adam"]
        col.media.write_data("adam.png", PNG)
        col.add_note(note, deck)
        col.decks.select(deck)
        card = col.sched.getCard()
        assert card is not None
        col.sched.answerCard(card, 3)  # Good
        made = {}
        for name, legacy in (("legacy.apkg", True), ("current.apkg", False)):
            made[name] = folder / name
            col.export_anki_package(
                out_path=str(made[name]),
                options=collection_module.ExportAnkiPackageOptions(
                    with_scheduling=True, with_media=True, legacy=legacy
                ),
                limit=collection_module.DeckIdLimit(deck),
            )
        made["whole.colpkg"] = folder / "whole.colpkg"
        col.export_collection_package(str(made["whole.colpkg"]), include_media=True, legacy=False)
    finally:
        col.close()
    return made


@pytest.mark.parametrize(
    ("name", "collection"),
    [
        ("legacy.apkg", "collection.anki21"),
        ("current.apkg", "collection.anki21b"),
        ("whole.colpkg", "collection.anki21b"),
    ],
)
def test_a_package_anki_made_is_read_whole(
    made_by_anki: dict[str, Path], name: str, collection: str
) -> None:
    path = made_by_anki[name]
    with zipfile.ZipFile(path) as archive:
        assert collection in archive.namelist()
    found = read_import(path, with_history=True)
    assert found.problems == ()
    (question,) = found.questions
    assert question.title == "What does Adam keep per weight?"
    assert "$m_t = \\beta_1 m_{t-1} + (1-\\beta_1) g_t$" in question.answer
    assert "```\nif a < b:\n    x = 1\n```" in question.answer
    assert "![](media/adam.png)" in question.answer
    assert found.media == {"adam.png": PNG}
    assert question.topic == "Optimisers" and set(question.tags) == {"adam", "optimisers"}
    assert [r.rating for r in question.reviews] == [Rating.GOOD]
