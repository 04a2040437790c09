"""Guarantee 8: bad content never crashes the app. Hypothesis feeds random front matter,
markdown and LaTeX to the loader and the renderer; the only exception allowed out is the
project's own ContentError (which names file and line), or MathError from the formula
typesetter, which the renderer turns into a visible problem."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.content.loader import ContentError, load_library, parse_question_text
from studyapp.content.math import MathError, render_math
from studyapp.content.render import AnswerRenderer
from studyapp.content.theme import LIGHT
from studyapp.domain import FollowUp, Question
from tests.conftest import FIXTURE_CONTENT

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOPICS = {"basics", "optimization", "regularization"}
KEYS = ["id", "title", "topic", "difficulty", "tags", "related", "key_points", "follow_ups"]

# Pieces that exercise the parsers' edges: YAML punctuation, markdown structure, LaTeX.
TOKENS = [
    "$", "$$", "\\frac{", "}", "{", "^", "_", "\\sum_{i=1}^n", "\\begin{matrix}", "\\end{pmatrix}",
    "\\left(", "\\right]", "\\\\", "&", "\\", "`", "```", "```python\n", "~~~", "\n", "\n\n",
    "## ", "## Short answer\n", "## Detailed answer\n", "## Common mistakes\n", "# ", "- ", "1. ",
    "| a | b |\n|---|---|\n", "> ", "*", "**", "_", "<", ">", "<script>", "<img src=x>", "&amp;",
    "![fig](figures/02-paths.svg)", "![gone](figures/missing.svg)", "![w](https://x.y/z.png)",
    "[link](question:2)", "[l](javascript:x)", "---", ":", "- [", "]", "'", '"', "#", "%", "@",
    "\t", "\u00a0", "é", "λ", "\u202e", "\x00", "DSX0X", "DSC0C",
]  # fmt: skip
fragments = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=40).map(
    "".join
)

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 20_000),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(sorted(TOPICS)),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=8), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=15,
)


@st.composite
def front_matter(draw: Any) -> str:
    """Mostly-plausible mappings (so parsing goes deep) plus arbitrary YAML text."""
    if draw(st.booleans()):
        return draw(fragments)
    data: dict[str, Any] = {}
    for key in KEYS:
        if draw(st.integers(0, 9)):  # usually present
            data[key] = draw(yaml_values)
    if draw(st.booleans()):
        data.update(
            id=draw(st.integers(-1, 60)),
            title=draw(st.text(max_size=30)),
            topic=draw(st.sampled_from([*sorted(TOPICS), "nope"])),
            difficulty=draw(st.integers(0, 4)),
        )
    return yaml.safe_dump(data, allow_unicode=True)


def _question(text: str) -> None:
    try:
        parse_question_text(text, "fuzz.md", TOPICS, FIXTURE_CONTENT)
    except ContentError as error:
        assert error.problem.path == "fuzz.md" and error.problem.line >= 0


@FUZZ
@given(front=front_matter(), body=fragments)
def test_random_question_files_raise_only_content_errors(front: str, body: str) -> None:
    _question(f"---\n{front}---\n{body}")


@FUZZ
@given(text=st.one_of(fragments, st.text()))
def test_arbitrary_text_raises_only_content_errors(text: str) -> None:
    _question(text)


@settings(max_examples=40, deadline=None)
@given(files=st.lists(st.tuples(front_matter(), fragments), max_size=5), topics=fragments)
def test_a_folder_of_random_files_loads_without_crashing(
    files: list[tuple[str, str]], topics: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "questions").mkdir()
        (root / "topics.yaml").write_text(
            topics if topics.strip() else "topics:\n  - id: basics\n", encoding="utf-8"
        )
        for number, (front, body) in enumerate(files):
            (root / "questions" / f"{number:02d}-fuzz.md").write_text(
                f"---\n{front}---\n{body}", encoding="utf-8", errors="surrogatepass"
            )
        (root / "questions" / "99-bytes.md").write_bytes(b"---\nid: \xff\xfe\n---\n")
        library = load_library(root)  # never raises: problems are collected
        assert len(library.problems) >= 1  # the undecodable file, at least
        assert all(p.line >= 0 for p in library.problems)


@FUZZ
@given(text=fragments)
def test_rendering_random_markdown_and_latex_never_raises(text: str) -> None:
    renderer = AnswerRenderer(FIXTURE_CONTENT, LIGHT)
    doc = renderer.render_markdown(text)
    assert isinstance(doc.html, str)
    assert "<script" not in doc.html


def test_text_that_looks_like_an_internal_placeholder_is_shown_as_written() -> None:
    """Found by the fuzzer: a note containing 'DSX0X' crashed the renderer (IndexError)."""
    renderer = AnswerRenderer(FIXTURE_CONTENT, LIGHT)
    html = renderer.render_markdown("DSX0X and `DSC0C` and DSX7X $x$\n\nDSX0X").html
    assert "DSX0X and" in html and "DSC0C" in html and "DSX7X" in html
    assert "ds-math:" in html


@FUZZ
@given(latex=fragments)
def test_the_formula_typesetter_raises_only_math_errors(latex: str) -> None:
    try:
        image = render_math(latex, 16.0, "#000000", inline=True)
    except MathError:
        return
    assert image.svg.startswith("<svg")


@settings(max_examples=40, deadline=None)
@given(parts=st.lists(fragments, min_size=6, max_size=6))
def test_rendering_a_whole_random_question_never_raises(parts: list[str]) -> None:
    question = Question(
        id=7,
        title=parts[0] or "t",
        topic="basics",
        difficulty=2,
        tags=(),
        related=(2, 9999),
        key_points=(parts[1], parts[2]),
        follow_ups=(FollowUp(parts[3], parts[4]),),
        short_answer=parts[5],
        detailed_answer=parts[0],
        common_mistakes=parts[1],
        source_path="fuzz.md",
    )
    renderer = AnswerRenderer(FIXTURE_CONTENT, LIGHT, titles={2: "Momentum"})
    assert renderer.render_question(question).html
