"""Markdown answers to HTML that QTextBrowser displays, with formulas, code and figures.

QTextBrowser understands only a subset of HTML 4 and CSS, so the output uses what it renders
well: tables for boxed code, `bgcolor`, inline `style` colours from Pygments. Images are
referenced by URL (`ds-math:`/`ds-fig:`) and their SVG is served by `image()`, which keeps this
module free of Qt: the UI turns the SVG into pixels at the screen's resolution.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from studyapp.content.math import MathError, render_math
from studyapp.content.render_cache import RenderCache, digest
from studyapp.content.theme import Theme
from studyapp.domain import Question

MATH_SCHEME = "ds-math"
# Every formula is typeset once, at this size, and scaled to the text around it: one cached
# copy (and the seed's) then serves every answer size, so changing the size typesets nothing.
MATH_REFERENCE_PX = 20.0
FIGURE_SCHEME = "ds-fig"
MAX_FIGURE_WIDTH = 620.0
RUNNABLE_LANGUAGE = "python"
MONO = '"DejaVu Sans Mono", "Consolas", "Menlo", monospace'
CODE_FONT_EMS = 0.87  # code text size, in answer font sizes
MONO_ADVANCE = 0.602  # a DejaVu Sans Mono character's width, in font sizes
CONTINUATION_CHARS = 2  # how far a wrapped code line's continuation hangs in
# Qt drops an empty paragraph, so a blank code line holds a zero-width space (which copying
# the block removes again).
BLANK_CODE_LINE = "\u200b"
LANGUAGE_ALIASES = {"pytorch": "python", "py": "python", "shell": "bash", "sh": "bash"}

_TAG = re.compile(r"<[^>]*>")
_OPENER = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n")
_CLOSER = re.compile(r"(`{3,}|~{3,})[ \t]*\n?")

# What one piece of markdown (an answer section, a note) may hold before it is shown as plain
# text with a message instead: each limit is several times what the shipped answers use
# (16,743 characters in the longest file, 48 formulas, the longest 235 characters), and each
# stops content that froze the window for seconds to minutes (review H2, C5).
MAX_MARKDOWN_CHARS = 100_000
MAX_FORMULAS = 200
MAX_FORMULA_CHARS = 1_000
MAX_BRACKET_DEPTH = 32


@dataclass(frozen=True)
class Fence:
    """One fenced code block: where it sits in the text, its info string and its code."""

    start: int
    end: int
    info: str
    code: str


def fenced_blocks(text: str) -> list[Fence]:
    """Every fenced code block, in order, in time linear in the text. The regular expression
    this replaces tried every unclosed fence against the rest of the text: 30,000 of them
    took 25 s. Here each fence line is found once, and an opening fence looks up the first
    closing line of the very same fence after it."""
    lines: list[tuple[int, str]] = []
    offset = 0
    parts = text.split("\n")  # only \n ends a line here, as it did for the expression
    for number, part in enumerate(parts):
        line = part if number == len(parts) - 1 else part + "\n"
        lines.append((offset, line))
        offset += len(line)
    closers: dict[str, list[int]] = {}
    for index, (_, line) in enumerate(lines):
        closing = _CLOSER.fullmatch(line)
        if closing:
            closers.setdefault(closing.group(1), []).append(index)
    found: list[Fence] = []
    index = 0
    while index < len(lines):
        start, line = lines[index]
        opening = _OPENER.fullmatch(line)
        after = closers.get(opening.group("fence"), []) if opening else []
        close = bisect.bisect_right(after, index)
        if opening is None or close == len(after):
            index += 1
            continue
        end_line = after[close]
        code_start = start + len(line)
        code_end = lines[end_line][0]
        closing_text = lines[end_line][1].rstrip("\n")
        found.append(
            Fence(
                start,
                code_end + len(closing_text),
                opening.group("info"),
                text[code_start:code_end],
            )
        )
        index = end_line + 1
    return found


def _bracket_depth(text: str) -> int:
    """The deepest nesting of [ ] in `text` (Python-Markdown's link pattern is exponential
    in it: 20,000 nested links took a minute)."""
    depth = deepest = 0
    for char in text:
        if char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]" and depth:
            depth -= 1
    return deepest


_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?!\d)")
_SVG_IMAGE = re.compile(r"<(?:\w+:)?image\b[^>]*?(?:/>|>.*?</(?:\w+:)?image\s*>)", re.S | re.I)
_FIGURE_IMG = re.compile(r'<p>\s*<img alt="([^"]*)" src="figures/([^"]+)"\s*/?>\s*</p>')
_SVG_SIZE = re.compile(r'<svg[^>]*?width="([\d.]+)(?:px)?"[^>]*?height="([\d.]+)(?:px)?"', re.S)


@dataclass(frozen=True)
class ImageData:
    svg: bytes
    width: float
    height: float


@dataclass
class RenderedDoc:
    html: str
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CodeBlock:
    language: str
    code: str
    line: int


def code_blocks(markdown_text: str) -> list[CodeBlock]:
    """Fenced code blocks with their language, for the tests that execute answer code."""
    blocks = []
    for fence in fenced_blocks(markdown_text):
        line = markdown_text[: fence.start].count("\n") + 1
        info = fence.info.strip().split()
        blocks.append(CodeBlock(info[0].lower() if info else "", fence.code, line))
    return blocks


# What an own question without an answer yet shows where the answer goes.
ANSWER_TO_WRITE = "*Answer to write.* This question came without an answer; edit it to add yours."


class AnswerRenderer:
    """Renders questions for one theme; caches whole documents and every image it serves."""

    def __init__(
        self,
        content_root: Path,
        theme: Theme,
        base_font_px: float = 15.0,
        titles: Mapping[int, str] | None = None,
        cache: RenderCache | None = None,
    ) -> None:
        self.content_root = content_root
        self.theme = theme
        self.base_font_px = base_font_px
        self.titles = dict(titles or {})
        self.cache = cache
        # The one folder whose images an answer or a note may show (content.local_images);
        # None: no local file at all.
        self.media_dir: Path | None = None
        # Each document with the question it was made from: an own question edited in the
        # app is a new Question under the same id, and must not get its old answer back.
        self._documents: dict[tuple[int, bool], tuple[Question, RenderedDoc]] = {}
        self._images: dict[str, ImageData] = {}
        self._formulas: dict[str, ImageData] = {}  # by formula key, at MATH_REFERENCE_PX

    # --- public -------------------------------------------------------------------------
    def render_question(self, question: Question, extras: bool = True) -> RenderedDoc:
        """The answer; with `extras`, also its key points and the interviewer's follow-ups."""
        key = (question.id, extras)
        found = self._documents.get(key)
        if found is not None and (found[0] is question or found[0] == question):
            return found[1]
        made = self._cached_question(question, extras)
        self._documents[key] = (question, made)
        return made

    def render_draft(self, question: Question) -> RenderedDoc:
        """A question still being written (the editor's live preview): rendered anew every
        time, as it changes with each keystroke, and kept in no cache."""
        return self._render_question(question, True)

    def _answer_key(self, question: Question, extras: bool) -> str:
        related = tuple(self.titles.get(other, "") for other in question.related)
        # Where the file sits does not shape the answer; leaving it out lets a seed made at
        # build time serve an installed copy that reads its content from another folder.
        placed_anywhere = replace(question, source_path="")
        return digest(placed_anywhere, related, extras, self.theme.name, self.base_font_px)

    def prepare(self, sample: Question) -> None:
        """In a look whose answers are not cached (a size the seed does not hold), load what
        rendering them takes now, so the first answer shown does not wait for Markdown and
        Pygments to load (about 30 ms). `sample` stands for every answer in this look."""
        if self.cache is not None and self.cache.seeded("answer", self._answer_key(sample, True)):
            return
        self.render_markdown("`x`\n\n| a |\n|---|\n| b |\n\n```python\nx = 1\n```\n")

    def _cached_question(self, question: Question, extras: bool) -> RenderedDoc:
        """From the disk cache when this exact answer was rendered before in this look."""
        if self.cache is None:
            return self._render_question(question, extras)
        key = self._answer_key(question, extras)
        stored = self.cache.get("answer", key)
        if stored is not None:
            return RenderedDoc(stored)
        doc = self._render_question(question, extras)
        if not doc.problems:
            self.cache.put("answer", key, doc.html)
        return doc

    def render_markdown(self, text: str) -> RenderedDoc:
        """Any markdown (answers, user notes); raw HTML is shown as text, never interpreted."""
        if not text.strip():  # most notes are empty: no need to load Markdown at start-up
            return RenderedDoc("")
        problems: list[str] = []
        return RenderedDoc(self._markdown_to_html(text, problems), problems)

    def image(self, url: str) -> ImageData | None:
        """The SVG behind an image URL used in rendered HTML, recoloured for the theme; a
        formula at the size its URL asks for."""
        if url in self._images:
            return self._images[url]
        if url.startswith(f"{FIGURE_SCHEME}:"):
            return self._load_figure(url)
        if url.startswith(f"{MATH_SCHEME}:"):
            key, _, size = url.split(":", 1)[1].partition("@")
            formula = self._stored_formula(key)
            if formula is None or not size:
                return None
            image = _scaled(formula, float(size))
            self._images[url] = image
            return image
        return None

    def clear(self) -> None:
        self._documents.clear()
        self._images.clear()
        self._formulas.clear()

    # --- documents ------------------------------------------------------------------------
    def _render_question(self, question: Question, extras: bool) -> RenderedDoc:
        problems: list[str] = []
        if question.needs_answer:  # an own question imported from a plain list
            parts = [self._section("Short answer", ANSWER_TO_WRITE, problems, lead=True)]
        else:
            parts = [
                self._section("Short answer", question.short_answer, problems, lead=True)
                if question.short_answer or not question.is_own
                else "",
                self._section("Detailed answer", question.detailed_answer, problems)
                if question.detailed_answer or not question.is_own
                else "",
            ]
        if question.common_mistakes:
            parts.append(self._section("Common mistakes", question.common_mistakes, problems))
        if extras:
            points = "\n".join(f"- {point}" for point in question.key_points)
            if points or not question.is_own:
                parts.append(self._section("Key points", points, problems))
            follow = "\n\n".join(
                f"**{item.question}**  \n{item.answer}" for item in question.follow_ups
            )
            if follow or not question.is_own:
                parts.append(self._section("Interviewer follow-ups", follow, problems))
            links = "\n".join(
                f"- [Q{other}. {self.titles[other]}](question:{other})"
                for other in question.related
                if other in self.titles
            )
            if links:
                parts.append(self._section("Related questions", links, problems))
        return RenderedDoc("\n".join(parts), problems)

    def _section(self, title: str, text: str, problems: list[str], lead: bool = False) -> str:
        body = self._markdown_to_html(text, problems)
        if lead:
            t = self.theme
            return (
                f'<h2>{title}</h2><table width="99.5%" cellpadding="12" cellspacing="0">'
                f'<tr><td bgcolor="{t.accent_soft}" style="border-left: 4px solid {t.accent};">'
                f"{body}</td></tr></table>"
            )
        return f"<h2>{title}</h2>\n{body}"

    def _markdown_to_html(self, text: str, problems: list[str]) -> str:
        """HTML for one piece of markdown; a piece too large or nested too deeply to show in
        bounded time is shown as plain text, with a problem saying why."""
        reason = None
        if len(text) > MAX_MARKDOWN_CHARS:
            reason = f"it is {len(text):,} characters long (at most {MAX_MARKDOWN_CHARS:,})"
        elif _bracket_depth(text) > MAX_BRACKET_DEPTH:
            reason = f"its [ ] brackets nest more than {MAX_BRACKET_DEPTH} deep"
        if reason is None:
            try:
                return self._formatted(text, problems)
            except RecursionError:
                reason = "it is nested too deeply"
        problems.append(f"this text is shown unformatted: {reason}")
        shown = text[:MAX_MARKDOWN_CHARS]
        cut = "\n…" if len(text) > len(shown) else ""
        return (
            f"<p class='muted'>This text is shown unformatted: {html.escape(reason)}.</p>"
            f"<pre>{html.escape(shown)}{cut}</pre>"
        )

    def _formatted(self, text: str, problems: list[str]) -> str:
        # Placeholders for stashed pieces use marks that do not occur in the text, so a note
        # or answer that happens to contain one cannot be mistaken for a stashed piece.
        mark, code_mark = _free_mark(text, "DSX"), _free_mark(text, "DSC")
        snippets: list[str] = []

        def stash(fragment: str) -> str:
            snippets.append(fragment)
            return f"{mark}{len(snippets) - 1}X"

        pieces, last = [], 0
        for block in fenced_blocks(text):
            info = block.info.strip().split()
            code = stash(self._code_html(block.code, info[0] if info else ""))
            pieces += [text[last : block.start], "\n\n", code]
            last = block.end
        text = "".join(pieces) + text[last:]
        # Protect inline code so a `$` inside it is never read as math.
        inline_codes: list[str] = []

        def protect(match: re.Match[str]) -> str:
            inline_codes.append(match.group(0))
            return f"{code_mark}{len(inline_codes) - 1}C"

        text = _INLINE_CODE.sub(protect, text)
        typeset = [0]  # formulas typeset so far in this piece

        def formula(latex: str, inline: bool) -> str:
            typeset[0] += 1
            if typeset[0] > MAX_FORMULAS or len(latex) > MAX_FORMULA_CHARS:
                # ziamath's time grows faster than the formula: 4,000 terms took 24 s.
                problems.append(
                    f"formula not typeset: more than {MAX_FORMULAS} in one text, or longer "
                    f"than {MAX_FORMULA_CHARS:,} characters"
                )
                return f"<code>{html.escape(latex[:MAX_FORMULA_CHARS])}</code>"
            return self._math_html(latex, inline, problems)

        text = _DISPLAY_MATH.sub(
            lambda m: "\n\n" + stash(formula(m.group(1), False)) + "\n\n", text
        )
        text = _INLINE_MATH.sub(lambda m: stash(formula(m.group(1), True)), text)
        text = re.sub(rf"{code_mark}(\d+)C", lambda m: inline_codes[int(m.group(1))], text)
        text = text.replace("<", "&lt;")  # raw HTML in content or notes is shown, not run
        # Imported here: an everyday start shows answers from the render cache and empty
        # notes, so Markdown and its extensions (~20 ms) are loaded only when text is new.
        import markdown

        out = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
        out = re.sub(rf"<p>\s*{mark}(\d+)X\s*</p>", lambda m: snippets[int(m.group(1))], out)
        out = re.sub(rf"{mark}(\d+)X", lambda m: snippets[int(m.group(1))], out)
        out = _FIGURE_IMG.sub(lambda m: self._figure_html(m.group(2), m.group(1), problems), out)
        out = _even_formula_lines(out, self.base_font_px)
        out = out.replace(
            "<table>",
            '<table class="grid" cellspacing="0" cellpadding="6" border="1" width="99.5%">',
        )
        return out

    # --- pieces ---------------------------------------------------------------------------
    def _code_html(self, code: str, language: str) -> str:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import TextLexer, get_lexer_by_name
        from pygments.util import ClassNotFound

        name = LANGUAGE_ALIASES.get(language.lower(), language.lower()) or "text"
        try:
            lexer = get_lexer_by_name(name)
        except ClassNotFound:
            lexer = TextLexer()
        formatter = HtmlFormatter(noclasses=True, nowrap=True, style=self.theme.pygments_style)
        body = highlight(code.rstrip("\n"), lexer, formatter).rstrip("\n")
        t = self.theme
        label = html.escape(language.lower() or "text")
        # One paragraph per line, each with a hanging indent: a line too long for the pane
        # wraps to its own indentation plus two characters (the view draws a "↪" in that
        # gap), so a continuation never reads as a statement of its own (gui.md 6). Pygments
        # closes its spans at every line end, so each line is whole HTML.
        char_px = self.base_font_px * CODE_FONT_EMS * MONO_ADVANCE
        lines = []
        for line in body.split("\n"):
            text = _TAG.sub("", line)
            lead = len(text) - len(text.lstrip(" "))
            hang = round((lead + CONTINUATION_CHARS) * char_px)
            lines.append(
                f'<p class="codeline" style="color: {t.text}; margin-left: {hang}px; '
                f'text-indent: -{hang}px;">{line or BLANK_CODE_LINE}</p>'
            )
        return (
            f'<table class="code" width="99.5%" cellpadding="10" cellspacing="0" '
            f'bgcolor="{t.code_bg}" style="border: 1px solid {t.border};">'
            f'<tr><td><p class="codelabel">{label}</p>{"".join(lines)}</td></tr></table>'
        )

    def _math_html(self, latex: str, inline: bool, problems: list[str]) -> str:
        latex = latex.strip()
        size = self.base_font_px * (1.1 if inline else 1.25)
        key = digest(latex, self.theme.text, inline)
        formula = self._stored_formula(key)
        if formula is None:
            try:
                typeset = render_math(latex, MATH_REFERENCE_PX, self.theme.text, inline)
            except MathError as error:
                problems.append(str(error))
                return f'<code style="color: {self.theme.ratings[0]};">{html.escape(latex)}</code>'
            formula = ImageData(typeset.svg.encode(), typeset.width, typeset.height)
            self._formulas[key] = formula
            if self.cache is not None:
                self.cache.put("math", key, typeset.svg)
        image = _scaled(formula, size)
        url = f"{MATH_SCHEME}:{key}@{size:g}"
        self._images[url] = image
        tag = (
            f'<img src="{url}" width="{image.width:.0f}" height="{image.height:.0f}" '
            f'style="vertical-align: middle;" alt="{html.escape(latex, quote=True)}">'
        )
        return tag if inline else f'<p align="center" class="figure">{tag}</p>'

    def _stored_formula(self, key: str) -> ImageData | None:
        """A formula typeset before, at MATH_REFERENCE_PX: in this renderer, or on disk (the
        user's cache, then the shipped seed, which holds every formula of the content)."""
        formula = self._formulas.get(key)
        if formula is None and self.cache is not None:
            svg = self.cache.get("math", key)
            size = _SVG_SIZE.search(svg) if svg else None
            if svg and size:
                formula = ImageData(svg.encode(), float(size.group(1)), float(size.group(2)))
                self._formulas[key] = formula
        return formula

    def _figure_html(self, name: str, caption: str, problems: list[str]) -> str:
        url = f"{FIGURE_SCHEME}:{name}"
        image = self._load_figure(url)
        if image is None:
            problems.append(f"figure not found: figures/{name}")
            return f"<p><i>[missing figure: {html.escape(name)}]</i></p>"
        scale = min(1.0, MAX_FIGURE_WIDTH / image.width) if image.width else 1.0
        return (
            f'<p align="center" class="figure"><img src="{url}" width="{image.width * scale:.0f}" '
            f'height="{image.height * scale:.0f}" alt="{caption}"></p>'
            f'<p align="center" class="caption">{caption}</p>'
        )

    def _load_figure(self, url: str) -> ImageData | None:
        name = url.split(":", 1)[1]
        path = (self.content_root / "figures" / name).resolve()
        if path.parent != (self.content_root / "figures").resolve() or not path.is_file():
            return None
        # A figure draws itself: an <image> inside it would make QtSvg read another file.
        svg = self.theme.recolour_svg(_SVG_IMAGE.sub("", path.read_text(encoding="utf-8")))
        size = _SVG_SIZE.search(svg)
        width, height = (float(size.group(1)), float(size.group(2))) if size else (400.0, 300.0)
        image = ImageData(svg.encode(), width, height)
        self._images[url] = image
        return image


