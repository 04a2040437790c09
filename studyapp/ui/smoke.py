"""`--smoke-test`: every screen opened, every answer rendered, one review written and read."""

from __future__ import annotations

import time

from studyapp.app import AppServices
from studyapp.domain import NewReview, Rating, ReviewMode


def run_smoke_test(services: AppServices) -> int:
    started = time.perf_counter()
    try:
        report = _exercise(services)
    except Exception as error:  # report any failure as one line and a non-zero exit
        print(f"smoke test FAILED: {type(error).__name__}: {error}")
        return 1
    finally:
        services.close()
    print(f"smoke test OK: {report} in {time.perf_counter() - started:.2f} s")
    return 0


def _exercise(services: AppServices) -> str:
    from studyapp.ui.application import create_window, make_application

    app = make_application()
    window = create_window(services)
    window.show()
    app.processEvents()
    for index in range(len(window.pages)):
        window.show_page(index)
        app.processEvents()
    questions = services.library.questions
    if not questions:
        raise RuntimeError("no questions loaded")
    rendered = 0
    formulas = 0
    for question in questions:
        window.browser.show_question(question.id)
        doc = window.browser.ctx.renderer.render_question(question)
        if doc.problems:
            raise RuntimeError(f"Q{question.id}: {doc.problems[0]}")
        formulas += doc.html.count("ds-math:")
        rendered += 1
    app.processEvents()
    target = questions[0].id
    before = len(services.library.history(target))
    result = services.study.rate(
        NewReview(target, Rating.GOOD, 1000, ReviewMode.NORMAL, ticked=(0,))
    )
    after = services.library.history(target)
    if len(after) != before + 1 or after[-1].id != result.review.id:
        raise RuntimeError("the review was not read back from the database")
    window.close()
    return (
        f"{len(window.pages)} screens, {rendered} answers rendered ({formulas} formulas), "
        f"review #{result.review.id} stored in {services.data_dir}"
    )
