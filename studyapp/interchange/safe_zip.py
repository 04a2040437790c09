"""Zip files from outside, opened defensively: no entry may leave the archive's own tree
(``../``, absolute paths, drive letters), and neither the number of entries, the unpacked
size nor the compression ratio may suggest a zip bomb. Entries are read into memory with a
cap, never extracted onto the disk."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from studyapp.interchange.drafts import ImportFileError, check_size

MAX_ENTRIES = 20_000
MAX_UNPACKED = 1024 * 2**20
MAX_RATIO = 200  # ordinary text compresses 5-20x; a bomb 1000x and more
_CHUNK = 1 << 20


class SafeZip:
    def __init__(self, path: Path) -> None:
        self.name = path.name
        try:
            check_size(path.stat().st_size, path.name)
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise ImportFileError(f"{path.name} is not a zip archive (or it is damaged)") from None
        except OSError as error:
            raise ImportFileError(f"cannot read {path.name}: {error.strerror or error}") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ImportFileError(f"{path.name} holds {len(infos):,} files, too many to import")
        total = 0
        self._entries: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = _safe_name(info.filename, path.name)
            if info.is_dir():
                continue
            total += info.file_size
            if info.file_size > MAX_RATIO * max(info.compress_size, 1024):
                raise ImportFileError(
                    f"{path.name}: '{info.filename}' unpacks to {info.file_size:,} bytes from "
                    f"{info.compress_size:,}; it looks like a zip bomb and was not opened"
                )
            self._entries[name] = info
        if total > MAX_UNPACKED:
            raise ImportFileError(
                f"{path.name} unpacks to {total / 2**20:.0f} MB, more than DeepStudy imports"
            )

    def names(self) -> list[str]:
        return sorted(self._entries)

    def read(self, name: str, limit: int = MAX_UNPACKED) -> bytes:
        """An entry's bytes, stopping (with an error) if it grows past `limit` while read:
        the sizes in a zip's directory are the writer's word, not a fact."""
        info = self._entries.get(name)
        if info is None:
            raise ImportFileError(f"{self.name} has no '{name}'")
        parts: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > min(limit, max(info.file_size, 1) * 2 + _CHUNK):
                        raise ImportFileError(f"{self.name}: '{name}' is larger than it says")
                    parts.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ImportFileError(f"{self.name}: '{name}' cannot be unpacked ({error})") from None
        return b"".join(parts)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _safe_name(raw: str, archive: str) -> str:
    name = raw.replace("\\", "/")
    path = PurePosixPath(name)
    if (
        name.startswith("/")
        or (len(name) > 1 and name[1] == ":")
        or any(part == ".." for part in path.parts)
        or "\x00" in name
    ):
        raise ImportFileError(
            f"{archive} contains '{raw}', a path outside the archive; nothing was imported"
        )
    return str(path)
