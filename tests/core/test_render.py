"""Markdown to QTextBrowser HTML: formulas, code, tables, figures, themes and safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyapp.content import render as render_module
from studyapp.content.loader import load_library
from studyapp.content.render import AnswerRenderer, code_blocks
from studyapp.content.render_cache import RenderCache
from studyapp.content.theme import DARK, LIGHT
from tests.conftest import FIXTURE_CONTENT

_IMG_SIZE = re.compile(r'<img src="ds-math:[^"]+" width="([\d.]+)" height="([\d.]+)"')
_IMG_SRC = re.compile(r'<img src="(ds-math:[^"]+)"')


def _renderer(theme=LIGHT) -> AnswerRenderer:  # type: ignore[no-untyped-def]
    return AnswerRenderer(FIXTURE_CONTENT, theme)


def test_formulas_become_svg_images_served_by_url() -> None:
    renderer = _renderer()
    html = renderer.render_markdown(r"Inline $x^2$ and display: $$\frac{a}{b}$$").html
    urls = [part.split('"')[0] for part in html.split('src="')[1:]]
    assert len(urls) == 2 and all(u.startswith("ds-math:") for u in urls)
    for url in urls:
        image = renderer.image(url)
        assert image is not None and image.svg.startswith(b"<svg")
        assert image.width > 0 and image.height > 0
    assert 'align="center"' in html  # the display formula gets its own centred paragraph


def test_dollar_signs_inside_code_are_not_math() -> None:
    html = _renderer().render_markdown("Use `$HOME` here\n\n```bash\necho $PATH $x$\n```").html
    assert "ds-math:" not in html
    assert "$HOME" in html and "$PATH" in html


def test_code_is_highlighted_without_a_trailing_blank_line() -> None:
    html = _renderer().render_markdown("```python\nimport numpy as np\n\n\n```").html
    assert "<span style=" in html  # Pygments inline styles
    assert html.endswith("np</span></p></td></tr></table>")  # no blank line after the last


def test_tables_get_visible_borders() -> None:
    html = _renderer().render_markdown("| a | b |\n|---|---|\n| 1 | 2 |").html
    assert '<table class="grid"' in html and 'border="1"' in html
    assert "<th>a</th>" in html


def test_figures_are_served_and_recoloured_for_dark() -> None:
    library = load_library(FIXTURE_CONTENT)
    question = library.question(2)
    assert question is not None
    light, dark = _renderer(LIGHT), _renderer(DARK)
    assert "ds-fig:02-paths.svg" in light.render_question(question).html
    light_svg = light.image("ds-fig:02-paths.svg")
    dark_svg = dark.image("ds-fig:02-paths.svg")
    assert light_svg is not None and dark_svg is not None
    assert b"#1f2937" in light_svg.svg and b"#1f2937" not in dark_svg.svg
    assert b"#e5e7eb" in dark_svg.svg and b"#60a5fa" in dark_svg.svg


def test_figure_urls_cannot_escape_the_figures_folder() -> None:
    assert _renderer().image("ds-fig:../topics.yaml") is None


def test_raw_html_is_shown_as_text_not_interpreted() -> None:
    html = _renderer().render_markdown('<img src="http://example.com/x.png"> <b>hi</b>').html
    assert '<img src="http' not in html and "<b>" not in html
    assert "&lt;b&gt;" in html or "&lt;b>" in html


def test_broken_latex_is_reported_and_shown_as_code() -> None:
    doc = _renderer().render_markdown(r"bad $\frac{a}{$ formula")
    assert doc.problems and "cannot typeset" in doc.problems[0]
    assert "<code" in doc.html


def test_question_documents_are_cached_and_include_key_points() -> None:
    library = load_library(FIXTURE_CONTENT)
    question = library.question(1)
    assert question is not None
    renderer = _renderer()
    first = renderer.render_question(question)
    assert renderer.render_question(question) is first
    assert "Key points" in first.html and "Subtracts the maximum logit" in first.html
    assert "Key points" not in renderer.render_question(question, extras=False).html


def test_code_blocks_are_listed_with_language() -> None:
    blocks = code_blocks("text\n```python\nx = 1\n```\n\n```pytorch\nimport torch\n```\n")
    assert [(b.language, b.code) for b in blocks] == [
        ("python", "x = 1\n"),
        ("pytorch", "import torch\n"),
    ]


def test_disk_cache_serves_answers_and_formulas_without_typesetting(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from studyapp.content import render as render_module
    from studyapp.content.render_cache import RenderCache

    library = load_library(FIXTURE_CONTENT)
    question = library.question(1)
    assert question is not None
    cache = RenderCache(tmp_path / "cache")
    first = AnswerRenderer(FIXTURE_CONTENT, LIGHT, cache=cache).render_question(question)
    urls = [part.split('"')[0] for part in first.html.split('src="')[1:]]
    assert urls and all(u.startswith("ds-math:") for u in urls)

    def no_typesetting(*args: object) -> object:
        raise AssertionError("formula typeset again")

    monkeypatch.setattr(render_module, "render_math", no_typesetting)
    warm = AnswerRenderer(FIXTURE_CONTENT, LIGHT, cache=cache)
    assert warm.render_question(question).html == first.html
    for url in urls:
        image = warm.image(url)
        assert image is not None and image.svg.startswith(b"<svg") and image.width > 0
    dark = AnswerRenderer(FIXTURE_CONTENT, DARK, cache=cache)
    with __import__("pytest").raises(AssertionError, match="typeset again"):
        dark.render_question(question)  # another look is another cache entry


def test_unwritable_cache_is_ignored(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from studyapp.content.render_cache import RenderCache

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = RenderCache(blocker / "cache")
    library = load_library(FIXTURE_CONTENT)
    question = library.question(1)
    assert question is not None
    doc = AnswerRenderer(FIXTURE_CONTENT, LIGHT, cache=cache).render_question(question)
    assert "Short answer" in doc.html and cache.get("answer", "00" * 20) is None


def test_another_answer_size_scales_the_formulas_instead_of_typesetting_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formulas are typeset once, at MATH_REFERENCE_PX; at any other answer size the same
    SVG is served in a box scaled to the text, so a new size typesets nothing."""
    cache = RenderCache(tmp_path / "render")
    text = "Inline $x^2 + y$ and display $$\\frac{a}{b}$$"
    small = AnswerRenderer(FIXTURE_CONTENT, LIGHT, 15.0, cache=cache).render_markdown(text)
    typeset_again: list[str] = []

    def no_typesetting(latex: str, *args: object, **kwargs: object) -> None:
        typeset_again.append(latex)
        raise AssertionError("typeset again")

    monkeypatch.setattr(render_module, "render_math", no_typesetting)
    large = AnswerRenderer(FIXTURE_CONTENT, LIGHT, 30.0, cache=cache)
    big = large.render_markdown(text)
    assert typeset_again == [] and not big.problems
    sizes_small = [(float(w), float(h)) for w, h in _IMG_SIZE.findall(small.html)]
    sizes_big = [(float(w), float(h)) for w, h in _IMG_SIZE.findall(big.html)]
    assert len(sizes_big) == 2
    for (w1, h1), (w2, h2) in zip(sizes_small, sizes_big, strict=True):
        assert w2 == pytest.approx(2 * w1, abs=1.5) and h2 == pytest.approx(2 * h1, abs=1.5)
    # The view gets the same drawing at the larger size.
    urls = _IMG_SRC.findall(big.html)
    images = [large.image(url) for url in urls]
    assert all(image is not None for image in images)
    first = images[0]
    assert first is not None and first.svg.startswith(b"<svg")
    assert first.width == pytest.approx(sizes_big[0][0], abs=0.5)
