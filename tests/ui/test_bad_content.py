"""A broken question file: the app starts with every valid question and names the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

from studyapp.app import build_services
from studyapp.clock import FixedClock
from tests.conftest import FIXTURE_CONTENT
from tests.ui.conftest import WindowFactory


def test_app_starts_with_valid_questions_and_lists_problems(
    tmp_path: Path, data_dir: Path, clock: FixedClock, make_window: WindowFactory
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    broken = content / "questions" / "02-momentum.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("topic: optim", "topic: [oops"))
    services = build_services(data_dir, clock=clock, content_root=content)
    try:
        window = make_window(services)
        assert window.browser.visible_ids() == [1, 3]
        problems = [str(p) for p in services.content_problems]
        assert len(problems) == 1 and problems[0].startswith(f"{broken}:")
        assert "malformed YAML" in problems[0]
        status = window.statusBar().currentMessage()
        assert "1 content problem(s)" in status
        assert "Help > Content problems" in status
    finally:
        services.close()
