"""Own questions on a real data folder and SQLite: stored, merged, edited, deleted, imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.content.own_source import load_own_library
from studyapp.domain import OWN_ID_MAX, OWN_ID_START, Changes, FollowUp, NewReview, Rating
from studyapp.interchange.question_file import question_markdown
from studyapp.interchange.reader import read_import
from studyapp.services.own_questions import OwnQuestionError, OwnQuestionFields
from studyapp.services.study import QueueKind, QueueSpec
from studyapp.storage.own_files import OwnFiles
from tests.conftest import FIXTURE_CONTENT, ROOT
from tools.anki_deck import PNG, Deck, Note, write_apkg

FIELDS = OwnQuestionFields(
    title="What does layer normalization normalize over?",
    short_answer="Over the features of **one** example, $\\mu = \\frac{1}{d}\\sum_i x_i$.",
    detailed_answer="Unlike batch norm it needs no batch statistics.",
    key_points=("normalizes across the features of each example", "independent of the batch size"),
    follow_ups=(FollowUp("Where is it used?", "In transformers."),),
    topic="basics",
    difficulty=3,
    tags=("normalization",),
)


def _reopen(services: AppServices, clock: FixedClock) -> AppServices:
    services.close()
    return build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "cache" not in p.parts
    }


def test_an_added_question_is_stored_in_the_data_folder_and_comes_back_after_a_restart(
    services: AppServices, clock: FixedClock
) -> None:
    question, changes = services.own_questions.add(FIELDS)
    assert question.id >= OWN_ID_START and question.is_own
    assert changes == Changes(content=True, question_ids=frozenset({question.id}))
    path = Path(question.source_path)
    assert path.parent == services.data_dir / "questions"
    assert not str(path).startswith(str(FIXTURE_CONTENT))
    assert services.library.question(question.id) == question  # published at once
    again = _reopen(services, clock)
    try:
        loaded = again.library.question(question.id)
        assert loaded is not None
        assert loaded.title == FIELDS.title and loaded.key_points == FIELDS.key_points
        assert loaded.follow_ups == FIELDS.follow_ups and loaded.difficulty == 3
        assert [q.id for q in again.library.questions][:3] == [1, 2, 3]  # built-ins first
    finally:
        again.close()


def test_ids_are_never_reused_even_after_a_delete_or_a_lost_counter(
    services: AppServices,
) -> None:
    own = services.own_questions
    first, _ = own.add(FIELDS)
    second, _ = own.add(OwnQuestionFields(title="What is weight decay?", short_answer="L2."))
    own.delete(second.id)
    third, _ = own.add(OwnQuestionFields(title="What is label smoothing?", short_answer="Soft."))
    assert len({first.id, second.id, third.id}) == 3
    assert all(OWN_ID_START <= q.id <= OWN_ID_MAX for q in (first, second, third))
    # A deleted question's kept history holds its id even if the used-ids file is lost.
    services.study.rate(NewReview(third.id, Rating.GOOD, 1000))
    (services.data_dir / "questions" / ".used-ids").unlink()
    own.delete(third.id)
    taken = services.own_questions.files.allocate_ids(5000, [first.id])
    assert third.id not in taken and first.id not in taken and len(set(taken)) == 5000


def test_two_data_folders_do_not_hand_out_the_same_first_id(
    services: AppServices, tmp_path: Path, clock: FixedClock
) -> None:
    """Two computers each making their first own question got 100000 both."""
    other = OwnFiles(tmp_path / "other-data")
    mine, _ = services.own_questions.add(FIELDS)
    theirs = other.allocate_ids(1)
    assert mine.id != theirs[0] and mine.id != OWN_ID_START


def test_editing_keeps_the_id_and_the_history(services: AppServices, clock: FixedClock) -> None:
    own = services.own_questions
    question, _ = own.add(FIELDS)
    services.study.rate(NewReview(question.id, Rating.GOOD, 4000))
    edited, changes = own.edit(question.id, replace(OwnQuestionFields.of(question), title="LN?"))
    assert edited.id == question.id and changes.content
    assert len(list((services.data_dir / "questions").glob(f"{question.id}-*.md"))) == 1
    again = _reopen(services, clock)
    try:
        loaded = again.library.question(question.id)
        assert loaded is not None and loaded.title == "LN?"
        assert len(again.library.history(question.id)) == 1
    finally:
        again.close()


def test_a_bad_edit_is_refused_and_changes_nothing(services: AppServices) -> None:
    own = services.own_questions
    question, _ = own.add(FIELDS)
    before = _tree(services.data_dir / "questions")
    with pytest.raises(OwnQuestionError, match="question text"):
        own.edit(question.id, OwnQuestionFields(title="  ", short_answer="x"))
    with pytest.raises(OwnQuestionError, match="unknown topic"):
        own.edit(question.id, OwnQuestionFields(title="x?", short_answer="x", topic="nope"))
    with pytest.raises(OwnQuestionError, match="not one of your own"):
        own.edit(1, FIELDS)  # a built-in question is never rewritten
    assert _tree(services.data_dir / "questions") == before


def test_delete_keeps_history_until_it_is_deleted_explicitly(services: AppServices) -> None:
    own = services.own_questions
    question, _ = own.add(FIELDS)
    services.study.rate(NewReview(question.id, Rating.HARD, 3000))
    services.library.set_note(question.id, "my note")
    own.delete(question.id)
    assert services.library.question(question.id) is None
    assert question.id not in services.study.states()
    assert len(services.library.history(question.id)) == 1  # kept
    with pytest.raises(OwnQuestionError):
        own.forget_history(1)  # never a built-in question's history
    changes = own.forget_history(question.id)
    assert changes.reviews and services.library.history(question.id) == []
    assert services.library.note(question.id) == ""


def test_a_new_topic_is_kept_in_the_data_folder(services: AppServices, clock: FixedClock) -> None:
    own = services.own_questions
    topic = own.add_topic("Company X")
    assert own.add_topic("company x") == topic  # found again, not made twice
    assert own.add_topic("Basics").id == "basics"  # a built-in one is reused
    own.add(OwnQuestionFields(title="What does X ask?", short_answer="Y.", topic=topic.id))
    again = _reopen(services, clock)
    try:
        assert again.library.library.topic(topic.id) == topic
        assert not (FIXTURE_CONTENT / "questions" / "topics.yaml").exists()
    finally:
        again.close()


def test_own_questions_reach_search_quiz_browser_and_checker(services: AppServices) -> None:
    question, _ = services.own_questions.add(FIELDS)
    assert question.id in [q.id for q in services.library.search("layer normalization")]
    queue = services.study.build_queue(QueueSpec(kind=QueueKind.NEW, limit=0))
    assert question.id in queue
    assert question.id in services.browse.rows()
    before = services.progress.dashboard().total_questions
    services.study.rate(NewReview(question.id, Rating.GOOD, 1000))
    board = services.progress.dashboard()
    assert board.total_questions == before and board.seen == 1
    assert any(row.topic.id == "basics" and row.seen == 1 for row in board.topics)
    result = services.checker.grade(
        question,
        "It normalizes across the features of each example. It is independent of batch size.",
    )
    assert result.covered == (0, 1)  # plain-text points get rules from their own words
    assert services.checker.grade(question, "features, example, batch").covered == ()


def test_a_plain_list_imports_as_cards_with_the_answer_to_write(
    services: AppServices, tmp_path: Path, clock: FixedClock
) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(
        "1. What is gradient clipping?\n2. What does softmax compute?\n", encoding="utf-8"
    )
    own = services.own_questions
    preview = own.preview_import(read_import(listing))
    assert [i.duplicate for i in preview.items] == [False, True]  # softmax is built in
    assert all(i.needs_answer for i in preview.items)
    result = own.import_drafts(preview)
    assert result.summary() == {
        "added": 1,
        "skipped": 1,
        "questions": ["What is gradient clipping?"],
    }
    (added,) = result.added
    assert result.changes.content and result.changes.question_ids == {added.id}
    again = _reopen(services, clock)
    try:
        loaded = again.library.question(added.id)
        assert loaded is not None and loaded.needs_answer and loaded.key_points == ()
        assert loaded.topic == "my-questions"
        assert again.library.topic_name(loaded.topic) == "My questions"
    finally:
        again.close()


def test_duplicates_against_own_questions_are_skipped_and_can_be_ticked(
    services: AppServices, tmp_path: Path
) -> None:
    own = services.own_questions
    own.add(OwnQuestionFields(title="What is gradient clipping", short_answer="Cap."))
    listing = tmp_path / "list.txt"
    listing.write_text("- what is  Gradient clipping?\n- What is warm-up?\n", encoding="utf-8")
    preview = own.preview_import(read_import(listing))
    assert preview.duplicates == 1 and preview.default_choice == (1,)
    result = own.import_drafts(preview, chosen=[0, 1])  # the learner ticked it anyway
    assert len(result.added) == 2


@pytest.mark.parametrize("modern", [False, True], ids=["legacy", "anki21b"])
def test_an_anki_deck_imports_with_media_and_its_history_replayed(
    services: AppServices, tmp_path: Path, modern: bool
) -> None:
    day = 86_400_000
    start = int(datetime(2026, 2, 1, tzinfo=UTC).timestamp() * 1000)
    deck = Deck(
        [
            Note(
                "What is <b>ReLU</b>?",
                'max(0, x) <img src="relu.png">',
                "activations",
                ((start, 1, 9000), (start + day, 3, 5000), (start + 4 * day, 3, 4000)),
            ),
            Note("What is a GELU?", "A smooth ReLU."),
        ],
        name="Deep::Activations",
        media={"relu.png": PNG},
    )
    path = write_apkg(tmp_path / "deck.apkg", deck, modern)
    own = services.own_questions
    preview = own.preview_import(read_import(path, with_history=True))
    assert preview.reviews == 3 and preview.new_topics == ("Activations",)
    result = own.import_drafts(preview, with_history=True)
    assert result.reviews == 3 and result.changes.reviews
    relu = result.added[0]
    assert relu.tags == ("activations",) and "![](media/relu.png)" in relu.short_answer
    assert (services.data_dir / "media" / "relu.png").read_bytes() == PNG
    card = services.study.card(relu.id)
    replayed = services.study.scheduler.replay(relu.id, services.library.history(relu.id))
    assert card == replayed and card.reps == 3  # the one replay function, same result
    assert services.study.card(result.added[1].id).reps == 0


def test_a_picture_with_a_taken_name_is_kept_beside_the_other(
    services: AppServices, tmp_path: Path
) -> None:
    (services.data_dir / "media").mkdir()
    (services.data_dir / "media" / "relu.png").write_bytes(b"another picture")
    deck = Deck([Note("What is ReLU?", '<img src="relu.png">')], media={"relu.png": PNG})
    own = services.own_questions
    result = own.import_file(write_apkg(tmp_path / "d.apkg", deck))
    (added,) = result.added
    assert (services.data_dir / "media" / "relu.png").read_bytes() == b"another picture"
    (renamed,) = [p for p in (services.data_dir / "media").iterdir() if p.name != "relu.png"]
    assert renamed.read_bytes() == PNG and f"media/{renamed.name}" in added.short_answer


def test_a_pack_round_trips_whole_with_its_figures(
    services: AppServices, tmp_path: Path, clock: FixedClock
) -> None:
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        source = FIXTURE_CONTENT / "questions" / "02-momentum.md"
        archive.writestr("questions/02.md", source.read_text().replace("What does", "What do"))
        for figure in (FIXTURE_CONTENT / "figures").glob("*.svg"):
            archive.writestr(f"figures/{figure.name}", figure.read_bytes())
    own = services.own_questions
    (added,) = own.import_file(pack).added
    builtin = services.library.question(2)
    assert builtin is not None
    assert added.key_points == builtin.key_points and added.follow_ups == builtin.follow_ups
    assert added.key_point_rules == builtin.key_point_rules
    assert "](media/02-paths.svg)" in added.detailed_answer + added.short_answer
    assert (services.data_dir / "media" / "02-paths.svg").is_file()
    # What was written reads back to the same question.
    loaded = load_own_library(services.data_dir, services.library.topics).question(added.id)
    assert loaded is not None and question_markdown(loaded) == question_markdown(added)


def test_cancelling_an_import_writes_nothing(services: AppServices, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"{n}. Question number {n}?\n" for n in range(50)))
    own = services.own_questions
    preview = own.preview_import(read_import(listing))
    asked = []
    with pytest.raises(InterruptedError):
        own.import_drafts(preview, cancelled=lambda: asked.append(1) or len(asked) > 20)
    assert list((services.data_dir / "questions").rglob("*.md")) == []
    assert not list(services.data_dir.glob(".import-*"))
    assert services.library.questions == services.own_questions.builtin.questions


def test_a_failure_while_moving_in_takes_every_file_back_out(
    services: AppServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = Deck(
        [Note("What is A?", '<img src="a.png">'), Note("What is B?", '<img src="b.png">')],
        media={"a.png": PNG, "b.png": PNG + b"b"},
    )
    own = services.own_questions
    preview = own.preview_import(read_import(write_apkg(tmp_path / "d.apkg", deck)))
    real_replace, calls = os.replace, []

    def failing(src: object, dst: object) -> None:
        calls.append(dst)
        if len(calls) == 3:  # both pictures are in media/, then the questions fail
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr("studyapp.storage.own_files.os.replace", failing)
    with pytest.raises(OwnQuestionError, match="nothing was imported"):
        own.import_drafts(preview)
    monkeypatch.undo()
    assert len(calls) == 3
    assert list((services.data_dir / "questions").rglob("*.md")) == []
    assert list((services.data_dir / "media").iterdir()) == []
    assert not list(services.data_dir.glob(".import-*"))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--content-dir", str(FIXTURE_CONTENT), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_the_command_line_imports_and_prints_json(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("1. What is a residual connection?\n2. What does softmax compute?\n")
    data = tmp_path / "data"
    done = _cli("--data-dir", str(data), "--import", str(listing))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "added": 1,
        "skipped": 1,
        "questions": ["What is a residual connection?"],
    }
    assert len(list((data / "questions").rglob("*.md"))) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.zip", {"../evil.md": b"x"}, "outside the archive"),
        ("abs.zip", {"/tmp/evil.md": b"x"}, "outside the archive"),
        ("bomb.zip", {"questions/huge.md": b"0" * (60 * 2**20)}, "zip bomb"),
        ("broken.apkg", {"collection.anki2": b"not sqlite" * 200}, "damaged or not a collection"),
    ],
)
def test_a_hostile_file_writes_nothing_anywhere(
    tmp_path: Path, name: str, content: dict[str, bytes], message: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    hostile = tmp_path / "in" / name
    hostile.parent.mkdir()
    with zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as archive:
        for inner, payload in content.items():
            archive.writestr(inner, payload)
    around = _tree(tmp_path)
    done = _cli("--data-dir", str(data), "--import", str(hostile))
    assert done.returncode == 2 and message in done.stderr and done.stdout == ""
    assert _tree(tmp_path) == around and list(data.iterdir()) == []


def test_html_with_scripts_is_imported_as_text_only(services: AppServices, tmp_path: Path) -> None:
    deck = Deck([Note('What is <script>alert("x")</script>tanh?', "<style>p{}</style>A curve.")])
    (added,) = services.own_questions.import_file(write_apkg(tmp_path / "d.apkg", deck)).added
    assert "alert" not in added.title + added.short_answer
    assert "style" not in added.short_answer


def test_an_imported_answer_with_a_section_heading_still_reads_back(
    services: AppServices, tmp_path: Path
) -> None:
    table = tmp_path / "cards.csv"
    table.write_text(
        'question,answer\n"What is BPE?","Merges pairs.\n\n## History\n\nFrom compression."\n',
        encoding="utf-8",
    )
    (added,) = services.own_questions.import_file(table).added
    loaded = load_own_library(services.data_dir, services.library.topics).question(added.id)
    assert loaded is not None and "### History" in loaded.detailed_answer


def test_the_editor_path_keeps_checker_rules_and_clears_answer_to_write(
    services: AppServices, tmp_path: Path
) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("What is a GRU?\n", encoding="utf-8")
    own = services.own_questions
    (card,) = own.import_file(listing).added
    assert card.needs_answer
    written = replace(
        card,
        short_answer="A gated recurrent unit.",
        key_points=("an update gate and a reset gate",),
        key_point_rules=(("update gate & reset gate",),),
    )
    saved, _ = own.save_question(written)
    assert not saved.needs_answer and saved.key_point_rules == (("update gate & reset gate",),)
    loaded = load_own_library(services.data_dir, services.library.topics).question(card.id)
    assert loaded is not None and not loaded.needs_answer
    assert loaded.key_point_rules == saved.key_point_rules


def test_backups_carry_own_questions_and_a_restore_brings_them_back(
    services: AppServices, clock: FixedClock
) -> None:
    own = services.own_questions
    kept, _ = own.add(FIELDS)
    picture = own.save_media("curve.png", PNG)
    services.study.rate(NewReview(kept.id, Rating.GOOD, 2000))
    backup = services.backup()
    assert (backup.parent / (backup.name + ".files.zip")).is_file()
    later, _ = services.own_questions.add(
        OwnQuestionFields(title="Added after the backup?", short_answer="Yes.")
    )
    services.own_questions.delete(kept.id)
    (services.data_dir / picture).unlink()
    services.restore(backup)
    assert services.library.question(kept.id) is not None  # back, with its history
    assert services.library.question(later.id) is None
    assert len(services.library.history(kept.id)) == 1
    assert (services.data_dir / picture).read_bytes() == PNG
    (aside,) = services.data_dir.glob("questions.before-restore-*")
    assert any(p.name.startswith(f"{later.id}-") for p in aside.iterdir())  # never deleted
    # A new question after the restore still gets a new id, not the one set aside.
    newest, _ = services.own_questions.add(OwnQuestionFields(title="Next?", short_answer="N."))
    assert newest.id not in (kept.id, later.id)


def test_pruning_a_backup_deletes_its_files_archive_too(
    services: AppServices, clock: FixedClock
) -> None:
    from datetime import timedelta

    from studyapp.storage.backups import backups_dir, prune_backups

    services.own_questions.add(FIELDS)
    for _ in range(12):
        clock.advance(timedelta(days=1))
        services.backup()  # prunes as it goes
    prune_backups(services.data_dir, UTC, clock.now())
    names = sorted(p.name for p in backups_dir(services.data_dir).iterdir())
    databases = [n for n in names if n.endswith(".sqlite3")]
    archives = [n for n in names if n.endswith(".files.zip")]
    assert len(databases) < 12  # the rotation removed some
    assert {a.removesuffix(".files.zip") for a in archives} == set(databases)


def test_the_interview_plan_counts_and_schedules_own_questions(
    services: AppServices, clock: FixedClock
) -> None:
    from datetime import timedelta

    assert services.plan.goal() is None  # the planner exists before the question does
    question, _ = services.own_questions.add(FIELDS)
    day = (clock.now() + timedelta(days=10)).date()
    services.plan.set_goal(day, ("basics",), 0.9, 60)
    status = services.plan.status()
    assert status is not None and status.states is not None
    forecast = status.forecast
    assert forecast is not None and question.id in forecast.recall_on_day  # counted
    planned = {qid for plan_day in forecast.days for qid in plan_day.new}
    assert question.id in planned  # and given a day to be learnt on
