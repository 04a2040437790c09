"""Shared fixtures. Qt must run offscreen: without a display it would abort the process."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
REAL_CONTENT = ROOT / "content"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid or "tests\\ui\\" in item.nodeid:
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def services(data_dir: Path, clock: FixedClock) -> Iterator[AppServices]:
    built = build_services(data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    yield built
    built.close()


@pytest.fixture
def real_services(data_dir: Path, clock: FixedClock) -> Iterator[AppServices]:
    built = build_services(data_dir, clock=clock, content_root=REAL_CONTENT)
    yield built
    built.close()
