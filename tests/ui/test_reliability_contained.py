"""Guarantee 9 in the window: the app runs its main flows with no network at all, the answer
view loads only our own images, and links leave the app only when clicked and only for
http(s)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QByteArray, QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.domain import Rating
from tests.core.test_reliability_offline import HOSTILE
from tests.offline import block_network
from tests.ui.conftest import WindowFactory

IMAGE = QTextDocument.ResourceType.ImageResource.value
STYLE = QTextDocument.ResourceType.StyleSheetResource.value


class Opened(QObject):
    """Receives what QDesktopServices.openUrl would hand to the system browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_the_answer_view_loads_only_our_own_images(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    view = make_window(services).browser.view
    assert isinstance(view.loadResource(IMAGE, QUrl("ds-fig:02-paths.svg")), QImage)
    for url in (
        "http://tracker.example/p.png",
        "https://example.com/cat.png",
        "file:///etc/hostname",
        "/etc/hostname",
        "ds-fig:../../../etc/hostname",
    ):
        # An empty image, not None: None let Qt open the file itself (review U1).
        refused = view.loadResource(IMAGE, QUrl(url))
        assert isinstance(refused, QImage) and refused.isNull(), url
    style = view.loadResource(STYLE, QUrl("file:///etc/hostname"))
    assert isinstance(style, QByteArray) and style.isEmpty()


def test_links_open_outside_only_when_clicked_and_only_http(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    opened = Opened()
    schemes = ("http", "https", "file", "mailto", "javascript", "ftp")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, opened, "open")
    try:
        view = window.browser.view
        view.show_html(
            '<p><a href="https://example.com/a">web</a> <a href="file:///etc/passwd">f</a></p>'
        )
        assert opened.urls == []  # showing links opens nothing
        for url in (
            "https://example.com/a",
            "http://example.com/b",
            "file:///etc/passwd",
            "mailto:someone@example.com",
            "javascript:alert(1)",
            "ftp://example.com/c",
        ):
            view.anchorClicked.emit(QUrl(url))
        assert opened.urls == ["https://example.com/a", "http://example.com/b"]
        view.anchorClicked.emit(QUrl("question:2"))  # internal links stay inside
        assert window.browser.current_id == 2
        assert len(opened.urls) == 2
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)


def test_the_window_works_with_no_network(
    qtbot: QtBot,
    make_window: WindowFactory,
    real_services: AppServices,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts = block_network(monkeypatch)
    services = real_services
    services.library.set_note(5, HOSTILE)
    window = make_window(services)
    browser = window.browser
    for question in services.library.questions:  # read every answer in the real view
        browser.show_question(question.id)
        assert browser.current_id == question.id
    browser.show_question(5)
    shown = browser.view.toPlainText()
    assert "<script>alert(1)</script>" in shown and '<img src="http://tracker' in shown
    html = browser.view.toHtml()  # ...shown as text: no such element exists in the page
    assert "<script" not in html and '<img src="http://tracker' not in html

    window.show_page(1)
    quiz = window.quiz
    quiz.start_setup(replace(quiz.setup.current(), limit=4))
    for _ in range(4):
        quiz.reveal()
        quiz.rate(Rating.GOOD)
    assert sum(len(services.library.history(q.id)) for q in services.library.questions) == 4
    window.show_page(2)
    window.dashboard.refresh()
    assert attempts == []
