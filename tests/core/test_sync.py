"""Two data folders and one shared sync folder: what a learner with two computers sees."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studyapp.clock import FixedClock
from studyapp.domain import Rating
from studyapp.sync.folder import device_dir, segments
from studyapp.sync.records import RecordError, ReviewRecord, decode, encode
from tests.core.sync_helpers import SKEW, Device, make_device, single_device_replica

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder


@pytest.fixture
def pair(tmp_path: Path, shared: Path) -> tuple[Device, Device]:
    laptop = make_device(tmp_path, "laptop", FixedClock(START), shared)
    # The desk computer's clock runs three hours fast.
    desk = make_device(tmp_path, "desk", FixedClock(START + SKEW), shared)
    yield laptop, desk
    laptop.services.close()
    desk.services.close()


def advance(devices: tuple[Device, ...], delta: timedelta) -> None:
    for device in devices:
        device.clock.advance(delta)


def assert_same(tmp_path: Path, laptop: Device, desk: Device) -> None:
    assert laptop.history() == desk.history()
    assert laptop.cards() == desk.cards()
    assert single_device_replica(tmp_path, [laptop, desk]) == laptop.cards()


def test_alternate_and_simultaneous_study_with_skew_and_an_undo_end_the_same(
    tmp_path: Path, pair: tuple[Device, Device]
) -> None:
    laptop, desk = pair
    laptop.rate(1, Rating.GOOD)
    laptop.rate(2, Rating.AGAIN)
    laptop.sync()
    desk.sync()
    assert len(desk.history()) == 2 and desk.cards()[1] == laptop.cards()[1]
    advance(pair, timedelta(days=1))
    # The same question studied on both at the same time, before either syncs.
    desk.rate(1, Rating.HARD)
    laptop.rate(1, Rating.EASY)
    desk.rate(3, Rating.GOOD)
    desk.rate(2, Rating.GOOD)
    desk.undo()  # the desk takes back its rating of question 2
    advance(pair, timedelta(hours=2))
    laptop.rate(2, Rating.GOOD)
    for device in (desk, laptop, desk):
        device.sync()
    assert_same(tmp_path, laptop, desk)
    assert len(laptop.history()) == 6
    # Syncing again changes nothing and never counts a review twice.
    laptop.sync()
    desk.sync()
    assert len(desk.history()) == 6
    assert_same(tmp_path, laptop, desk)


def test_an_undo_after_the_review_travelled_removes_it_everywhere(
    tmp_path: Path, pair: tuple[Device, Device]
) -> None:
    laptop, desk = pair
    laptop.rate(4, Rating.GOOD)
    laptop.rate(4, Rating.AGAIN)
    laptop.sync()
    desk.sync()
    assert len(desk.history()) == 2
    laptop.undo()
    laptop.sync()
    desk.sync()
    assert [h[3] for h in desk.history()] == [Rating.GOOD]
    assert desk.cards()[4] == laptop.cards()[4]
    # An old copy of the log met again (a backup of the folder) does not bring it back.
    laptop.services.sync.set_folder(None)
    laptop.services.sync.set_folder(laptop.services.sync.folder() or Path())
    desk.sync()
    assert len(desk.history()) == 1


def test_a_record_still_being_copied_waits_and_a_damaged_one_is_passed_over(
    tmp_path: Path, pair: tuple[Device, Device], shared: Path
) -> None:
    laptop, desk = pair
    laptop.rate(1)
    laptop.rate(2)
    laptop.sync()
    (_n, log), *_ = segments(device_dir(shared, laptop.services.sync.device_id()))
    whole = log.read_bytes()
    log.write_bytes(whole[:-25])  # the sync tool has copied all but the end
    report = desk.services.sync.sync_now()
    desk.services.sync.settle(report)
    assert report.waiting == ("laptop",) and len(desk.history()) == 1
    log.write_bytes(whole)  # the copy completes
    desk.sync()
    assert len(desk.history()) == 2
    # A line damaged in the middle of a file, with whole records after it.
    laptop.rate(3)
    laptop.rate(5)
    laptop.sync()
    data = log.read_bytes()
    lines = data.split(b"\n")
    lines[-3] = lines[-3][:20] + b"#" + lines[-3][21:]
    log.write_bytes(b"\n".join(lines))
    report = desk.services.sync.sync_now()
    assert report.skipped == 1 and report.added == 1 and not report.waiting


def test_a_missing_folder_pauses_sync_and_loses_nothing(
    tmp_path: Path, pair: tuple[Device, Device], shared: Path
) -> None:
    laptop, desk = pair
    laptop.rate(1)
    laptop.sync()
    moved = shared.rename(tmp_path / "unplugged")
    laptop.rate(2)
    report = laptop.services.sync.sync_now()
    assert "Sync is paused" in report.paused and report.changes.reviews is False
    assert len(laptop.history()) == 2  # the rating made meanwhile is kept
    moved.rename(shared)
    laptop.sync()
    desk.sync()
    assert len(desk.history()) == 2


def test_notes_the_later_edit_wins_and_the_other_is_kept_as_a_conflict_copy(
    tmp_path: Path, pair: tuple[Device, Device]
) -> None:
    laptop, desk = pair
    laptop.services.library.set_note(1, "softmax: subtract the max")
    laptop.sync()
    desk.sync()
    assert desk.services.library.note(1) == "softmax: subtract the max"
    # An edit made from the note both hold replaces it, no conflict.
    advance(pair, timedelta(minutes=5))
    desk.services.library.set_note(1, "softmax: subtract the max first")
    desk.sync()
    laptop.sync()
    assert laptop.services.library.note(1) == "softmax: subtract the max first"
    assert laptop.services.sync.conflicts(1) == []
    # Both edit before syncing: the desk's edit is stamped later (its clock is ahead).
    advance(pair, timedelta(minutes=5))
    laptop.services.library.set_note(1, "laptop's version")
    desk.services.library.set_note(1, "desk's version")
    laptop.sync()
    desk.sync()
    laptop.sync()
    for device in pair:
        assert device.services.library.note(1) == "desk's version"
        (kept,) = device.services.sync.conflicts(1)
        assert kept.text == "laptop's version" and kept.device_name == "laptop"
    # The learner picks the kept copy on the laptop: it wins everywhere.
    advance(pair, timedelta(hours=4))
    laptop.services.sync.resolve_conflict(kept, use_it=True)
    laptop.sync()
    desk.sync()
    assert desk.services.library.note(1) == "laptop's version"
    assert laptop.services.sync.conflicts(1) == []


def test_stars_and_travelling_settings_follow_the_later_edit_the_look_stays(
    tmp_path: Path, pair: tuple[Device, Device]
) -> None:
    laptop, desk = pair
    laptop.services.library.set_starred(2, True)
    settings = laptop.services.settings
    settings.save(replace(settings.load(), desired_retention=0.85, theme="dark", new_per_day=4))
    laptop.sync()
    desk.sync()
    assert desk.services.library.starred() == {2}
    taken = desk.services.settings.load()
    assert taken.desired_retention == 0.85 and taken.new_per_day == 4
    assert taken.theme == "system"  # the look is the machine's own
    assert desk.services.study.scheduler.desired_retention == 0.85
    advance(pair, timedelta(minutes=1))
    desk.services.library.set_starred(2, False)
    desk.sync()
    laptop.sync()
    assert laptop.services.library.starred() == set()


def test_the_progress_file_carries_everything_without_a_folder(tmp_path: Path) -> None:
    laptop = make_device(tmp_path, "laptop", FixedClock(START), None)
    desk = make_device(tmp_path, "desk", FixedClock(START - SKEW), None)
    laptop.rate(1)
    laptop.rate(2, Rating.AGAIN)
    laptop.services.library.set_note(2, "momentum = ball")
    desk.rate(3)
    out = tmp_path / "progress.deepstudy"
    laptop.services.sync.export_file(out)
    report = desk.services.sync.merge_file(out)
    desk.services.sync.settle(report)
    assert report.added == 2 and desk.services.library.note(2) == "momentum = ball"
    back = tmp_path / "back.deepstudy"
    desk.services.sync.export_file(back)
    laptop.services.sync.settle(laptop.services.sync.merge_file(back))
    assert_same(tmp_path, laptop, desk)
    again = desk.services.sync.merge_file(out)
    assert again.added == 0  # merging the same file twice counts nothing twice
    cut = tmp_path / "cut.deepstudy"
    cut.write_bytes(out.read_bytes()[:-7])
    assert desk.services.sync.merge_file(cut).waiting == ("cut.deepstudy",)
    laptop.services.close()
    desk.services.close()


def test_a_restored_backup_gets_its_own_published_reviews_back(
    tmp_path: Path, pair: tuple[Device, Device]
) -> None:
    laptop, _desk = pair
    laptop.rate(1)
    laptop.sync()
    backup = laptop.services.backup()
    laptop.rate(2)
    laptop.rate(3)
    laptop.sync()
    laptop.services.restore(backup)
    assert len(laptop.history()) == 1
    laptop.sync()
    assert len(laptop.history()) == 3


def test_records_are_checked_line_by_line() -> None:
    record = ReviewRecord(
        uid="a" * 32,
        origin="b" * 32,
        seq=3,
        question_id=7,
        reviewed_at=START,
        rating=Rating.HARD,
        duration_ms=900,
        mode=replace_mode(),
        ticked=(0, 2),
    )
    line = encode(record)
    assert decode(line[:-1]) == record
    with pytest.raises(RecordError):
        decode(line[:-10])
    forged = json.loads(line.split(b"\t")[0])
    forged["rating"] = 9
    body = json.dumps(forged).encode()
    import zlib

    with pytest.raises(RecordError):
        decode(body + b"\t" + f"{zlib.crc32(body):08x}".encode())


def replace_mode():  # type: ignore[no-untyped-def]
    from studyapp.domain import ReviewMode

    return ReviewMode.NORMAL
