"""Browser behaviour a person notices: keyboard, list highlights, empty results, notes shown
safely, "Quiz me on this", the dropout search on the real content, and the settings dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studyapp.app import AppServices, build_services
from studyapp.clock import FixedClock
from studyapp.domain import NewReview, Rating
from studyapp.services.browse import BrowseFilter
from studyapp.ui.settings_dialog import SettingsDialog
from studyapp.ui.widgets.mnemonic import shown_label
from studyapp.ui.widgets.question_list import highlight_html
from tests.conftest import FIXTURE_CONTENT
from tests.ui.conftest import WindowFactory, text_and_heading_px


def test_keyboard_search_move_open_and_clear(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert browser.search.hasFocus()
    qtbot.keyClicks(browser.search, "does")  # in all three titles
    ids = browser.visible_ids()
    assert len(ids) == 3 and browser.list.currentIndex().row() == 0  # the best match
    qtbot.waitUntil(lambda: browser.current_id == ids[0])  # the answer follows on a pause
    qtbot.keyClick(browser.search, Qt.Key.Key_Down)
    assert browser.current_id == ids[1]
    qtbot.keyClick(browser.search, Qt.Key.Key_Up)
    assert browser.current_id == ids[0] and browser.search.hasFocus()  # typing can go on
    qtbot.keyClick(browser.search, Qt.Key.Key_Return)
    assert browser.view.hasFocus()  # Enter opens the answer for reading
    qtbot.keyClick(browser.view, Qt.Key.Key_Escape)
    assert browser.search.text() == "" and browser.visible_ids() == [1, 2, 3]
    browser.list.setFocus()
    qtbot.keyClick(browser.list, Qt.Key.Key_Down)
    qtbot.keyClick(browser.list, Qt.Key.Key_Down)
    assert browser.current_id == 3
    qtbot.keyClick(browser.list, Qt.Key.Key_Up)
    assert browser.current_id == 2
    qtbot.keyClick(browser.list, Qt.Key.Key_Enter)
    assert browser.view.hasFocus() and "momentum" in browser.view.toPlainText().lower()


def test_list_highlights_match_the_search_rule() -> None:
    colour = QColor(255, 0, 0, 128)
    marked = highlight_html("Why does dropout <reduce> overfitting?", ("drop", "over"), colour)
    assert marked.count("<span") == 2
    assert "<span style='background-color:rgba(255, 0, 0, 128)'>drop</span>out" in marked
    assert "<span style='background-color:rgba(255, 0, 0, 128)'>over</span>fitting" in marked
    assert "&lt;reduce&gt;" in marked  # the title itself is escaped
    assert highlight_html("a <b>", (), colour) == "a &lt;b&gt;"


def test_list_rows_and_answer_highlight_the_same_words(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    browser.search.setText("drop")
    assert browser.visible_ids() == [3] and browser.model.terms == ("drop",)
    browser.follow_list()
    text = browser.view.toPlainText()
    found = [text[c.selectionStart() : c.selectionEnd()].lower() for c in browser.view.matches]
    assert found and set(found) == {"drop"}  # "dropout", "dropped"... from the word start
    assert all(not text[c.selectionStart() - 1].isalnum() for c in browser.view.matches)
    browser.search.setText('"thinned networks"')
    phrase = [text[c.selectionStart() : c.selectionEnd()] for c in browser.view.matches]
    assert phrase and all(p.lower().split() == ["thinned", "networks"] for p in phrase)


def test_no_match_says_which_word_found_nothing_and_offers_a_way_back(
    make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    browser.search.setText("momentum zzqx")
    assert browser.visible_ids() == [] and browser.count.text() == "0 of 3 questions"
    assert browser.no_match.isVisible() and not browser.list.isVisible()
    assert not browser.quiz_me.isVisible() and not browser.star.isVisible()
    assert "No question contains “zzqx”" in browser.view.toPlainText()
    assert not browser.view.verticalScrollBar().isVisible()  # gui.md 28: no idle bar here
    browser.search.setText("momentum dropout")  # each word is somewhere, never together
    assert "holds all of these words" in browser.view.toPlainText()
    browser.search.setText("momentum")
    browser.filters.topics.set_selected(["basics"])
    assert browser.visible_ids() == []
    text = browser.view.toPlainText()
    assert "The search matches 1 question, but it does not pass every filter." in text
    assert "Remove “Topic: Basics” (1 question then)" in text
    browser.view.anchorClicked.emit(QUrl("browse:clear-filters"))
    assert browser.visible_ids() == [2] and browser.quiz_me.isVisible()
    assert browser.view.verticalScrollBar().isVisible()  # an answer keeps its bar
    browser.search.clear()
    browser.search.setText("zzqx")
    browser.view.anchorClicked.emit(QUrl("browse:clear-search"))
    assert browser.visible_ids() == [1, 2, 3] and browser.list.isVisible()


def test_notes_render_markdown_and_show_raw_html_as_text(
    make_window: WindowFactory, services: AppServices
) -> None:
    services.library.set_note(2, "**Ravine** picture <script>alert(1)</script> <b>bold?</b>")
    window = make_window(services)
    window.browser.open_question(2)
    html = window.browser.view.toHtml()
    text = window.browser.view.toPlainText()
    assert "Your notes" in text and "Ravine picture" in text  # markdown rendered
    assert "<script>alert(1)</script>" in text and "<b>bold?</b>" in text  # shown, not run
    assert "<script" not in html.replace("&lt;script", "")


def test_quiz_me_on_this_starts_a_one_question_quiz(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    window.browser.open_question(3)
    qtbot.mouseClick(window.browser.quiz_me, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.quiz
    assert window.quiz.session is not None and window.quiz.session.queue == [3]
    assert window.quiz.question is not None and window.quiz.question.id == 3
    # gui.md 24: the summary offers the way back to the reading, by click or Enter.
    quiz = window.quiz
    qtbot.keyClick(quiz, Qt.Key.Key_Space)
    qtbot.keyClick(quiz, Qt.Key.Key_3)
    assert quiz.stack.currentWidget() is quiz.summary
    back = quiz.summary.back_button
    assert back.isVisible() and back.text().replace("&", "") == "Back to Q3 in Browse"
    qtbot.keyClick(quiz, Qt.Key.Key_Return)
    assert window.current_page() is window.browser and window.browser.current_id == 3
    window.show_page(1)
    quiz.start_setup(quiz.setup.current())  # an ordinary session: no way "back" to offer
    while quiz.stack.currentWidget() is quiz.card:
        qtbot.keyClick(quiz, Qt.Key.Key_Escape)
    assert not quiz.summary.back_button.isVisible()


def test_status_badges_follow_reviews(
    make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    window = make_window(services)
    assert {row.status for row in window.browser.model.rows()} == {"new"}
    services.study.rate(NewReview(1, Rating.EASY, 1000))
    window.ctx.bus.publish(services.study.rate(NewReview(2, Rating.AGAIN, 1000)).changes)
    statuses = {row.question_id: row.status for row in window.browser.model.rows()}
    assert statuses == {1: "review", 2: "due", 3: "new"}  # 2 comes back within the day


def test_dropout_on_the_real_content(
    make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    browser = window.browser
    browser.search.setText("dropout")
    assert set(browser.visible_ids()[:2]) == {12, 41}
    browser.follow_list()  # what a pause in typing does
    assert browser.current_id in (12, 41) and len(browser.view.matches) >= 5

    def ids(query: str) -> set[int]:
        return {
            row.question.id for row in real_services.browse.browse(BrowseFilter(query=query)).rows
        }

    both = ids("dropout overfitting")
    assert both and both == ids("dropout") & ids("overfitting")  # words combine (AND)
    assert both < ids("dropout")


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, showing a dialog
def test_settings_dialog_from_the_menu_persists_every_value(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, clock: FixedClock
) -> None:
    window = make_window(services)
    action = next(
        a for a in window.menuBar().actions()[0].menu().actions() if "Settings" in a.text()
    )
    assert action.shortcut().toString() == "Ctrl+,"
    dialogs: list[SettingsDialog] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        dialogs.append(dialog)
        assert dialog.folder.text() == str(services.data_dir) and dialog.open_folder.isEnabled()
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.font_px.setValue(19)
        dialog.retention.setValue(0.87)
        dialog.new_per_day.setValue(1)
        dialog.new_per_session.setValue(7)
        dialog.weak_lapses.setValue(6)
        dialog.mock_minutes.setValue(5)
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    action.trigger()
    assert dialogs
    assert window.ctx.theme.dark and services.study.new_per_day == 1
    assert text_and_heading_px(window.browser.view) == (19, 23)
    window.close()
    services.close()
    again = build_services(services.data_dir, clock=clock, content_root=FIXTURE_CONTENT)
    try:
        saved = again.settings.load()
        assert (saved.theme, saved.answer_font_px, saved.desired_retention) == ("dark", 19, 0.87)
        assert (saved.new_per_day, saved.new_per_session, saved.weak_lapses) == (1, 7, 6)
        assert saved.mock_seconds == 300
        assert again.study.scheduler.desired_retention == 0.87
        assert again.study.weak_lapses == 6 and again.study.new_per_day == 1
    finally:
        again.close()


def test_zoom_out_is_remembered(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    assert text_and_heading_px(window.browser.view) == (15, 18)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert services.settings.load().answer_font_px == 14
    # What is drawn follows, text and headings alike (Qt ignores pixel sizes in the style
    # sheet for both, so the view sets the document's font).
    assert text_and_heading_px(window.browser.view) == (14, 17)
    for _ in range(6):
        qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert text_and_heading_px(window.browser.view) == (20, 24)


def test_filter_buttons_name_their_choice(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    window.resize(1600, 1000)
    topics = window.browser.filters.topics
    assert topics.text() == "Topic: any"
    topics.set_selected(["regularization"])
    name = real_services.library.topic_name("regularization")
    assert "&" in name  # "Generalization & Regularization": an ampersand, not a mnemonic
    assert topics.toolTip() == f"Topic: {name}"
    assert topics.full_text() == f"Topic: {name}"
    shown = shown_label(topics.text())
    assert shown.endswith("…") or shown == f"Topic: {name}"  # cut at the end, never inside
    assert f"Topic: {name}".startswith(shown.rstrip("…"))
    labels = [shown_label(a.text()) for a in topics.menu_.actions() if a.isCheckable()]
    assert name in labels
    topics.set_selected(["regularization", "optimization"])
    assert topics.full_text().startswith("Topic: ") and name in topics.full_text()
    window.browser.filters.difficulty.set_selected([3])
    assert window.browser.filters.difficulty.full_text() == "Level: Advanced"


@pytest.mark.qt_log_ignore("does not support")  # the offscreen platform, showing a popup
def test_filter_menu_stays_open_while_ticking(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    window = make_window(real_services)
    topics = window.browser.filters.topics
    menu = topics.menu_
    menu.popup(topics.mapToGlobal(topics.rect().bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    first, second = [a for a in menu.actions() if a.isCheckable()][:2]
    for action in (first, second):
        centre = menu.actionGeometry(action).center()
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=centre)
    assert menu.isVisible()
    assert len(topics.selected()) == 2
    width = topics.width()
    topics.set_selected([])
    assert topics.width() == width  # the row does not re-flow as the choice changes
    menu.close()


def test_escape_in_the_note_editor_closes_it_and_keeps_the_search(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    browser = window.browser
    browser.search.setText("softmax")
    qtbot.mouseClick(browser.note_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(browser.note_editor, "subtract the max")
    qtbot.keyClick(browser.note_editor, Qt.Key.Key_Escape)
    assert not browser.note_editor.isVisible() and browser.search.text() == "softmax"
    assert services.library.note(1) == "subtract the max"  # saved on closing
    assert "subtract the max" in browser.view.toPlainText()  # and shown under the answer


def test_code_blocks_show_a_copy_button_under_the_mouse(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    window = make_window(services)
    view = window.browser.view
    assert not view.copy_button.isVisible()
    cursor = view.document().find("np.array")
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    qtbot.mouseMove(view.viewport(), point)
    qtbot.waitUntil(view.copy_button.isVisible)
    assert view.viewport().rect().contains(view.copy_button.geometry())
    QApplication.clipboard().clear()
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert copied.startswith("import numpy as np") and "np.array" in copied
    assert view.copy_button.text() == "Copied"
    prose = view.cursorRect(view.document().find("Softmax maps")).center()
    qtbot.mouseMove(view.viewport(), prose)
    qtbot.waitUntil(lambda: not view.copy_button.isVisible())


def test_clicking_a_row_star_toggles_it(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    from studyapp.ui.widgets.question_list import star_rect

    window = make_window(services)
    browser = window.browser
    view = browser.list
    star = star_rect(view.visualRect(browser.model.index(2))).center()  # question 3
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=star)
    assert services.library.starred() == {3}
    assert browser.model.row_at(2).starred
    if browser.current_id == 3:  # the row was opened too: its header star follows
        assert browser.star.isChecked()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=star)
    assert services.library.starred() == set() and not browser.model.row_at(2).starred


def test_a_typo_shows_the_corrected_search_and_says_so(
    qtbot: QtBot, make_window: WindowFactory, real_services: AppServices
) -> None:
    """gui.md 7: typing "attenton" lists the attention questions, says it searched for
    "attention" instead, highlights that word, and one click puts it in the box."""
    window = make_window(real_services)
    browser = window.browser
    qtbot.keyClicks(browser.search, "attenton")
    expected = real_services.browse.browse(BrowseFilter(query="attention"))
    assert browser.visible_ids() == [row.question.id for row in expected.rows]
    assert browser.visible_ids() and browser.list.isVisible() and not browser.no_match.isVisible()
    assert browser.corrected.isVisible()
    assert "attenton" in browser.corrected.text() and "attention" in browser.corrected.text()
    assert browser.result is not None and browser.result.terms == ("attention",)
    browser.corrected.linkActivated.emit("use")
    assert browser.search.text() == "attention"
    assert not browser.corrected.isVisible()  # the query as typed now matches


def test_filters_alone_say_which_filter_to_remove_and_esc_clears_them(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 13: with an empty search and filters that exclude everything the pane names
    the filters (not "the search alone matches 3"), offers to drop one with its count, and
    Esc, with nothing typed, clears the filters."""
    window = make_window(services)
    browser = window.browser
    browser.filters.difficulty.set_selected([1])  # Q1 only, a Basics question
    browser.filters.topics.set_selected(["optim"])
    assert browser.visible_ids() == []
    text = browser.view.toPlainText()
    assert "search" not in text.split("Clear")[0].lower()
    assert "No question is “Topic: Optimization” and “Level: Basic” at once." in text
    assert "Remove “Level: Basic” (" in text and "Remove “Topic: Optimization” (1 question" in text
    assert browser.no_match.text().endswith("Esc clears the filters.")
    browser.view.anchorClicked.emit(QUrl("browse:relax:topics"))
    assert browser.visible_ids() == [1] and browser.filters.difficulty.selected() == {1}
    browser.filters.topics.set_selected(["optim"])
    browser.search.setFocus()
    qtbot.keyClick(browser.search, Qt.Key.Key_Escape)
    assert browser.visible_ids() == [1, 2, 3] and not browser.filters.is_filtered()


