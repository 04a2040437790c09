"""The dashboard on the real database: empty state, charts with data, layout, and its actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.clock import FixedClock
from studyapp.content.theme import DARK, LIGHT
from studyapp.domain import NewReview, Rating
from studyapp.ui.main_window import MainWindow
from studyapp.ui.widgets.charts import BarChart, CalendarHeatmap, LineChart
from tests.ui.conftest import WindowFactory


def _study_five_days(services: AppServices, clock: FixedClock) -> None:
    """Q1, Q2, Q3, Q1, Q2 on five days in a row, rated Again, Hard, Good, Easy, Again."""
    for day in range(5):
        services.study.rate(NewReview(1 + day % 3, Rating((day % 4) + 1), 90_000))
        clock.advance(timedelta(days=1))


def _settle(window: MainWindow) -> None:
    for _ in range(3):
        QApplication.processEvents()


def _colours(image_widget: BarChart | LineChart | CalendarHeatmap) -> int:
    """How many distinct colours a widget paints: a blank widget paints one or two."""
    image = image_widget.grab().toImage()
    step = max(1, image.width() // 60)
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_first_time_user_sees_an_invitation_not_empty_charts(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    assert page.empty.isVisible()
    for hidden in (page.detail, page.tiles, page.next_card, page.export_csv):
        assert not hidden.isVisible()
    assert "Start with ten questions" in page.empty_text.text()
    qtbot.mouseClick(page.empty_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.quiz
    assert window.quiz.stack.currentWidget() is window.quiz.card


def test_headline_tiles_and_charts_fill_in_with_tooltips(
    make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    _study_five_days(services, clock)
    window = make_window(services)
    window.resize(1280, 900)
    window.show_page(2)
    page = window.dashboard
    assert page.detail.isVisible() and not page.empty.isVisible()
    assert page.reviews.value.full_text() == "5"
    assert page.study_time.value.full_text() == "8 min"  # 5 x 90 s = 7.5 min
    assert page.longest.value.full_text() == "5 days"
    assert page.seen.value.full_text() == "3 / 3"
    assert page.weak.count() == 3
    # Reviews per day: today (the last bar) has none; yesterday (clock moved on) has one.
    plot_tip = page.per_day.tooltip_at(page.per_day.width() - 12, page.per_day.height() / 2)
    assert plot_tip is not None and "no reviews" in plot_tip
    yesterday = (services.clock.now() - timedelta(days=1)).strftime("%a %d %b %Y")
    day_tips = [h.tip for h in page.per_day.hits() if h.tip.startswith(yesterday)]
    assert day_tips == [f"{yesterday}: 1 review, 2 min\nAgain 1"]
    # The heatmap's tooltip gives date, reviews and minutes.
    heat_tips = [h.tip for h in page.heatmap.hits() if "1 review," in h.tip]
    assert len(heat_tips) == 5 and all(tip.endswith("2 min") for tip in heat_tips)
    forecast = page.forecast.tooltip_at(page.forecast.hits()[0].rect.center().x(), 40)
    assert forecast is not None and forecast.startswith("Today (overdue included)")
    for chart in (page.per_day, page.forecast, page.heatmap):
        assert _colours(chart) > 3


def test_range_buttons_switch_reviews_per_day(
    make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    _study_five_days(services, clock)
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    assert len(page.per_day.stacks) == 30
    assert page.per_day_summary.text() == "5 reviews on 5 of 30 days, 1 a day when you studied"
    page.range_buttons.button(365).click()
    assert len(page.per_day.stacks) == 365 and sum(map(sum, page.per_day.stacks)) == 5
    page.range_buttons.button(90).click()
    assert len(page.per_day.stacks) == 90


def test_charts_render_without_data_as_a_message() -> None:
    bars = BarChart(LIGHT, LIGHT.ratings, ["a", "b", "c", "d"])
    line = LineChart(DARK)
    heat = CalendarHeatmap(DARK)
    for chart in (bars, line, heat):
        chart.resize(500, 220)
        assert not chart.grab().toImage().isNull()
    bars.set_data(["x", "y"], [(0.0, 0.0, 0.0, 0.0)] * 2, ["", ""])
    line.set_data(["w1", "w2"], [None, None], ["", ""])
    assert bars.tooltip_at(250, 100) is None and line.tooltip_at(250, 100) is None
    # The heatmap still shows the calendar with "no reviews" on every past day.
    assert heat.tooltip_at(heat.hits()[0].rect.center().x(), heat.hits()[0].rect.center().y())


def test_line_chart_axis_starts_near_the_data_and_shows_the_target() -> None:
    line = LineChart(LIGHT)
    line.resize(400, 220)
    line.set_data(["a", "b", "c"], [0.82, None, 0.95], ["wk1", "wk2", "wk3"], target=0.9)
    ticks = line.y_ticks()
    assert ticks[0] == pytest.approx(0.7) and ticks[-1] == pytest.approx(1.0)
    assert [line.tooltip_at(h.rect.center().x(), 100) for h in line.hits()] == ["wk1", "wk3"]


def test_layout_has_room_at_small_and_large_sizes(
    make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    """The defects once seen: squashed topic rows, a cramped weak list with a horizontal
    scrollbar and the drill button on top of it, tiles of different heights."""
    _study_five_days(services, clock)
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    for width, height in ((1000, 700), (1280, 800), (1920, 1080)):
        window.resize(width, height)
        _settle(window)
        assert not page.scroller.horizontalScrollBar().isVisible()
        for button in page.topics.buttons.values():
            assert button.height() >= button.sizeHint().height()
        rows = [row for row in page.weak.rows if row.isVisible()]
        bottom = max(row.mapTo(page.content, QPoint(0, row.height())).y() for row in rows)
        assert page.drill.mapTo(page.content, QPoint(0, 0)).y() >= bottom
        heights = {tile.height() for tile in page.tiles.tiles}
        assert len(heights) == 1
        assert page.heatmap.height() == page.heatmap.height_for(page.heatmap.width())
        for tile in page.tiles.tiles:  # no figure cut short by an ellipsis
            assert tile.value.width() >= tile.value.sizeHint().width()
    window.resize(1000, 700)
    _settle(window)
    assert page.charts.stacked and page.middle.stacked  # side-by-side cards stack
    page.tiles.resize(600, page.tiles.height())
    assert page.tiles._columns == 2


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
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    window = make_window(services)
    window.show_page(2)
    qtbot.mouseClick(window.dashboard.weak.rows[0], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.browser
    assert window.browser.current_id == 3
    window.show_page(2)
    qtbot.keyClick(window.dashboard.weak.rows[0], Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.browser


def test_drill_button_quizzes_the_weakest_questions(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    services.study.rate(NewReview(3, Rating.AGAIN, 1000))
    services.study.rate(NewReview(1, Rating.EASY, 1000))
    window = make_window(services)
    window.show_page(2)
    qtbot.mouseClick(window.dashboard.drill, Qt.MouseButton.LeftButton)
    session = window.quiz.session
    assert window.stack.currentWidget() is window.quiz
    assert session is not None and sorted(session.queue) == [1, 3]


def test_next_step_sentence_and_button(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    services.study.rate(NewReview(3, Rating.AGAIN, 1000))
    services.study.rate(NewReview(2, Rating.GOOD, 1000))
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    assert page.next_text.text() == (
        "<b>2 due today</b>, topic Basics is weakest: start a session of 3 questions."
    )
    assert page.next_button.text() == "Start 3 questions"
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    session = window.quiz.session
    assert session is not None and session.queue[0] == 3


def test_export_from_the_dashboard_and_the_file_menu(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: AppServices,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.study.rate(NewReview(2, Rating.HARD, 1000))
    window = make_window(services)
    window.show_page(2)
    target = {"path": tmp_path / "log.csv"}
    messages: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target["path"]), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: messages.append(a[2]))
    qtbot.mouseClick(window.dashboard.export_csv, Qt.MouseButton.LeftButton)
    assert target["path"].read_text(encoding="utf-8").count("\n") == 2  # header + 1 review
    assert messages[-1].startswith("Wrote 1 reviews")
    target["path"] = tmp_path / "progress.json"
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "JSON" in a.text())
    action.trigger()
    assert '"questions"' in target["path"].read_text(encoding="utf-8")
    target["path"] = tmp_path / "missing-folder" / "x.csv"
    window.dashboard.export_review_log()
    assert messages[-1].startswith("Could not write") and "Nothing was changed" in messages[-1]


def test_dashboard_redraws_after_a_rating(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(2)
    assert window.dashboard.empty.isVisible()
    window.show_page(1)
    window.quiz.start_spec(window.quiz.setup.current().spec())
    window.quiz.reveal()
    window.quiz.rate(Rating.GOOD)
    window.show_page(2)
    assert window.dashboard.reviews.value.full_text() == "1"
    assert not window.dashboard.empty.isVisible()


def test_dark_theme_recolours_the_charts(
    make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    _study_five_days(services, clock)
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    page.ctx.theme = DARK
    page.restyle()
    assert page.per_day.colours == list(DARK.ratings) and page.heatmap.theme is DARK
    assert page.topics.bars["basics"].theme is DARK


def test_the_button_names_the_session_it_starts_when_todays_new_limit_is_near(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    """Six due and two new questions left today: the button says 8 and 8 start."""
    settings = real_services.settings.load()
    real_services.settings.save(replace(settings, new_per_day=8))
    real_services.study.follow_settings(real_services.settings.load())
    for question_id in range(1, 7):
        real_services.study.rate(NewReview(question_id, Rating.AGAIN, 1000))
    window = make_window(real_services)
    window.show_page(2)
    page = window.dashboard
    assert page.next_button.text() == "Start 8 questions"
    assert "start a session of 8 questions" in page.next_text.text()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    session = window.quiz.session
    assert session is not None and len(session.queue) == 8


def test_one_due_question_reads_in_the_singular(
    make_window: WindowFactory, real_services: AppServices
) -> None:
    settings = real_services.settings.load()
    real_services.settings.save(replace(settings, new_per_day=1))
    real_services.study.follow_settings(real_services.settings.load())
    real_services.study.rate(NewReview(1, Rating.AGAIN, 1000))
    window = make_window(real_services)
    window.show_page(2)
    assert window.dashboard.next_button.text() == "Start 1 question"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing a dialog
def test_starting_from_the_dashboard_offers_to_resume_a_session_with_a_draft(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.show_page(1)
    quiz = window.quiz
    quiz.start_setup(replace(quiz.setup.current(), kind="all", type_answer=True))
    qtbot.keyClicks(quiz.card.typed, "my draft")
    shown = quiz.question
    seen: list[str] = []

    def choose(label_start: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().startswith(label_start))
        button.click()

    window.show_page(2)
    QTimer.singleShot(0, lambda: choose("Resume"))
    window.dashboard.empty_button.click() if window.dashboard.empty.isVisible() else (
        window.dashboard.next_button.click()
    )
    assert seen and "typed answer" in seen[0]
    assert window.stack.currentWidget() is quiz
    assert quiz.question is shown and quiz.card.typed.toPlainText() == "my draft"

    window.show_page(2)
    QTimer.singleShot(0, lambda: choose("Discard the draft"))
    window.dashboard.empty_button.click() if window.dashboard.empty.isVisible() else (
        window.dashboard.next_button.click()
    )
    assert len(seen) == 2
    assert quiz.card.typed.toPlainText() == ""


def test_day_one_dashboard_shows_the_forgotten_question_not_100_percent(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 5: after an Again on day one the topic bar and the weakest list must not read
    100 %; the forgotten question heads the list."""
    services.study.rate(NewReview(1, Rating.AGAIN, 1000))
    services.study.rate(NewReview(2, Rating.GOOD, 1000))
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    texts = [cells[2].text() for cells in page.topics._cells if cells[2].isVisible()]
    assert texts and "100%" not in texts
    first = page.weak.rows[0]
    assert page.weak.isVisible() and first.question_id == 1
    assert not first.detail.startswith("100%")
    assert "Again" in page.reviews.hint.full_text()  # "2 today, 1 Again"


