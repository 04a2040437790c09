"""Anki note fields (HTML with MathJax) as DeepStudy markdown: text kept, markup reduced to
what markdown says, scripts and styles dropped whole, images pointed at the copied media."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}", re.S)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.S)
_DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.S)
_DROP_WHOLE = {"script", "style", "head", "title", "iframe", "object", "embed", "svg", "math"}
_BLOCK = {
    "div",
    "p",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "ul",
    "ol",
}


class _Markdown(HTMLParser):
    def __init__(self, media: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.media = media
        self.used: list[str] = []
        self._dropping = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WHOLE:
            self._dropping += 1
            return
        if self._dropping:
            return
        if tag in _BLOCK:
            self.out.append("\n")
        if tag == "li":
            self.out.append("- ")
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "pre":
            self._pre += 1
            self.out.append("```\n")
        elif tag == "code" and not self._pre:
            self.out.append("`")
        elif tag == "img":
            source = dict(attrs).get("src") or ""
            name = source.rsplit("/", 1)[-1]
            if name in self.media:  # only pictures that came in the package
                self.used.append(name)
                self.out.append(f"![](media/{name})")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WHOLE:
            self._dropping = max(0, self._dropping - 1)
            return
        if self._dropping:
            return
        if tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self.out.append("\n```\n")
        elif tag == "code" and not self._pre:
            self.out.append("`")
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self.out.append(data)


def field_to_markdown(field: str, media: set[str]) -> tuple[str, list[str]]:
    """The field as markdown, and the media files it shows."""
    text = _SOUND.sub("", _CLOZE.sub(r"\1", field))
    parser = _Markdown(media)
    parser.feed(text)
    parser.close()
    body = "".join(parser.out)
    body = _DISPLAY_MATH.sub(lambda m: f"$${m.group(1).strip()}$$", body)
    body = _INLINE_MATH.sub(lambda m: f"${m.group(1).strip()}$", body)
    body = html.unescape(body).replace("\xa0", " ")
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body)
    return body.strip(), parser.used


def plain_title(field: str) -> str:
    """A note's first field as a one-line title: markdown without images or line breaks."""
    text, _ = field_to_markdown(field, set())
    return " ".join(text.replace("**", "").split())
