"""Reading an outside text file as text: UTF-8 (with or without a BOM) or UTF-16 with a BOM;
anything else is refused with a message, never guessed into mojibake."""

from __future__ import annotations

from pathlib import Path

from studyapp.interchange.drafts import ImportFileError, check_size


def read_text(path: Path) -> str:
    try:
        check_size(path.stat().st_size, path.name)
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read {path.name}: {error.strerror or error}") from None
    return decode(data, path.name)


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{name} is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8 "
            "and import it again"
        ) from None
    if "\x00" in text:
        raise ImportFileError(f"{name} is not a text file")
    return text
