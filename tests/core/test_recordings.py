"""Recordings of spoken answers in the data folder: kept by the review's uid, deleted after
the days Settings allow (or never kept), their size reported; and the installed app's voice
add-on found beside the program, only when it fits this Python."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.services.recordings import Recordings
from studyapp.voice.addon import MARKER, activate_addon, find_addon


def _recording(folder: Path, name: str, age_days: float, now: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"x" * 1000)
    stamp = now - age_days * 86400
    os.utime(path, (stamp, stamp))
    return path


def test_old_recordings_go_at_start_and_never_keep_removes_all(
    services: AppServices, clock: FixedClock
) -> None:
    folder = services.data_dir / "audio"
    now = clock.now().timestamp()
    fresh = _recording(folder, "a.flac", 2, now)
    old = _recording(folder, "b.flac", 40, now)
    half = _recording(folder, "c.flac.part", 0, now)  # a crash while writing
    assert services.recordings.use().files == 3
    assert services.prune_recordings() == 2  # the default keeps 30 days
    assert fresh.exists() and not old.exists() and not half.exists()
    assert services.recordings.use().bytes == 1000

    services.settings.save(replace(services.settings.load(), audio_keep_days=0))
    assert services.prune_recordings() == 1
    assert services.recordings.use().files == 0


def test_a_kept_recording_is_named_by_its_review_and_reads_back(services: AppServices) -> None:
    np = pytest.importorskip("numpy")
    soundfile = pytest.importorskip("soundfile")
    samples = (0.1 * np.sin(np.arange(16_000) / 5)).astype(np.float32)
    uid, name = services.recordings.keep(samples, keep_days=30)
    assert name == f"{uid}.flac"
    review = NewReview(1, Rating.GOOD, 1000, transcript="said", audio=name, uid=uid)
    stored = services.study.rate(review).review
    assert stored.uid == uid and stored.audio == name and stored.transcript == "said"
    path = services.recordings.path(name)
    assert path is not None
    back, rate = soundfile.read(str(path), dtype="float32")
    assert rate == 16_000 and len(back) == len(samples)
    assert abs(back - samples).max() < 1e-3  # 16-bit FLAC: lossless to its depth
    assert path.stat().st_size < len(samples) * 2  # smaller than the 16-bit WAV would be
    # Never keep: the review still gets its own uid, no file is written.
    other_uid, none = services.recordings.keep(samples, keep_days=0)
    assert none is None and other_uid != uid
    assert services.recordings.use().files == 1
    services.recordings.discard(name)
    assert services.recordings.path(name) is None


def test_a_stored_name_never_reaches_outside_the_audio_folder(tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    recordings = Recordings(tmp_path / "data")
    recordings.discard("../precious.txt")
    assert outside.exists() and recordings.path("../precious.txt") is None


def _addon(folder: Path, python: str) -> Path:
    site = folder / "deepstudy-voice" / "site-packages"
    site.mkdir(parents=True)
    (site / MARKER).write_text(json.dumps({"python": python, "version": "1"}))
    return site


def test_the_voice_add_on_is_found_beside_the_program_when_it_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "opt" / "deepstudy"
    program.mkdir(parents=True)
    assert find_addon(program, {}) == (None, None)  # not installed: the install hint shows
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    site = _addon(tmp_path / "opt", here)
    assert find_addon(program, {}) == (site, None)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    (site / "addon_only_pkg").mkdir()
    (site / "addon_only_pkg" / "__init__.py").write_text("WHERE = 'add-on'\n")
    assert activate_addon(program) is None and sys.path[-1] == str(site)
    activate_addon(program)
    assert sys.path.count(str(site)) == 1  # once
    import addon_only_pkg  # type: ignore[import-not-found]

    assert addon_only_pkg.WHERE == "add-on"
    monkeypatch.delitem(sys.modules, "addon_only_pkg")
    # Only the add-on's own top-level names are looked up in it: the rest stays the app's.
    finder = sys.meta_path[0]
    assert finder.find_spec("json", None) is None  # type: ignore[call-arg]


def test_an_add_on_for_another_python_is_named_not_loaded(tmp_path: Path) -> None:
    program = tmp_path / "opt" / "deepstudy"
    program.mkdir(parents=True)
    _addon(tmp_path / "opt", "2.7")
    folder, problem = find_addon(program, {})
    assert folder is None and problem is not None and "Python 2.7" in problem
    elsewhere = _addon(tmp_path / "custom", "2.7").parent.parent
    site = elsewhere / "deepstudy-voice" / "site-packages"
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    (site / MARKER).write_text(json.dumps({"python": here}))
    assert find_addon(program, {"DEEPSTUDY_VOICE_ADDON": str(site)}) == (site, None)


def test_a_recording_collects_every_block_with_its_level_and_time() -> None:
    np = pytest.importorskip("numpy")
    from studyapp.voice.capture import CaptureError, Recording, fake_source, resample

    source = fake_source(seconds=1.5)
    recording = Recording(source)
    recording.start()
    source.wait()
    assert recording.seconds == pytest.approx(1.5)
    assert 0.2 < recording.level <= 1.0
    samples = recording.stop()
    assert len(samples) == 24_000 and samples.dtype == np.float32
    with pytest.raises(CaptureError, match="busy"):
        Recording(fake_source(fail="The microphone is busy")).start()
    # 44.1 kHz stereo from a device becomes 16 kHz mono.
    stereo = np.zeros((44_100, 2), np.float32)
    assert len(resample(stereo, 44_100)) == 16_000


def test_delivery_is_described_in_one_line_against_the_limit() -> None:
    from studyapp.voice.delivery import describe

    figures = {"words_per_minute": 190.0, "fillers": {"um": 2}, "long_pauses": [[3.0, 2.5]]}
    line = describe(figures, duration=200, limit=180)
    assert "190 words a minute (fast)" in line and "2 fillers (“um” ×2)" in line
    assert "1 pause of 2 s or more" in line and "3:20 of 3:00, 0:20 over" in line
    assert describe({"fillers": {}}, duration=45).endswith("0:45 spoken")


def test_prune_keeps_files_newer_than_the_cut_off(tmp_path: Path, clock: FixedClock) -> None:
    recordings = Recordings(tmp_path)
    now = clock.now()
    kept = _recording(tmp_path / "audio", "k.flac", 6.9, now.timestamp())
    _recording(tmp_path / "audio", "d.flac", 7.1, now.timestamp())
    assert recordings.prune(7, now) == 1 and kept.exists()
    assert recordings.prune(7, now + timedelta(days=1)) == 1


def test_the_session_summary_line_counts_spoken_answers_only() -> None:
    from datetime import UTC, datetime

    from studyapp.domain import Review, ReviewMode
    from studyapp.stats.spoken import spoken_summary

    def review(transcript: str | None, delivery: str | None) -> Review:
        when = datetime(2026, 3, 10, tzinfo=UTC)
        return Review(
            1,
            1,
            when,
            Rating.GOOD,
            1000,
            ReviewMode.MOCK,
            transcript=transcript,
            delivery=delivery,
        )

    fast = json.dumps(
        {"words_per_minute": 160, "fillers": {"um": 2}, "long_pauses": [[1, 3]], "duration": 200}
    )
    slow = json.dumps({"words_per_minute": 120, "fillers": {}, "long_pauses": [], "duration": 90})
    reviews = [review("a", fast), review("b", slow), review(None, None), review("c", "{bad")]
    line = spoken_summary(reviews, limit_s=180)
    assert line is not None
    assert "2 spoken answers" in line and "140 words a minute on average" in line
    assert "2 fillers" in line and "1 pause of 2 s" in line and "1 over the 3:00 limit" in line
    assert spoken_summary([review(None, None)]) is None
