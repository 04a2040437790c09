"""Every word in a figure reads at 4.5:1 in both looks.

A figure is drawn on the answer pane's page (the theme's surface) with a transparent
background, and the dark look swaps each palette colour for its partner before drawing
(Theme.recolour_svg), so each label is checked in each look after that swap, against what is
under it: the last filled box drawn before it that holds its anchor point, else the page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from studyapp.content.theme import TEXT_CONTRAST, THEMES, Theme, contrast_ratio

FIGURES = sorted((Path(__file__).resolve().parents[2] / "content" / "figures").glob("*.svg"))
_NS = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    fill: str

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


def _fill(element: ET.Element, inherited: str) -> str:
    style = dict(part.split(":", 1) for part in element.get("style", "").split(";") if ":" in part)
    return (style.get("fill") or element.get("fill") or inherited).strip().lower()


def _blend(top: str, bottom: str, opacity: float) -> str:
    """`top` drawn at `opacity` over `bottom`, as one opaque colour."""
    mixed = (
        round(opacity * int(top[i : i + 2], 16) + (1 - opacity) * int(bottom[i : i + 2], 16))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


def _box(element: ET.Element, fill: str) -> Box | None:
    """The area a filled rectangle, circle or ellipse covers (other shapes are outlines or
    lines in these figures); its fill as drawn, opacity not yet applied."""
    if not fill.startswith("#"):
        return None
    tag = element.tag.removeprefix(_NS)
    number = lambda name: float(element.get(name, "0"))  # noqa: E731
    if tag == "rect":
        x, y = number("x"), number("y")
        return Box(x, y, x + number("width"), y + number("height"), fill)
    if tag in ("circle", "ellipse"):
        rx = number("r") if tag == "circle" else number("rx")
        ry = number("r") if tag == "circle" else number("ry")
        cx, cy = number("cx"), number("cy")
        return Box(cx - rx, cy - ry, cx + rx, cy + ry, fill)
    return None


def label_contrasts(svg: str, theme: Theme) -> list[tuple[str, float]]:
    """(text, contrast) for every label of `svg` as `theme` draws it."""
    root = ET.fromstring(theme.recolour_svg(svg))
    boxes: list[Box] = []
    found: list[tuple[str, float]] = []

    def walk(element: ET.Element, fill: str) -> None:
        fill = _fill(element, fill)
        tag = element.tag.removeprefix(_NS)
        if tag == "text":
            x, y = float(element.get("x", "0")), float(element.get("y", "0"))
            under = next((b.fill for b in reversed(boxes) if b.holds(x, y - 4)), theme.surface)
            words = "".join(element.itertext()).strip()
            found.append((words, contrast_ratio(fill, under)))
            return
        box = _box(element, fill)
        if box is not None:
            x, y = (box.left + box.right) / 2, (box.top + box.bottom) / 2
            under = next((b.fill for b in reversed(boxes) if b.holds(x, y)), theme.surface)
            opacity = float(element.get("fill-opacity", element.get("opacity", "1")))
            boxes.append(replace(box, fill=_blend(box.fill, under, opacity)))
        for child in element:
            walk(child, fill)

    walk(root, "#000000")  # SVG's default fill
    return found


@pytest.mark.parametrize("look", sorted(THEMES))
@pytest.mark.parametrize("figure", FIGURES, ids=lambda path: path.name)
def test_every_figure_label_reads_at_4_5_to_1(figure: Path, look: str) -> None:
    labels = label_contrasts(figure.read_text(encoding="utf-8"), THEMES[look])
    assert labels, "a figure without a single label"
    faint = [(text, round(ratio, 2)) for text, ratio in labels if ratio < TEXT_CONTRAST]
    assert faint == []


def test_the_check_sees_a_faint_label_and_the_box_under_it() -> None:
    light = THEMES["light"]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<text x="10" y="20" fill="#059669">faint on the page</text>'
        '<rect x="0" y="40" width="200" height="60" fill="#1f2937"/>'
        '<text x="10" y="70" fill="#1f2937">ink on an ink box</text>'
        '<text x="10" y="90" fill="#ffffff">white on the box</text>'
        '<rect x="0" y="100" width="200" height="50" fill="#1f2937" fill-opacity="0.5"/>'
        '<text x="10" y="130" fill="#1f2937">ink on a half-ink box</text></svg>'
    )
    ratios = dict(label_contrasts(svg, light))
    assert ratios["faint on the page"] < TEXT_CONTRAST
    assert ratios["ink on an ink box"] == pytest.approx(1.0)
    assert ratios["white on the box"] > 14
    # half ink over the white page is #8f949b
    assert ratios["ink on a half-ink box"] == pytest.approx(contrast_ratio("#1f2937", "#8f949b"))
