"""Own questions and their pictures through the sync folder: two data folders, one shared."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.domain import Question, Rating
from studyapp.services.own_questions import OwnQuestionFields
from studyapp.services.sync import status_text
from studyapp.sync.records import MediaRecord, OwnRecord, RecordError, decode, encode
from tests.core.sync_helpers import Device, make_device
from tools.anki_deck import PNG

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Device, Device]:
    shared = tmp_path / "Sync"
    shared.mkdir()
    laptop = make_device(tmp_path, "laptop", FixedClock(START), shared)
    desk = make_device(tmp_path, "desk", FixedClock(START + timedelta(minutes=1)), shared)
    yield laptop, desk
    laptop.services.close()
    desk.services.close()


def own(device: Device) -> dict[int, Question]:
    return {q.id: q for q in device.services.library.questions if q.is_own}


def test_a_question_added_on_one_computer_arrives_with_its_picture_and_reviews(
    pair: tuple[Device, Device],
) -> None:
    laptop, desk = pair
    picture = laptop.services.own_questions.save_media("curve.png", PNG)
    question, _ = laptop.services.own_questions.add(
        OwnQuestionFields(
            title="What does the loss curve show?",
            short_answer="Overfitting.",
            detailed_answer=f"![curve]({picture})",
        )
    )
    laptop.rate(question.id, Rating.GOOD)
    laptop.sync()
    desk.sync()
    arrived = own(desk)[question.id]
    assert arrived.title == question.title and picture in arrived.detailed_answer
    assert (desk.services.data_dir / picture).read_bytes() == PNG
    assert [r.rating for r in desk.services.library.history(question.id)] == [Rating.GOOD]
    assert desk.cards()[question.id] == laptop.cards()[question.id]
    # Nothing comes back as a change: syncing again on both leaves one question each.
    desk.sync()
    laptop.sync()
    assert list(own(laptop)) == list(own(desk)) == [question.id]


def test_first_questions_made_apart_on_two_computers_both_survive(
    pair: tuple[Device, Device],
) -> None:
    laptop, desk = pair
    mine, _ = laptop.services.own_questions.add(OwnQuestionFields("What is dropout?", "Noise."))
    theirs, _ = desk.services.own_questions.add(OwnQuestionFields("What is a GRU?", "Gates."))
    assert mine.id != theirs.id
    for device in (laptop, desk, laptop):
        device.sync()
    assert sorted(own(laptop)) == sorted(own(desk)) == sorted([mine.id, theirs.id])


def test_an_edit_on_both_sides_keeps_the_later_and_a_conflict_copy(
    pair: tuple[Device, Device],
) -> None:
    laptop, desk = pair
    question, _ = laptop.services.own_questions.add(OwnQuestionFields("What is BPE?", "Merges."))
    laptop.sync()
    desk.sync()
    fields = OwnQuestionFields.of(question)
    laptop.services.own_questions.edit(question.id, replace(fields, short_answer="Laptop's."))
    laptop.sync()  # sent at START
    desk.services.own_questions.edit(question.id, replace(fields, short_answer="Desk's."))
    report = desk.services.sync.sync_now()  # the desk's edit is the later (its clock is ahead)
    desk.services.sync.settle(report)
    assert report.copies == 1
    assert "conflict copy from" in status_text(report, None, UTC)
    laptop.sync()
    for device in (laptop, desk):
        questions = own(device)
        assert questions[question.id].short_answer == "Desk's."
        (copy,) = [q for q in questions.values() if q.id != question.id]
        assert copy.title == "What is BPE? (conflict copy from laptop)"
        assert copy.short_answer == "Laptop's."
    assert sorted(own(laptop)) == sorted(own(desk))
    # An edit made from the merged version simply replaces it, no further copy.
    laptop.services.own_questions.edit(
        question.id, replace(OwnQuestionFields.of(own(laptop)[question.id]), short_answer="Both.")
    )
    laptop.sync()
    desk.sync()
    assert own(desk)[question.id].short_answer == "Both." and len(own(desk)) == 2


def test_a_delete_travels_and_the_history_stays(pair: tuple[Device, Device]) -> None:
    laptop, desk = pair
    question, _ = laptop.services.own_questions.add(OwnQuestionFields("What is ReLU?", "max."))
    laptop.rate(question.id, Rating.HARD)
    laptop.sync()
    desk.sync()
    assert question.id in own(desk)
    laptop.services.own_questions.delete(question.id)
    laptop.sync()
    desk.sync()
    assert question.id not in own(desk)
    # Its id stays used here, so this computer never hands it out to a new question.
    used = (desk.services.data_dir / "questions" / ".used-ids").read_text().split()
    assert str(question.id) in used
    assert not list((desk.services.data_dir / "questions").rglob(f"{question.id}-*.md"))
    assert len(desk.services.library.history(question.id)) == 1
    # Deleted stays deleted: a later sync does not bring it back on either side.
    desk.sync()
    laptop.sync()
    assert question.id not in own(laptop) and question.id not in own(desk)


def test_the_progress_file_carries_own_questions_and_pictures(
    pair: tuple[Device, Device], tmp_path: Path
) -> None:
    laptop, desk = pair
    picture = laptop.services.own_questions.save_media("plot.png", PNG)
    question, _ = laptop.services.own_questions.add(
        OwnQuestionFields("What is a ROC curve?", "TPR vs FPR.", f"![plot]({picture})")
    )
    path = tmp_path / "progress.deepstudy"
    laptop.services.sync.export_file(path)
    desk.services.sync.settle(desk.services.sync.merge_file(path))
    assert own(desk)[question.id].title == question.title
    assert (desk.services.data_dir / picture).read_bytes() == PNG


def test_own_and_picture_records_round_trip_and_a_bad_picture_name_is_refused() -> None:
    own_record = OwnRecord(123456, "---\nid: 123456\n---\n", START, "abc1", "0" * 16)
    picture = MediaRecord("curve.png", PNG)
    assert decode(encode(own_record)[:-1]) == own_record
    assert decode(encode(picture)[:-1]) == picture
    with pytest.raises(RecordError, match="file name"):
        decode(encode(MediaRecord("../evil.png", PNG))[:-1])
