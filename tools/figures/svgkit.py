"""A tiny SVG writer for the answer figures: shapes, text, arrows and plot axes.

Output stays inside the subset Qt's SVG renderer draws (no CSS, markers, clip paths or
filters) and uses only the palette in content/STYLE.md, which the app recolours for dark mode.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from studyapp.stats.axes import nice_ticks

INK = "#1f2937"
MUTED = "#9ca3af"
BLUE, RED, GREEN, AMBER, VIOLET = "#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed"
FILL = {
    "blue": "#dbeafe",
    "red": "#fee2e2",
    "green": "#d1fae5",
    "amber": "#fef3c7",
    "violet": "#ede9fe",
    "neutral": "#f3f4f6",
}
FONT = 'font-family="sans-serif"'

Point = tuple[float, float]


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _points(points: Sequence[Point]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


@dataclass
class Svg:
    width: float
    height: float
    parts: list[str] = field(default_factory=list)

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        color: str = INK,
        width: float = 1.0,
        dash: str | None = None,
    ) -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
            f'stroke="{color}" stroke-width="{_num(width)}"{dashes}/>'
        )

    def polyline(
        self, points: Sequence[Point], color: str, width: float = 2.2, dash: str | None = None
    ) -> None:
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<polyline points="{_points(points)}" fill="none" stroke="{color}" '
            f'stroke-width="{_num(width)}" stroke-linejoin="round" stroke-linecap="round"{dashes}/>'
        )

    def polygon(
        self, points: Sequence[Point], fill: str, stroke: str | None = None, width: float = 1.0
    ) -> None:
        outline = f' stroke="{stroke}" stroke-width="{_num(width)}"' if stroke else ""
        self.parts.append(f'<polygon points="{_points(points)}" fill="{fill}"{outline}/>')

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        stroke: str | None = INK,
        radius: float = 6.0,
        width: float = 1.2,
    ) -> None:
        outline = f' stroke="{stroke}" stroke-width="{_num(width)}"' if stroke else ""
        self.parts.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
            f'rx="{_num(radius)}" ry="{_num(radius)}" fill="{fill}"{outline}/>'
        )

    def circle(
        self,
        cx: float,
        cy: float,
        r: float,
        fill: str,
        stroke: str | None = INK,
        width: float = 1.2,
    ) -> None:
        outline = f' stroke="{stroke}" stroke-width="{_num(width)}"' if stroke else ""
        self.parts.append(
            f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="{fill}"{outline}/>'
        )

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        color: str,
        width: float = 1.0,
        angle: float = 0.0,
    ) -> None:
        self.parts.append(
            f'<ellipse cx="0" cy="0" rx="{_num(rx)}" ry="{_num(ry)}" fill="none" '
            f'stroke="{color}" stroke-width="{_num(width)}" '
            f'transform="translate({_num(cx)},{_num(cy)}) rotate({_num(angle)})"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        size: float = 13,
        color: str = INK,
        anchor: str = "middle",
        weight: str = "normal",
        italic: bool = False,
    ) -> None:
        style = ' font-style="italic"' if italic else ""
        self.parts.append(
            f'<text x="{_num(x)}" y="{_num(y)}" {FONT} font-size="{_num(size)}" fill="{color}" '
            f'text-anchor="{anchor}" font-weight="{weight}"{style}>{escape(content)}</text>'
        )

    def arrow(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        color: str = INK,
        width: float = 1.5,
        head: float = 8.0,
        dash: str | None = None,
    ) -> None:
        """A line ending in a filled triangular head at (x2, y2)."""
        angle = math.atan2(y2 - y1, x2 - x1)
        base_x, base_y = x2 - head * math.cos(angle), y2 - head * math.sin(angle)
        self.line(x1, y1, base_x, base_y, color, width, dash)
        spread = head * 0.45
        left = (base_x + spread * math.sin(angle), base_y - spread * math.cos(angle))
        right = (base_x - spread * math.sin(angle), base_y + spread * math.cos(angle))
        self.polygon([(x2, y2), left, right], color)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        label: str,
        fill: str = "neutral",
        sublabel: str = "",
        size: float = 13,
    ) -> None:
        """A rounded box with a centred label and an optional smaller line under it."""
        self.rect(x, y, w, h, FILL[fill])
        if sublabel:
            self.text(x + w / 2, y + h / 2 - 2, label, size, weight="bold")
            self.text(x + w / 2, y + h / 2 + 14, sublabel, size - 2)
        else:
            self.text(x + w / 2, y + h / 2 + size * 0.35, label, size, weight="bold")

    def render(self) -> str:
        body = "\n  ".join(self.parts)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(self.width)}" '
            f'height="{_num(self.height)}" viewBox="0 0 {_num(self.width)} {_num(self.height)}">'
            f"\n  {body}\n</svg>\n"
        )

    def save(self, path: Path) -> None:
        path.write_text(self.render(), encoding="utf-8")


@dataclass
class Plot:
    """Data coordinates mapped into a rectangle of an Svg, with labelled axes."""

    svg: Svg
    left: float
    top: float
    width: float
    height: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    legend: list[tuple[str, str, str | None]] = field(default_factory=list)

    def x(self, value: float) -> float:
        low, high = self.xlim
        return self.left + (value - low) / (high - low) * self.width

    def y(self, value: float) -> float:
        low, high = self.ylim
        return self.top + self.height - (value - low) / (high - low) * self.height

    def axes(
        self,
        xlabel: str,
        ylabel: str,
        xticks: Sequence[float] | None = None,
        yticks: Sequence[float] | None = None,
        grid: bool = True,
        fmt: str = "{:g}",
    ) -> None:
        svg = self.svg
        xticks = list(xticks) if xticks is not None else nice_ticks(self.xlim[1], 5, self.xlim[0])
        yticks = list(yticks) if yticks is not None else nice_ticks(self.ylim[1], 4, self.ylim[0])
        bottom = self.top + self.height
        for tick in yticks:
            if self.ylim[0] <= tick <= self.ylim[1]:
                if grid:
                    svg.line(
                        self.left,
                        self.y(tick),
                        self.left + self.width,
                        self.y(tick),
                        MUTED,
                        0.6,
                        "3,3",
                    )
                svg.text(self.left - 8, self.y(tick) + 4, fmt.format(tick), 12, anchor="end")
        for tick in xticks:
            if self.xlim[0] <= tick <= self.xlim[1]:
                svg.line(self.x(tick), bottom, self.x(tick), bottom + 5, INK, 1)
                svg.text(self.x(tick), bottom + 19, fmt.format(tick), 12)
        svg.line(self.left, bottom, self.left + self.width, bottom, INK, 1)
        svg.line(self.left, self.top, self.left, bottom, INK, 1)
        svg.text(self.left + self.width / 2, bottom + 38, xlabel, 13)
        svg.parts.append(
            f'<text x="0" y="0" {FONT} font-size="13" fill="{INK}" text-anchor="middle" '
            f'transform="translate({_num(self.left - 44)},{_num(self.top + self.height / 2)}) '
            f'rotate(-90)">{escape(ylabel)}</text>'
        )

    def curve(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        color: str,
        label: str = "",
        width: float = 2.2,
        dash: str | None = None,
    ) -> None:
        points = [
            (self.x(a), self.y(b))
            for a, b in zip(xs, ys, strict=True)
            if self.ylim[0] - 1e-9 <= b <= self.ylim[1] + 1e-9
        ]
        self.svg.polyline(points, color, width, dash)
        if label:
            self.legend.append((label, color, dash))

    def draw_legend(self, x: float, y: float, line_height: float = 18) -> None:
        for index, (label, color, dash) in enumerate(self.legend):
            row = y + index * line_height
            self.svg.line(x, row - 4, x + 24, row - 4, color, 2.5, dash)
            self.svg.text(x + 30, row, label, 12, anchor="start")