def library_renderer(
    content_root: Path,
    questions: Iterable[Question],
    theme: Theme,
    font_px: float,
    cache: RenderCache | None,
) -> AnswerRenderer:
    """A renderer that knows every question's title (for the related links). The app and the
    seed generator both build theirs here, so the generator files answers under exactly the
    keys the app looks up."""
    titles = {question.id: question.title for question in questions}
    return AnswerRenderer(content_root, theme, font_px, titles, cache)


def _scaled(formula: ImageData, size: float) -> ImageData:
    """A formula typeset at MATH_REFERENCE_PX, shown at `size`: the same SVG in a box scaled
    to match (its viewBox keeps the drawing exact at any size)."""
    scale = size / MATH_REFERENCE_PX
    return ImageData(formula.svg, formula.width * scale, formula.height * scale)


def _free_mark(text: str, base: str) -> str:
    mark = base
    while mark in text:
        mark += "Q"
    return mark


# A paragraph's lines are 135 % of the text's own height apart (`answer_css`), and that
# proportion also multiplies a line that holds an inline formula a few pixels taller than the
# text, which opened a gap under each such line (gui.md 16). A paragraph whose formulas fit
# the text's spacing gets that spacing as a fixed height instead, so its lines stay even.
TEXT_LINE_EMS = 1.2  # the text font's own line height, in font sizes
LINE_SPACING = 1.35
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_INLINE_FORMULA_HEIGHT = re.compile(rf'<img src="{MATH_SCHEME}:[^"]*" width="\d+" height="(\d+)"')


