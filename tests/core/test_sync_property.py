"""Hypothesis: any interleaving of two devices' ratings, undos, clock steps and syncs ends,
after a final sync on both, with one history and one schedule, equal to a single device
that gave all the surviving ratings."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.clock import FixedClock
from studyapp.domain import Rating
from tests.core.sync_helpers import make_device, single_device_replica

START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

action = st.one_of(
    st.tuples(st.just("rate"), st.integers(0, 1), st.integers(1, 3), st.sampled_from(Rating)),
    st.tuples(st.just("undo"), st.integers(0, 1)),
    st.tuples(st.just("sync"), st.integers(0, 1)),
    st.tuples(st.just("wait"), st.integers(0, 1), st.integers(1, 3000)),  # minutes
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actions=st.lists(action, min_size=1, max_size=14),
    skew_minutes=st.integers(-600, 600),
)
def test_any_interleaving_converges(actions: list[tuple], skew_minutes: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "Sync"
        folder.mkdir()
        devices = [
            make_device(root, "a", FixedClock(START), folder),
            make_device(root, "b", FixedClock(START + timedelta(minutes=skew_minutes)), folder),
        ]
        try:
            for step in actions:
                device = devices[step[1]]
                if step[0] == "rate":
                    device.rate(step[2], step[3])
                elif step[0] == "undo" and device.results:
                    device.undo()
                elif step[0] == "sync":
                    device.sync()
                elif step[0] == "wait":
                    device.clock.advance(timedelta(minutes=step[2]))
            for device in (*devices, *devices):
                device.sync()
            a, b = devices
            assert a.history() == b.history()
            assert a.cards() == b.cards()
            assert single_device_replica(root, devices) == a.cards()
        finally:
            for device in devices:
                device.services.close()
