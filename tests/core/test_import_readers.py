"""Reading import files from outside, in memory: lists, CSV, DeepStudy packs and Anki
packages of both layouts; hostile files are refused with a message naming the problem."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
import zstandard

from studyapp.domain import Rating
from studyapp.interchange import drafts
from studyapp.interchange.drafts import ImportFileError
from studyapp.interchange.reader import read_import
from tests.conftest import FIXTURE_CONTENT

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_a_plain_list_becomes_cards_with_the_answer_to_write(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# Deep learning questions\n\n1. What is dropout?\n2) Why batch norm?\n- What is a GAN?\n"
        "Explain attention.\n1. What is dropout?\n\n## Optimisers\n",
        encoding="utf-8",
    )
    found = read_import(path)
    assert [q.title for q in found.questions] == [
        "What is dropout?",
        "Why batch norm?",
        "What is a GAN?",
        "Explain attention.",
    ]
    assert all(q.needs_answer for q in found.questions)
    assert found.problems == ("line 7: the same question again, skipped",)


def test_csv_columns_are_found_by_their_names(tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text(
        "Topic;Front;Back;Key points;Tags\n"
        "optim;What is momentum?;A running average of gradients.;"
        '"velocity; damps oscillation";sgd optim\n'
        ";;;;\n",
        encoding="utf-8",
    )
    (question,) = read_import(path).questions
    assert question.title == "What is momentum?"
    assert question.answer == "A running average of gradients."
    assert question.key_points == ("velocity", "damps oscillation")
    assert question.topic == "optim" and question.tags == ("sgd", "optim")


def test_csv_without_a_question_column_or_in_another_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("name,value\na,b\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="no question column"):
        read_import(path)
    path.write_bytes("question\nQu'est-ce qu'un r\xe9seau ?\n".encode("latin-1"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        read_import(path)


def _pack(tmp_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted((FIXTURE_CONTENT / "questions").glob("*.md")):
            archive.writestr(f"questions/{file.name}", file.read_bytes())
        for figure in sorted((FIXTURE_CONTENT / "figures").glob("*.svg")):
            archive.writestr(f"figures/{figure.name}", figure.read_bytes())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def test_a_pack_gives_back_its_questions_whole(tmp_path: Path) -> None:
    found = read_import(_pack(tmp_path))
    titles = {q.title for q in found.questions}
    expected = set()
    for file in (FIXTURE_CONTENT / "questions").glob("*.md"):
        line = next(x for x in file.read_text().splitlines() if x.startswith("title:"))
        expected.add(line.split(":", 1)[1].strip())
    assert titles == expected and found.problems == ()
    assert set(found.media) == {p.name for p in (FIXTURE_CONTENT / "figures").glob("*.svg")}
    first = found.questions[0]
    assert first.document == (FIXTURE_CONTENT / "questions" / "01-softmax.md").read_text()
    assert len(first.key_points) == 4 and "softmax" in first.answer


@pytest.mark.parametrize("name", ["../evil.md", "/etc/evil.md", "a/../../evil.md", "C:/evil.md"])
def test_a_zip_reaching_outside_itself_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ImportFileError, match="outside the archive"):
        read_import(_pack(tmp_path, {name: b"x"}))


def test_a_pack_missing_a_figure_reports_that_question(tmp_path: Path) -> None:
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(FIXTURE_CONTENT / "questions" / "02-momentum.md", "questions/02.md")
    found = read_import(path)
    assert found.questions == ()
    assert found.problems == ("questions/02.md: figure not in the pack: figures/02-paths.svg",)


def test_a_zip_bomb_is_refused_unopened(tmp_path: Path) -> None:
    path = _pack(tmp_path, {"questions/huge.md": b"0" * (60 * 2**20)})
    with pytest.raises(ImportFileError, match="zip bomb"):
        read_import(path)


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drafts, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("What is a question?\n" * 100, encoding="utf-8")
    with pytest.raises(ImportFileError, match="imports files up to"):
        read_import(path)


# --- Anki ----------------------------------------------------------------------------------
FRONT = "What is <b>softmax</b>?<script>alert(1)</script>"
BACK = (
    "It maps logits to \\(p_i = e^{z_i} / \\sum_j e^{z_j}\\)<br>"
    '<div>See <img src="curve.png"> and <img src="../../etc/passwd"></div>\\[\\sum_i p_i = 1\\]'
)


def _collection(modern: bool) -> bytes:
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE col (id, crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags);"
        "CREATE TABLE notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data);"
        "CREATE TABLE cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps,"
        " lapses, left, odue, odid, flags, data);"
        "CREATE TABLE revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type);"
    )
    models = {"1": {"name": "Basic", "flds": [{"name": "Front"}, {"name": "Back"}]}}
    decks = {"7": {"name": "ML::Basics"}}
    if modern:
        db.executescript(
            "CREATE TABLE notetypes (id, name, mtime_secs, usn, config);"
            "CREATE TABLE fields (ntid, ord, name, config);"
            "CREATE TABLE decks (id, name, mtime_secs, usn, common, kind);"
            "INSERT INTO notetypes VALUES (1, 'Basic', 0, 0, x'');"
            "INSERT INTO fields VALUES (1, 0, 'Front', x''), (1, 1, 'Back', x'');"
            "INSERT INTO decks VALUES (7, 'ML\x1fBasics', 0, 0, x'', x'');"
        )
        db.execute("INSERT INTO col VALUES (1,0,0,0,18,0,0,0,'{}','{}','{}','{}','{}')")
    else:
        db.execute(
            "INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
            (json.dumps(models), json.dumps(decks)),
        )
    db.execute(
        "INSERT INTO notes VALUES (100, 'g', 1, 0, 0, ' softmax basics ', ?, '', 0, 0, '')",
        (FRONT + "\x1f" + BACK,),
    )
    db.execute(
        "INSERT INTO cards VALUES (500, 100, 7, 0, 0, 0, 2, 2, 0, 3, 2500, 2, 0, 0, 0, 0, 0, '')"
    )
    db.executemany(
        "INSERT INTO revlog VALUES (?, 500, 0, ?, 1, 0, 2500, ?, 1)",
        [(1_700_000_000_000, 1, 12_000), (1_700_086_400_000, 3, 8_000), (1_700_200_000_000, 0, 0)],
    )
    db.commit()
    return db.serialize()


def _media_protobuf(names: list[str]) -> bytes:
    out = b""
    for name in names:
        raw = name.encode()
        entry = bytes([0x0A, len(raw)]) + raw + bytes([0x10, 4])
        out += bytes([0x0A, len(entry)]) + entry
    return out


def _apkg(tmp_path: Path, modern: bool, collection: bytes | None = None) -> Path:
    path = tmp_path / ("modern.apkg" if modern else "legacy.apkg")
    zstd = zstandard.ZstdCompressor()
    with zipfile.ZipFile(path, "w") as archive:
        data = collection if collection is not None else _collection(modern)
        if modern:
            archive.writestr("collection.anki21b", zstd.compress(data))
            archive.writestr("collection.anki2", _collection(False))  # the "please update" dummy
            archive.writestr("media", zstd.compress(_media_protobuf(["curve.png"])))
            archive.writestr("0", zstd.compress(PNG))
        else:
            archive.writestr("collection.anki2", data)
            archive.writestr("media", json.dumps({"0": "curve.png"}))
            archive.writestr("0", PNG)
    return path


@pytest.mark.parametrize("modern", [False, True], ids=["legacy anki2", "anki21b zstd"])
def test_anki_notes_become_questions_with_formulas_media_tags_and_history(
    tmp_path: Path, modern: bool
) -> None:
    found = read_import(_apkg(tmp_path, modern), with_history=True)
    (question,) = found.questions
    assert question.title == "What is softmax?"  # the script is dropped, bold is text
    assert "$p_i = e^{z_i} / \\sum_j e^{z_j}$" in question.answer
    assert "$$\\sum_i p_i = 1$$" in question.answer
    assert "![](media/curve.png)" in question.answer and "passwd" not in question.answer
    assert "alert" not in question.answer + question.title
    assert found.media == {"curve.png": PNG}
    assert question.tags == ("softmax", "basics") and question.topic == "Basics"
    assert [(r.rating, r.duration_ms) for r in question.reviews] == [
        (Rating.AGAIN, 12_000),
        (Rating.GOOD, 8_000),
    ]  # the manual reschedule (ease 0) is not a review
    assert read_import(_apkg(tmp_path, modern)).questions[0].reviews == ()


def test_a_damaged_collection_inside_an_apkg_is_refused(tmp_path: Path) -> None:
    broken = bytearray(_collection(False))
    broken[100:4000] = b"\xff" * 3900
    with pytest.raises(ImportFileError, match="damaged or not a collection"):
        read_import(_apkg(tmp_path, False, bytes(broken)))
    not_sqlite = _apkg(tmp_path, False, b"this is not a database at all" * 40)
    with pytest.raises(ImportFileError, match="damaged or not a collection"):
        read_import(not_sqlite)


def test_an_unknown_kind_of_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "deck.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(ImportFileError, match=r"cannot import deck\.pdf"):
        read_import(path)
