"""LaTeX to SVG through ziamath, cached so every formula is typeset once per colour and size."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')
_SIZE = re.compile(r'width="[-\d.]+" height="[-\d.]+"')


class MathError(ValueError):
    """A formula ziamath could not typeset."""


@dataclass(frozen=True)
class MathImage:
    svg: str
    width: float
    height: float


@lru_cache(maxsize=4096)
def render_math(latex: str, size: float, color: str, inline: bool) -> MathImage:
    """Typeset `latex`; inline formulas are padded so their baseline sits on the text's.

    Qt can only centre an inline image on the line (vertical-align: middle), so the box is
    extended above or below until its middle lies a little above the baseline, where the
    middle of lower-case text is.
    """
    from ziamath.config import config
    from ziamath.zmath import Latex

    config.svg2 = False  # Qt's SVG renderer drops glyphs defined with <symbol>/<use>
    try:
        svg = Latex(latex, size=size, color=color, inline=inline).svg()
    except Exception as error:  # ziamath and latex2mathml raise many unrelated types
        raise MathError(f"cannot typeset ${latex}$: {type(error).__name__} {error}") from error
    found = _VIEWBOX.search(svg)
    if not found:
        raise MathError(f"cannot typeset ${latex}$: no viewBox in output")
    x, y, w, h = (float(v) for v in found.groups())
    if inline:
        ascent, descent = -y, y + h
        lift = 0.30 * size
        top = max(ascent, descent + 2 * lift)
        bottom = top - 2 * lift
        if bottom < descent:
            bottom = descent
            top = bottom + 2 * lift
        y, h = -top, top + bottom
    svg = _VIEWBOX.sub(f'viewBox="{x:.3f} {y:.3f} {w:.3f} {h:.3f}"', svg, count=1)
    svg = _SIZE.sub(f'width="{w:.3f}" height="{h:.3f}"', svg, count=1)
    return MathImage(svg, w, h)
