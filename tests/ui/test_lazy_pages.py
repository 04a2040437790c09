"""Work kept out of start-up and out of hidden pages still happens when the user looks.

Quiz and Dashboard are built on first use; the browser redraws its answer pane when it is
shown again rather than behind the quiz. These tests check the user sees the same thing.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.domain import Rating
from tests.ui.conftest import WindowFactory


def test_quiz_me_on_this_starts_the_quiz_before_the_quiz_page_exists(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    assert window._quiz is None and window._dashboard is None  # nothing built at start
    first = services.library.questions[0]
    window.browser.show_question(first.id)
    window.browser.quiz_me.click()
    assert window.stack.currentWidget() is window.quiz
    quiz = window.quiz
    assert quiz.stack.currentWidget() is quiz.card
    assert quiz.question is not None and quiz.question.id == first.id


def test_dashboard_built_on_first_show_sits_in_the_stack(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(2)
    assert window.stack.currentWidget() is window.dashboard
    assert window.dashboard.isVisible()
    assert window.stack.count() == 3
    window.show_page(0)
    assert window.stack.currentWidget() is window.browser


def test_a_rating_in_the_quiz_shows_in_the_browser_answer_when_browse_is_shown(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    first = services.library.questions[0]
    window.browser.show_question(first.id)
    before = window.browser.view.toPlainText()
    window.browser.quiz_me.click()
    quiz = window.quiz
    quiz.reveal()
    quiz.rate(Rating.GOOD)
    assert window.browser._stale_answer  # not laid out behind the quiz
    window.show_page(0)
    assert not window.browser._stale_answer
    after = window.browser.view.toPlainText()
    assert after != before  # the pane now lists the review just made
    assert "Good" in after


def test_rasterised_formulas_stay_within_their_budget_and_still_draw(
    make_window: WindowFactory, real_services: AppServices
) -> None:
    from PySide6.QtGui import QImage

    from studyapp.ui.widgets.answer_view import PIXEL_BUDGET

    window = make_window(real_services)
    view = window.browser.view
    for question in real_services.library.questions:
        window.browser.show_question(question.id)
        assert view._pixel_bytes <= PIXEL_BUDGET or len(view._pixels) == 1
    first = real_services.library.questions[0]
    window.browser.show_question(first.id)  # its images were dropped long ago: drawn again
    html = view.toHtml()
    url = html.split('src="')[1].split('"')[0]
    image = view.loadResource(2, url)  # 2 = QTextDocument.ImageResource
    assert isinstance(image, QImage) and not image.isNull()
