"""A plain-text field for markdown that takes pictures: one pasted (a screenshot) or dropped
(a file) is copied into the data folder's media/ and its reference typed at the cursor, so
the question keeps showing it wherever the original file goes. Tab moves to the next field;
a tab character has no meaning in markdown answers that four spaces would not say better."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from studyapp.content.local_images import IMAGE_SUFFIXES, MAX_IMAGE_BYTES, MediaError, read_media

# Keeps a picture (its name, its bytes) and returns its reference (`media/<name>`); raises
# MediaError saying why not.
StoreImage = Callable[[str, bytes], str]


class MarkdownEdit(QPlainTextEdit):
    """`image_refused(message)` says why a picture was not added."""

    image_refused = Signal(str)

    def __init__(self, store_image: StoreImage | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store_image = store_image
        self.setTabChangesFocus(True)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # Qt override
        if self._store_image is not None and (source.hasImage() or _image_files(source)):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # Qt override
        if self._store_image is None:
            super().insertFromMimeData(source)
            return
        files = _image_files(source)
        if files:
            refs = [ref for path in files if (ref := self._keep_file(path))]
            self._insert_pictures(refs, [path.stem for path in files])
            return
        if source.hasImage():
            image = source.imageData()
            if isinstance(image, QImage) and not image.isNull():
                data = _png_bytes(image)
                name = f"pasted-{hashlib.sha1(data).hexdigest()[:12]}.png"
                ref = self._keep(name, data, "the pasted picture")
                self._insert_pictures([ref] if ref else [], [""])
                return
        super().insertFromMimeData(source)

    def _keep_file(self, path: Path) -> str | None:
        data = read_media(path, MAX_IMAGE_BYTES)
        if data is None:
            self.image_refused.emit(
                f"{path.name} was not added: it cannot be read, or it is over "
                f"{MAX_IMAGE_BYTES // 2**20} MB."
            )
            return None
        return self._keep(path.name, data, path.name)

    def _keep(self, name: str, data: bytes, what: str) -> str | None:
        assert self._store_image is not None
        try:
            return self._store_image(name, data)
        except MediaError as error:
            self.image_refused.emit(f"{what} was not added: {error}.")
            return None

    def _insert_pictures(self, refs: list[str], captions: list[str]) -> None:
        if not refs:
            return
        cursor = self.textCursor()
        before = "" if cursor.atBlockStart() else "\n\n"
        text = "\n\n".join(
            f"![{caption}]({ref})" for ref, caption in zip(refs, captions, strict=False)
        )
        cursor.insertText(f"{before}{text}\n\n")
        self.setTextCursor(cursor)


def _image_files(source: QMimeData) -> list[Path]:
    if not source.hasUrls():
        return []
    found = []
    for url in source.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in IMAGE_SUFFIXES:
                found.append(path)
    return found


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())
