"""Guarantee 9 in the core: every main flow runs with the network made impossible, and raw
HTML in content or notes is shown as text, never interpreted."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import pytest

from studyapp.app import AppServices
from studyapp.content.loader import load_library
from studyapp.content.render import AnswerRenderer
from studyapp.content.render_cache import RenderCache
from studyapp.content.theme import DARK, LIGHT
from studyapp.domain import NewReview, Rating
from studyapp.storage.backups import make_backup
from tests.conftest import REAL_CONTENT
from tests.offline import NetworkAttempt, block_network

HOSTILE = """Notes with <script>alert(1)</script>, <img src="http://tracker.example/p.png">,
<iframe src="https://evil.example"></iframe>, <a href="javascript:alert(1)">x</a>,
<style>body{display:none}</style> and ![remote](https://example.com/cat.png)."""


def test_the_block_really_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts = block_network(monkeypatch)
    with pytest.raises(OSError, match="network access attempted"):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    with pytest.raises(NetworkAttempt):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(attempts) == 2


def test_main_flows_never_touch_the_network(
    real_services: AppServices, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = block_network(monkeypatch)
    services = real_services
    # Load the content.
    library = load_library(REAL_CONTENT)
    assert len(library.questions) == 50 and library.problems == ()
    # Render every answer, formulas and figures included (one theme: the other differs only
    # in colours, and rendering is the slow part of this test).
    for theme in (DARK,):
        renderer = AnswerRenderer(REAL_CONTENT, theme, cache=RenderCache(tmp_path / theme.name))
        for question in library.questions:
            doc = renderer.render_question(question)
            assert doc.problems == [], (question.id, doc.problems)
            for url in _image_urls(doc.html):
                assert renderer.image(url) is not None, (question.id, url)
    # Rate, undo, star, write a note, search it.
    results = [
        services.study.rate(NewReview(q.id, Rating(1 + q.id % 4), 1000))
        for q in library.questions[:20]
    ]
    services.study.undo(results[-1])
    services.library.set_starred(3, True)
    services.library.set_note(3, HOSTILE)
    assert [q.id for q in services.library.search("evil")] == [3]  # a word only the note has
    # Dashboard, streaks, exports, backups, repair.
    dashboard = services.progress.dashboard()
    assert dashboard is not None and services.progress.streaks() is not None
    assert services.export.review_log_csv(tmp_path / "log.csv") == 19
    assert services.export.progress_json(tmp_path / "progress.json") > 0
    make_backup(services.engine, services.data_dir, services.clock.now())
    assert services.study.rebuild_states() == 19
    assert attempts == []


def test_raw_html_in_notes_and_content_is_shown_as_text() -> None:
    renderer = AnswerRenderer(REAL_CONTENT, LIGHT)
    html = renderer.render_markdown(HOSTILE).html
    for tag in ("<script", "<iframe", "<style", '<img src="http', '<a href="javascript'):
        assert tag not in html
    assert "&lt;script&gt;" in html and "&lt;iframe" in html
    # Only the markdown image survives as an <img>; its web address is one the answer view
    # refuses to load (tests/ui/test_reliability_contained.py), so nothing is fetched.
    assert [u for u in _image_urls(html) if html.count(f'<img alt="remote" src="{u}"')] == [
        "https://example.com/cat.png"
    ]


def _image_urls(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('src="')[1:]]