def test_filter_menus_count_each_choice_under_the_search(
    make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 14: the status (and every filter) menu shows how many questions each choice
    would list, with the search as typed."""
    services.study.rate(NewReview(2, Rating.GOOD, 1000))
    window = make_window(services)
    browser = window.browser
    status = browser.filters.status
    status.menu_.aboutToShow.emit()
    texts = {action.text() for action in status.actions_.values()}
    assert "New  (2)" in texts and "Due  (1)" in texts  # Q2 is in a learning step due today
    browser.search.setText("momentum")  # only Q2
    status.menu_.aboutToShow.emit()
    assert status.actions_["new"].text() == "New  (0)"
    level = browser.filters.difficulty
    level.menu_.aboutToShow.emit()
    assert level.actions_[2].text() == "Intermediate  (1)"


@pytest.mark.parametrize("size", [(1280, 720), (1000, 700)])
def test_the_title_stays_put_from_a_short_topic_to_a_long_one(
    make_window: WindowFactory, real_services: AppServices, size: tuple[int, int]
) -> None:
    """gui.md 15: the match counter beside a long topic chip wrapped to its own line and
    pushed the title down (Q13 vs Q12). The break is decided for the widest chip."""
    window = make_window(real_services)
    window.resize(*size)
    browser = window.browser
    browser.search.setText("batch norm")
    tops = []
    for qid in (13, 12, 13):
        browser.open_question(qid)
        QApplication.processEvents()
        tops.append(browser.title.mapTo(window, browser.title.rect().topLeft()).y())
    assert len(set(tops)) == 1, tops
    assert browser.matches.isVisible()


def test_first_start_welcomes_with_one_button_that_starts_the_first_session(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 26: the first start opened on Q1 with no guidance; the call to action sat two
    clicks away on the dashboard. A banner says what the app does and starts a session."""
    window = make_window(services)
    browser = window.browser
    assert browser.welcome.isVisible()
    assert browser.welcome_start.text() == "Start my first session (3 questions)"  # 3 here
    qtbot.mouseClick(browser.welcome_start, Qt.MouseButton.LeftButton)
    quiz = window.quiz
    assert window.current_page() is quiz and quiz.session is not None
    assert len(quiz.session.queue) == 3
    qtbot.keyClick(quiz, Qt.Key.Key_Space)
    qtbot.keyClick(quiz, Qt.Key.Key_3)
    window.show_page(0)
    assert not browser.welcome.isVisible()  # once something is studied it is gone
    later = make_window(services)
    assert not later.browser.welcome.isVisible()


def test_every_starred_or_noted_row_shows_its_marker_not_only_the_selected_one(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices
) -> None:
    """gui.md 32: a star and a note are visible in the list on rows that are not selected."""
    from PySide6.QtGui import QColor

    from studyapp.ui.widgets.question_list import NOTE_MARK, shown_detail, star_rect

    window = make_window(services)
    browser = window.browser
    view = browser.list
    browser.list.setCurrentIndex(browser.model.index(0))  # Q1 selected; Q2, Q3 are not
    window.ctx.bus.publish(services.library.set_starred(2, True))
    window.ctx.bus.publish(services.library.set_note(3, "Remember the max trick"))
    window.ctx.bus.publish(services.library.set_note(1, "   "))  # blank: no marker
    rows = {row.question_id: row for row in browser.model.rows()}
    assert rows[2].starred and not rows[3].starred
    assert NOTE_MARK in shown_detail(rows[3]).split(" · ")
    assert NOTE_MARK not in shown_detail(rows[1]) and NOTE_MARK not in shown_detail(rows[2])

    qtbot.mouseMove(view.viewport(), view.visualRect(browser.model.index(0)).center())
    image = view.viewport().grab().toImage()
    star_colour = QColor(window.ctx.theme.ratings[1])

    def inked(row: int) -> bool:
        area = star_rect(view.visualRect(browser.model.index(row)))
        return any(
            abs(image.pixelColor(x, y).red() - star_colour.red()) < 40
            and abs(image.pixelColor(x, y).green() - star_colour.green()) < 40
            and abs(image.pixelColor(x, y).blue() - star_colour.blue()) < 40
            for x in range(area.left(), area.right())
            for y in range(area.top(), area.bottom())
        )

    assert inked(1)  # Q2: starred, not selected, not hovered, its star drawn
    assert not inked(2)  # Q3: not starred

    window.ctx.bus.publish(services.library.set_note(3, ""))  # the note cleared: marker gone
    assert NOTE_MARK not in shown_detail(browser.model.row_at(browser.model.row_of(3)))
