"""A QTextBrowser that shows rendered answers, drawing their SVG formulas and figures."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QWidget

from studyapp.content.render import AnswerRenderer, answer_css

_SCHEMES = ("ds-math", "ds-fig")


class AnswerView(QTextBrowser):
    """Internal links (`question:N`) are emitted via `anchorClicked`; web links open outside."""

    def __init__(self, renderer: AnswerRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._pixels: dict[str, QImage] = {}
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_external)
        self.document().setDocumentMargin(18)
        self.apply_style()

    def set_renderer(self, renderer: AnswerRenderer) -> None:
        self._renderer = renderer
        self._pixels.clear()
        self.apply_style()

    def apply_style(self) -> None:
        self.document().setDefaultStyleSheet(
            answer_css(self._renderer.theme, self._renderer.base_font_px)
        )

    def show_html(self, html: str) -> None:
        self.document().clear()
        self.setHtml(html)

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        name = url.toString() if isinstance(url, QUrl) else str(url)
        if kind == QTextDocument.ResourceType.ImageResource.value and name.startswith(_SCHEMES):
            image = self._image(name)
            if image is not None:
                return image
        return super().loadResource(kind, url)

    def _image(self, name: str) -> QImage | None:
        cached = self._pixels.get(name)
        if cached is not None:
            return cached
        data = self._renderer.image(name)
        if data is None:
            return None
        renderer = QSvgRenderer(QByteArray(data.svg))
        if not renderer.isValid():
            return None
        scale = max(2.0, self.devicePixelRatioF() * 2)
        size = QSize(max(1, round(data.width * scale)), max(1, round(data.height * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        image.setDevicePixelRatio(scale)
        self._pixels[name] = image
        return image

    def _open_external(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
