"""The interview plan on the dashboard, and the printed study sheet."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from studyapp.app import AppServices
from studyapp.ui.study_sheet import write_sheet_pdf
from tests.ui.conftest import WindowFactory


def test_the_dashboard_plans_toward_the_date_and_starts_today(
    qtbot: QtBot, real_services: AppServices, make_window: WindowFactory
) -> None:
    window = make_window(real_services)
    window.show_page(2)
    card = window.dashboard.plan_card
    assert "Set its date" in card.headline.text()
    assert card.edit.text() == "Set interview date…"
    day = real_services.clock.now().date() + timedelta(days=12)
    window.ctx.bus.publish(real_services.plan.set_goal(day, (), 0.9, 45))
    assert re.match(
        r"On \w{3} \d+ \w{3} you would recall about \d+ of 50 \(\d+%\)\.", card.headline.text()
    )
    assert card.today.text().startswith("Today: ")
    assert card.start.isEnabled()
    assert card.topic_grid.count() == 3 * len(real_services.library.topics)
    card.start.click()
    assert window.stack.currentWidget() is window.quiz
    status = real_services.plan.status()
    assert status is not None and status.forecast is not None and status.forecast.today
    assert window.quiz.session is not None
    assert window.quiz.session.queue == list(status.forecast.today.questions)


def test_after_the_date_the_card_offers_a_new_one_or_normal_scheduling(
    qtbot: QtBot, real_services: AppServices, make_window: WindowFactory
) -> None:
    real_services.plan.set_goal(real_services.clock.now().date() - timedelta(days=2), (), 0.9, 30)
    window = make_window(real_services)
    window.show_page(2)
    card = window.dashboard.plan_card
    assert "has passed" in card.headline.text()
    assert card.edit.text() == "Set a new date…"
    assert card.clear.isVisible() and not card.start.isVisible()
    card.clear.click()
    assert real_services.plan.goal() is None
    assert "Set its date" in card.headline.text()


def test_the_study_sheet_is_a_pdf_with_a_page_per_question(
    qtbot: QtBot, real_services: AppServices, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window(real_services)
    questions = [q for q in real_services.library.questions if q.figures][:4]
    out = tmp_path / "out"
    out.mkdir()
    path = out / "sheet.pdf"
    assert write_sheet_pdf(window.ctx, questions, "Final pass", path, window)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= len(questions)
    assert list(out.iterdir()) == [path]  # no temporary file left behind


def test_settings_open_the_plan_and_keep_its_choice_when_saved(
    qtbot: QtBot, real_services: AppServices, make_window: WindowFactory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from studyapp.ui import plan_dialog
    from studyapp.ui.settings_dialog import SettingsDialog

    window = make_window(real_services)
    day = real_services.clock.now().date() + timedelta(days=20)

    def choose(ctx, parent):  # type: ignore[no-untyped-def]
        ctx.bus.publish(ctx.services.plan.set_goal(day, ("foundations",), 0.85, 40))

    monkeypatch.setattr(plan_dialog, "edit_plan", choose)
    dialog = SettingsDialog(
        real_services.settings.load(),
        real_services.data_dir,
        window,
        edit_plan=lambda: (choose(window.ctx, None), real_services.settings.load())[1],
    )
    assert dialog.plan_button.text() == "Set interview date…"
    dialog.plan_button.click()
    assert dialog.plan_button.text() == "Change interview plan…"
    window.apply_settings(dialog.result_settings())  # saving the settings keeps the plan
    goal = real_services.plan.goal()
    assert goal is not None and goal.interview_day == day and goal.minutes_per_day == 40


def test_a_missed_target_shows_what_would_meet_it(
    qtbot: QtBot, real_services: AppServices, make_window: WindowFactory
) -> None:
    window = make_window(real_services)
    window.show_page(2)
    card = window.dashboard.plan_card
    day = real_services.clock.now().date() + timedelta(days=6)
    window.ctx.bus.publish(real_services.plan.set_goal(day, (), 0.9, 5))
    assert card.warning.isVisible()  # at once, before the search has finished
    qtbot.waitUntil(lambda: card.warning.text().endswith("would meet it."), timeout=10_000)
    assert card.warning.text().startswith("At 5 min a day, ")


def test_the_study_sheet_loads_only_what_the_answer_view_may(
    qtbot: QtBot, real_services: AppServices, make_window: WindowFactory, tmp_path: Path
) -> None:
    """Returning None for a refused image lets Qt open the file itself (review U1)."""
    from PySide6.QtGui import QImage, QTextDocument

    from studyapp.content.render import AnswerRenderer
    from studyapp.content.theme import LIGHT
    from studyapp.ui.study_sheet import SheetDocument

    canary = tmp_path / "canary.png"
    picture = QImage(40, 40, QImage.Format.Format_RGB32)
    picture.fill(0x336699)
    assert picture.save(str(canary))
    document = SheetDocument(AnswerRenderer(real_services.content_root, LIGHT))
    image = QTextDocument.ResourceType.ImageResource.value
    refused = document.loadResource(image, str(canary))
    assert isinstance(refused, QImage) and refused.isNull()
    figure = document.loadResource(image, "ds-fig:02-network.svg")
    assert isinstance(figure, QImage) and not figure.isNull()
