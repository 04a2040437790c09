"""The dashboard on the real database: empty state, charts with data, and its actions."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from tests.ui.conftest import WindowFactory


def test_first_time_user_sees_an_invitation_not_empty_charts(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    assert page.empty.isVisible() and not page.detail.isVisible()
    assert "Welcome" in page.next_text.text()
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.quiz
    assert window.quiz.stack.currentWidget() is window.quiz.card


def test_charts_fill_in_and_show_tooltips(
    make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    for day in range(5):
        services.study.rate(NewReview(1 + day % 3, Rating((day % 4) + 1), 90_000))
        clock.advance(timedelta(days=1))
    window = make_window(services)
    window.resize(1200, 900)
    window.show_page(2)
    page = window.dashboard
    assert page.detail.isVisible() and not page.empty.isVisible()
    assert page.reviews.value.text() == "5" and page.study_time.value.text() == "7 min"
    assert page.longest.value.text() == "5"
    image = page.per_day.grab().toImage()
    assert not image.isNull()
    plot = page.per_day.plot_rect()
    tip = page.per_day.tooltip_at(plot.right() - 2, plot.center().y())
    assert tip is not None and "reviews" in tip  # today's bar
    page.heatmap.grab()  # paint once, as scrolling it into view would
    heat_tip = [h.tip for h in page.heatmap._hits if "1 review" in h.tip]
    assert len(heat_tip) == 5
    assert page.weak.count() == 3


def test_practise_button_starts_a_quiz_on_that_topic(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    window = make_window(services)
    window.show_page(2)
    button = window.dashboard.topics.buttons["optim"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    quiz = window.quiz
    assert window.stack.currentWidget() is quiz
    assert quiz.session is not None and quiz.session.queue == [2]


def test_weak_question_click_opens_the_browser(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    services.study.rate(NewReview(3, Rating.AGAIN, 1000))
    window = make_window(services)
    window.show_page(2)
    item = window.dashboard.weak.item(0)
    window.dashboard.weak.itemClicked.emit(item)
    assert window.stack.currentWidget() is window.browser
    assert window.browser.current_id == 3


def test_dashboard_redraws_after_a_rating(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(2)
    assert window.dashboard.reviews.value.text() == "0"
    window.show_page(1)
    window.quiz.start_spec(window.quiz.setup.current().spec())
    window.quiz.reveal()
    window.quiz.rate(Rating.GOOD)
    window.show_page(2)
    assert window.dashboard.reviews.value.text() == "1"
