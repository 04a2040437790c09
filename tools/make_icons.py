"""Render resources/icons/deepstudy.svg to the PNG, ICO and ICNS sizes the bundles need.

.venv/bin/python tools/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "deepstudy.svg"))
    images = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        image.save(str(ICONS / f"deepstudy-{size}.png"))
        images[size] = image
    images[256].save(str(ICONS / "deepstudy.ico"))
    del app
    print(f"wrote {len(SIZES)} PNG sizes and deepstudy.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
