"""A random byte-overwrite campaign like the reliability review's (which found 52 of 200
trials ending in a traceback): every trial opens and works through every screen, or reaches
the recovery offer. The suite runs a few trials; `tools/damage_campaign.py` runs 200."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURE_CONTENT
from tools.damage_campaign import TRACEBACK, make_template, trial

TRIALS = 12


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("campaign") / "template", FIXTURE_CONTENT)


@pytest.mark.parametrize("seed", range(TRIALS))
def test_random_damage_never_ends_in_a_traceback(
    qtbot: QtBot, template: Path, tmp_path: Path, seed: int
) -> None:
    outcome, detail = trial(template, FIXTURE_CONTENT, 9100 + seed, tmp_path)
    assert outcome != TRACEBACK, detail