def test_day_one_tie_says_not_enough_data_instead_of_ranking(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    services.study.rate(NewReview(3, Rating.GOOD, 1000))
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    assert page.weak.isHidden() and page.drill.isHidden()
    assert page.weak_note.isVisible()
    assert page.weak_note.text().startswith("Not enough data yet")
    assert "weakest" not in page.next_text.text()  # only one topic started


def test_charts_name_today_start_at_the_data_and_give_the_review_count(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    """gui.md 25: the 30-day chart's right end had no label; retention by week began months
    before the first learned review; its tooltip gave no count of reviews."""
    from PySide6.QtGui import QImage, QPainter

    services.study.rate(NewReview(1, Rating.GOOD, 1000))
    for days, rating in ((3, Rating.GOOD), (9, Rating.AGAIN), (10, Rating.GOOD)):
        clock.advance(timedelta(days=days))
        services.study.rate(NewReview(1, rating, 1000))
    window = make_window(services)
    window.show_page(2)
    page = window.dashboard
    assert page.per_day.labels[-1] == "Today"
    image = QImage(400, 100, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    places = page.per_day.x_label_places(
        painter, ["Mon 1", "", "Mon 29", "Today"], [10, 20, 370, 385]
    )
    painter.end()
    assert [text for _, _, text in places] == ["Mon 1", "Today"]  # Today wins the collision
    chart = page.retention_chart
    assert len(chart.labels) == 8  # from the data's weeks, not half a year of blanks
    assert any(value is not None for value in chart.values)
    assert any("of 2 reviews" in tip or "of 1 review" in tip for tip in chart.tips)
