"""A QTextBrowser that shows rendered answers, drawing their SVG formulas and figures."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QRectF,
    QRegularExpression,
    QSize,
    QSizeF,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolButton, QWidget

from studyapp.content.local_images import media_file, read_media
from studyapp.content.render import BLANK_CODE_LINE, AnswerRenderer, ImageData, answer_css
from studyapp.content.search import match_pattern
from studyapp.ui.widgets.highlight import match_colour

_SCHEMES = ("ds-math", "ds-fig")
PIXEL_BUDGET = 16 * 1024 * 1024  # a few answers' worth of images; the rest are drawn again
_NATURAL_SIZE = QTextFormat.Property.UserProperty + 1  # an image's size before fitting
_MEASURE_EMS = 52  # widest text column, in answer font sizes (~100 characters a line)
_FIT_SLACK = 6  # the pane's frame and rounding, so a fitted image never just overflows
CONTINUATION_MARK = "↪"  # drawn where a long code line wraps


def _list_indent(block: QTextBlock) -> float:
    """How far a list item's text starts from the margin (QTextDocument's 40 px per level)."""
    text_list = block.textList()
    return 0.0 if text_list is None else 40.0 * text_list.format().indent()


def svg_image(data: ImageData, scale: float) -> QImage | None:
    """An answer's SVG (formula or figure) drawn at `scale` pixels per point, or None when
    the SVG cannot be read; the answer view and the printed study sheet both use it."""
    renderer = QSvgRenderer(QByteArray(data.svg))
    if not renderer.isValid():
        return None
    size = QSize(max(1, round(data.width * scale)), max(1, round(data.height * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    image.setDevicePixelRatio(scale)
    return image


def gated_resource(
    kind: int,
    url: QUrl | str,
    renderer: AnswerRenderer,
    own_image: Callable[[str], QImage | None],
) -> object:
    """What any document showing content may load: only our own formula and figure images
    (drawn by `own_image`), and images under the data folder's media/. Anything else an
    answer or a note might reference (http images, file paths, style sheets) gets an empty
    value: returning None let Qt fall back to opening the file itself (review U1), which also
    hung on a FIFO (H1). The answer view and the printed study sheet both load through it."""
    name = url.toString() if isinstance(url, QUrl) else str(url)
    if kind != QTextDocument.ResourceType.ImageResource.value:
        return QByteArray()
    if name.startswith(_SCHEMES):
        return own_image(name) or QImage()
    return _media_image(name, renderer.media_dir)


def _media_image(name: str, folder: Path | None) -> QImage:
    path = media_file(name, folder)
    data = read_media(path) if path is not None else None
    if data is None:
        return QImage()
    if path is not None and path.suffix.lower() == ".svg":
        svg = QSvgRenderer(QByteArray(data))
        if not svg.isValid() or b"<image" in data:  # no file reads from inside it either
            return QImage()
        image = QImage(svg.defaultSize(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        svg.render(painter)
        painter.end()
        return image
    return QImage.fromData(data)


class AnswerView(QTextBrowser):
    """Internal links (`question:N`) are emitted via `anchorClicked`; web links open outside."""

    def __init__(self, renderer: AnswerRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer
        # Rasterised formulas and figures, most recently used last, kept within a byte budget:
        # unbounded, opening every answer once held ~70 MB of pixels nobody was looking at.
        self._pixels: OrderedDict[str, QImage] = OrderedDict()
        self._pixel_bytes = 0
        self.matches: list[QTextCursor] = []
        self.current_match = -1
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._open_external)
        self.document().setDocumentMargin(18)
        # A scroll bar that comes and goes changes the text's width: Qt lays the whole answer
        # out again, and until it has, a horizontal scroll bar can flash up. Answers are long,
        # so the bar stays.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.copy_button = QToolButton(self.viewport())
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip("Copy this code block")
        self.copy_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.copy_button.hide()
        self.copy_button.clicked.connect(self._copy_code)
        self._copy_table: QTextTable | None = None
        self._copied = QTimer(self, singleShot=True, interval=1200)  # "Copied" shows this long
        self._copied.timeout.connect(self._copy_label_back)
        self.viewport().setMouseTracking(True)
        self._fitted_width = -1
        self.document().setUndoRedoEnabled(False)  # fitting images is not an edit to undo
        self.apply_style()

    def set_renderer(self, renderer: AnswerRenderer) -> None:
        self._renderer = renderer
        self._pixels.clear()
        self._pixel_bytes = 0
        self.apply_style()

    def apply_style(self) -> None:
        document = self.document()
        font = QFont(document.defaultFont())
        font.setPixelSize(round(self._renderer.base_font_px))  # the answer text size setting
        document.setDefaultFont(font)
        document.setDefaultStyleSheet(answer_css(self._renderer.theme, self._renderer.base_font_px))
        self._style_copy_button()

    def show_html(self, html: str) -> None:
        self.copy_button.hide()
        self._copy_table = None
        self.document().clear()
        self.setHtml(html)
        self._fitted_width = -1
        self.fit_images()
        self.matches, self.current_match = [], -1

    # --- images fit the pane ----------------------------------------------------------------
    def fit_images(self) -> None:
        """Shrink figures and display formulas wider than the pane to its width (and grow them
        back, never past their own size), so no answer needs a horizontal scrollbar. The
        pixels are rasterised at twice their size, so a shrunk image stays sharp."""
        width = self.viewport().width()
        if width == self._fitted_width:
            return
        self._fitted_width = width
        document = self.document()
        spare = self._keep_measure(width)
        room = width - 2 * document.documentMargin() - spare - _FIT_SLACK
        layout = document.documentLayout()
        # Qt lays a new (or re-widthed) document out lazily: the first screenful at once, the
        # rest from a timer. Changing an image's format while that pass is unfinished re-lays
        # the edited block out and leaves every block after the lazy pass's position with an
        # empty layout that nothing lays out again: the end of the answer drew blank until
        # the next resize. Asking for the last block's rectangle finishes the pass first.
        layout.blockBoundingRect(document.lastBlock())
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                fragments += 1
                fmt = fragment.charFormat()
                if not fmt.isImageFormat():
                    continue
                image = fmt.toImageFormat()
                natural = image.property(_NATURAL_SIZE)
                if not isinstance(natural, QSizeF):
                    natural = QSizeF(image.width(), image.height())
                    image.setProperty(_NATURAL_SIZE, natural)
                if natural.width() <= 0:
                    continue
                block_room = room - block.blockFormat().leftMargin() - _list_indent(block)
                if block.textList() is None and layout.blockBoundingRect(block).width() < room:
                    block_room = layout.blockBoundingRect(block).width() - _FIT_SLACK
                scale = min(1.0, max(block_room, 80.0) / natural.width())
                if abs(image.width() - natural.width() * scale) < 0.5:
                    continue
                image.setWidth(natural.width() * scale)
                image.setHeight(natural.height() * scale)
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.setCharFormat(image)
            block = block.next()

    def column_width(self) -> float:
        """The widest the text column gets, margins included: what a pane needs to show it
        at its full measure."""
        return self._renderer.base_font_px * _MEASURE_EMS + 2 * self.document().documentMargin()

    def _keep_measure(self, width: int) -> float:
        """In a wide pane the text keeps a readable line length (about 100 characters): a right
        margin on the root frame, so the column stays under the question's title; returns
        that margin."""
        margin = self.document().documentMargin()
        spare = max(0.0, width - 2 * margin - self._renderer.base_font_px * _MEASURE_EMS)
        root = self.document().rootFrame()
        frame = root.frameFormat()
        if abs(frame.rightMargin() - (margin + spare)) >= 1:
            frame.setRightMargin(margin + spare)  # the document margin is the root's margin
            root.setFrameFormat(frame)
        return spare

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        if not event.oldSize().isValid() and self._laid_out_at(size):
            # Shown after being resized while hidden, Qt reports "no old size" and QTextEdit
            # lays the whole document out again, though the text keeps its width. Passing the
            # width on as unchanged leaves it at adjusting the scroll bars (~5 ms a reveal).
            event = QResizeEvent(size, QSize(size.width(), event.oldSize().height()))
        super().resizeEvent(event)
        self.fit_images()

    def _laid_out_at(self, size: QSize) -> bool:
        """True when the document is already laid out for a viewport of `size` (the scroll
        area hands its viewport's resize events to this handler)."""
        return size.width() == self.viewport().width() == self.document().pageSize().width()

    # --- wrapped code lines ----------------------------------------------------------------
    def wrapped_code_lines(self) -> list[tuple[QTextBlock, int]]:
        """Every continuation of a code line too long for the pane, as (block, line index);
        code lines are the only blocks with a hanging (negative) first-line indent."""
        found: list[tuple[QTextBlock, int]] = []
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            if block.blockFormat().textIndent() < 0 and layout.lineCount() > 1:
                found.extend((block, index) for index in range(1, layout.lineCount()))
            block = block.next()
        return found

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw a "↪" in the hanging indent of each wrapped code line's continuation."""
        super().paintEvent(event)
        top = self.verticalScrollBar().value()
        left = self.horizontalScrollBar().value()
        visible = QRectF(event.rect()).translated(left, top)
        painter: QPainter | None = None
        document_layout = self.document().documentLayout()
        for block, index in self.wrapped_code_lines():
            layout = block.layout()
            line = layout.lineAt(index)
            # A block in a table cell is laid out relative to the cell; its bounding rectangle
            # is in document coordinates.
            corner = document_layout.blockBoundingRect(block).topLeft()
            inner = layout.boundingRect().topLeft()
            x = corner.x() + line.x() - inner.x()
            y = corner.y() + line.y() - inner.y()
            rect = QRectF(x - 40, y, 40, line.height())
            if not rect.intersects(visible):
                continue
            if painter is None:
                painter = QPainter(self.viewport())
                painter.setPen(QColor(self._renderer.theme.muted))
                painter.setFont(block.charFormat().font())
            width = painter.fontMetrics().horizontalAdvance(CONTINUATION_MARK)
            painter.drawText(
                QRectF(x - width * 1.5 - left, y - top, width, line.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                CONTINUATION_MARK,
            )
        if painter is not None:
            painter.end()

    # --- search highlighting --------------------------------------------------------------
    def highlight(self, terms: Sequence[str]) -> int:
        """Mark every match of the search terms, as the search matches them (words from their
        start, phrases across spaces and punctuation); returns how many there are."""
        self.matches = []
        pattern = match_pattern(terms)
        if pattern:
            regex = QRegularExpression(
                pattern,
                QRegularExpression.PatternOption.CaseInsensitiveOption
                | QRegularExpression.PatternOption.UseUnicodePropertiesOption,
            )
            document = self.document()
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(regex, cursor)
                if cursor.isNull() or not cursor.hasSelection():
                    break
                self.matches.append(QTextCursor(cursor))
        self.current_match = -1
        self._paint_matches()
        return len(self.matches)

    def step_match(self, forward: bool = True) -> int:
        """Move to the next (or previous) match, wrapping; returns its index or -1."""
        if not self.matches:
            return -1
        step = 1 if forward else -1
        self.current_match = (self.current_match + step) % len(self.matches)
        cursor = QTextCursor(self.matches[self.current_match])
        self._paint_matches()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return self.current_match

    def _paint_matches(self) -> None:
        theme = self._renderer.theme
        selections = []
        for index, cursor in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(match_colour(theme, index == self.current_match))
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    # --- copying code -----------------------------------------------------------------------
    def code_table(self, cursor: QTextCursor) -> QTextTable | None:
        """The code block (a one-cell table on the code background) under `cursor`, or None."""
        table = cursor.currentTable()
        code_colour = self._renderer.theme.code_bg
        if table is None or table.format().background().color().name() != code_colour:
            return None
        return table

    def code_at(self, cursor: QTextCursor) -> str | None:
        """The code block under `cursor`, without its language label, or None."""
        table = self.code_table(cursor)
        return None if table is None else self._code_text(table)

    @staticmethod
    def _code_text(table: QTextTable) -> str | None:
        cell = table.cellAt(0, 0)
        block = cell.firstCursorPosition().block().next()  # skip the language label
        end = cell.lastCursorPosition().block()
        lines = []
        while block.isValid():
            lines.append(block.text().replace("\u2028", "\n").replace(BLANK_CODE_LINE, ""))
            if block == end:
                break
            block = block.next()
        return "\n".join(lines) if lines else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """A "Copy" button appears at the top right of the code block under the mouse."""
        super().mouseMoveEvent(event)
        table = self.code_table(self.cursorForPosition(event.position().toPoint()))
        if table is None:
            self.copy_button.hide()
            return
        self._copy_table = table
        self._place_copy_button()
        self.copy_button.show()
        self.copy_button.raise_()

    def code_block_rect(self, table: QTextTable) -> QRectF:
        """Where a code block is drawn in the viewport: its border, not the table's outer
        margin (the button placed against the margin stuck out over the border)."""
        frame = self.document().documentLayout().frameBoundingRect(table)
        inset = table.format().margin()
        return frame.adjusted(inset, inset, -inset, -inset).translated(
            -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        )

    def _place_copy_button(self) -> None:
        """Inside the block's top right corner, sized to its label ("Copy" or "Copied"), and
        never past the pane's right edge when the block is wider than the pane."""
        if self._copy_table is None:
            return
        self.copy_button.adjustSize()
        block = self.code_block_rect(self._copy_table)
        right = min(block.right(), float(self.viewport().width())) - 6
        x = right - self.copy_button.width()
        self.copy_button.move(round(x), round(block.top() + 6))

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        if not self.copy_button.underMouse():
            self.copy_button.hide()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.copy_button.hide()  # it would float away from its block; the next move places it

    def _copy_label_back(self) -> None:
        self.copy_button.setText("Copy")
        self._place_copy_button()

    def _copy_code(self) -> None:
        code = self._code_text(self._copy_table) if self._copy_table is not None else None
        if code is not None:
            QGuiApplication.clipboard().setText(code)
            self.copy_button.setText("Copied")
            self._place_copy_button()  # the longer label keeps inside the block
            self._copied.start()

    def _style_copy_button(self) -> None:
        theme = self._renderer.theme
        self.copy_button.setStyleSheet(
            f"QToolButton {{ background: {theme.surface}; color: {theme.muted};"
            f" border: 1px solid {theme.border}; border-radius: 6px; padding: 2px 8px;"
            f" font-size: 12px; }}"
            f"QToolButton:hover {{ color: {theme.text}; border-color: {theme.accent}; }}"
        )
        self.copy_button.adjustSize()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        code = self.code_at(self.cursorForPosition(event.pos()))
        if code is not None:
            action = menu.addAction("Copy code block")
            action.triggered.connect(lambda: QGuiApplication.clipboard().setText(code))
            menu.insertAction(menu.actions()[0], action)
        menu.exec(event.globalPos())

    def loadResource(self, kind: int, url: QUrl | str) -> object:  # Qt override
        return gated_resource(kind, url, self._renderer, self._image)

    def _image(self, name: str) -> QImage | None:
        cached = self._pixels.get(name)
        if cached is not None:
            self._pixels.move_to_end(name)
            return cached
        data = self._renderer.image(name)
        image = svg_image(data, max(2.0, self.devicePixelRatioF() * 2)) if data else None
        if image is None:
            return None
        self._pixels[name] = image
        self._pixel_bytes += image.sizeInBytes()
        while self._pixel_bytes > PIXEL_BUDGET and len(self._pixels) > 1:
            _, dropped = self._pixels.popitem(last=False)
            self._pixel_bytes -= dropped.sizeInBytes()
        return image

    def _open_external(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
