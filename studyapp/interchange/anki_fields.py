"""DeepStudy markdown as the HTML of an Anki note field: formulas as MathJax `\\(...\\)` and
`\\[...\\]` (which Anki typesets itself), code blocks as `<pre><code>` with their text intact,
pictures as `<img src="name">` naming the media file that travels in the package.

The pieces are found the way the answer view finds them (content.render's fence scanner and
formula patterns), so what is a formula or a code block here is what it is on screen.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import TYPE_CHECKING

from studyapp.content.render import (
    _DISPLAY_MATH,
    _INLINE_CODE,
    _INLINE_MATH,
    _free_mark,
    fenced_blocks,
)

if TYPE_CHECKING:
    from markdown import Markdown

_IMG = re.compile(r'<img alt="([^"]*)" src="(?:figures|media)/([^"/]+)"\s*/?>')


@cache
def _converter() -> Markdown:
    """One Markdown instance for every field (building one registers ~50 patterns, which
    took most of the export's time); an export runs on one thread at a time."""
    import markdown

    return markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def markdown_to_anki_html(text: str) -> tuple[str, list[str]]:
    """The field's HTML, and the names of the pictures it shows."""
    if not text.strip():
        return "", []
    mark, code_mark = _free_mark(text, "DSA"), _free_mark(text, "DSB")
    stashed: list[str] = []

    def stash(fragment: str) -> str:
        stashed.append(fragment)
        return f"{mark}{len(stashed) - 1}X"

    pieces, last = [], 0
    for block in fenced_blocks(text):
        info = block.info.strip().split()
        language = f' class="language-{html.escape(info[0].lower())}"' if info else ""
        code = html.escape(block.code.rstrip("\n"), quote=False)
        pieces += [
            text[last : block.start],
            "\n\n",
            stash(f"<pre><code{language}>{code}</code></pre>"),
        ]
        last = block.end
    text = "".join(pieces) + text[last:]
    inline_codes: list[str] = []

    def protect(match: re.Match[str]) -> str:
        inline_codes.append(match.group(0))
        return f"{code_mark}{len(inline_codes) - 1}C"

    text = _INLINE_CODE.sub(protect, text)
    text = _DISPLAY_MATH.sub(
        lambda m: "\n\n" + stash(f"\\[{html.escape(m.group(1).strip(), quote=False)}\\]") + "\n\n",
        text,
    )
    text = _INLINE_MATH.sub(
        lambda m: stash(f"\\({html.escape(m.group(1).strip(), quote=False)}\\)"), text
    )
    text = re.sub(rf"{code_mark}(\d+)C", lambda m: inline_codes[int(m.group(1))], text)
    text = text.replace("<", "&lt;")  # raw HTML in an answer stays text, as on screen
    out = _converter().reset().convert(text)
    out = re.sub(rf"<p>\s*{mark}(\d+)X\s*</p>", lambda m: stashed[int(m.group(1))], out)
    out = re.sub(rf"{mark}(\d+)X", lambda m: stashed[int(m.group(1))], out)
    shown: list[str] = []

    def picture(match: re.Match[str]) -> str:
        shown.append(match.group(2))
        return f'<img alt="{match.group(1)}" src="{match.group(2)}">'

    out = _IMG.sub(picture, out)
    return out, list(dict.fromkeys(shown))


def plain_list_html(items: list[str]) -> str:
    """Key points: a bulleted list, each item's markdown (formulas, `code`) converted too."""
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{inline_html(item)}</li>" for item in items) + "</ul>"


def inline_html(text: str) -> str:
    """One line of markdown (a key point, a follow-up) without the paragraph around it."""
    fragment, _ = markdown_to_anki_html(text)
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        return fragment[3:-4]
    return fragment