def _even_formula_lines(out: str, font_px: float) -> str:
    line_px = round(font_px * TEXT_LINE_EMS * LINE_SPACING)

    def even(match: re.Match[str]) -> str:
        heights = [int(h) for h in _INLINE_FORMULA_HEIGHT.findall(match.group(1))]
        if not heights or max(heights) > line_px:
            return match.group(0)
        style = f"line-height: {line_px}px; -qt-line-height-type: fixed;"
        return f'<p style="{style}">{match.group(1)}</p>'

    return _PARAGRAPH.sub(even, out)


def answer_css(theme: Theme, font_px: float) -> str:
    """Default style sheet for answer documents (QTextDocument's CSS subset).

    The text size itself is the document's default font, which the view sets to `font_px`:
    QTextDocument ignores a pixel font-size on `body` (our HTML has no <body> element) and on
    headings, whose size it only takes as a keyword relative to that font (large = 1.2 x,
    x-large = 1.5 x)."""
    t = theme
    return f"""
body {{ color: {t.text}; }}
h1 {{ font-size: x-large; font-weight: 600; margin-bottom: 6px; }}
h2 {{ font-size: large; font-weight: 600; margin-top: 18px; margin-bottom: 6px;
      color: {t.text}; }}
h3 {{ font-size: medium; font-weight: 600; margin-top: 14px; margin-bottom: 4px; }}
p {{ margin-top: 4px; margin-bottom: 8px; line-height: {LINE_SPACING * 100:.0f}%; }}
li {{ margin-bottom: 3px; }}
a {{ color: {t.accent}; text-decoration: none; }}
code {{ font-family: {MONO}; font-size: {font_px * 0.9:.0f}px;
        background-color: {t.inline_code_bg}; }}
pre, p.codeline {{ font-family: {MONO}; font-size: {font_px * CODE_FONT_EMS:.0f}px;
                  margin-top: 0px; margin-bottom: 0px; white-space: pre-wrap;
                  line-height: 100%; }}
table.grid {{ border-color: {t.border}; border-style: solid; border-collapse: collapse;
              margin-top: 6px; margin-bottom: 10px; font-size: {font_px * 0.9:.0f}px; }}
table.grid th {{ background-color: {t.accent_soft}; font-weight: 600; }}
table.code {{ margin-top: 6px; margin-bottom: 10px; }}
p.codelabel {{ color: {t.muted}; font-size: {font_px * 0.75:.0f}px; margin: 0px; }}
p.figure {{ line-height: 100%; margin-top: 8px; margin-bottom: 4px; }}
p.caption {{ color: {t.muted}; font-size: {font_px * 0.87:.0f}px; font-style: italic; }}
.muted {{ color: {t.muted}; }}
"""
