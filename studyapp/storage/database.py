"""Opening the progress database safely: refuse what we cannot understand, upgrade the rest.

Alembic is imported only when the schema actually needs upgrading, so a normal start-up pays
one cheap `SELECT` instead of loading the migration machinery.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

# The SQLite dialect is what create_engine() would load anyway; importing it with this module
# keeps it ahead of PySide6, whose import hook reads the source of every module after it.
import sqlalchemy.dialects.sqlite  # noqa: F401
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, ExceptionContext
from sqlalchemy.exc import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Every revision this version knows, oldest first; the last is the schema the code expects.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003")
HEAD_REVISION = KNOWN_REVISIONS[-1]


class StorageError(Exception):
    """A problem with the progress database, worded for the person using the app."""


class NewerDatabaseError(StorageError):
    pass


class CorruptDatabaseError(StorageError):
    pass


class DataFolderError(StorageError):
    pass


class WriteFailedError(StorageError):
    """A change could not be saved (read-only folder, full disk, failing disk)."""


# SQLite result codes (see sqlite3.Error.sqlite_errorname) that mean "this change could not
# be written", as opposed to "the file is damaged" or a programming error.
_WRITE_FAILURES = {
    "SQLITE_READONLY": "the data folder or file is read-only",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_IOERR": "the disk reported an error",
    "SQLITE_CANTOPEN": "the file cannot be opened for writing",
    "SQLITE_PERM": "permission was denied",
    "SQLITE_BUSY": "another program is holding the file",
}


def _on_connect_writable(dbapi_connection: Any, record: Any) -> None:
    _on_connect(dbapi_connection, record)
    # Outside any transaction (SQLite refuses to switch inside one); persistent in the file,
    # so after the first time this only confirms the mode.
    dbapi_connection.execute("PRAGMA journal_mode=WAL")


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 (before 3.12) starts transactions only before INSERT/UPDATE/DELETE, so
    # CREATE TABLE and the SELECTs that lead up to a write ran outside any transaction: a
    # crash in the middle of a migration left half a schema behind (the crash test found
    # this). Turn that off and let the "begin" hook below issue a real BEGIN instead.
    dbapi_connection.isolation_level = None
    # Text that damage made invalid UTF-8 reads with replacement characters instead of
    # stopping the whole query: the row holding it is then left out or shown as it is.
    dbapi_connection.text_factory = _tolerant_text
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _tolerant_text(data: bytes) -> str:
    return str(data, "utf-8", "replace")


def _on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _on_error(context: ExceptionContext) -> None:
    """Turn "could not write" errors into WriteFailedError, worded for the person, so the UI
    can say what was not saved without knowing about SQLAlchemy or SQLite codes."""
    error = context.original_exception
    name = getattr(error, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        # Damage the open's quick check did not see: say so, and have the next start run the
        # full check, which then offers the backups.
        path = getattr(context.engine.url, "database", None) if context.engine else None
        if path and not str(path).startswith("file:"):
            with contextlib.suppress(OSError):
                full_check_mark(Path(path)).touch()
        raise CorruptDatabaseError(
            f"The progress database is damaged ({error}). Quit and start DeepStudy again: it "
            "will offer to continue from a backup."
        ) from error
    reason = next((text for code, text in _WRITE_FAILURES.items() if name.startswith(code)), None)
    if reason is not None:
        # SQLite's own wording stays in the chained cause, for logs and bug reports.
        raise WriteFailedError(f"It could not be written because {reason}.") from error


def make_engine(path: Path, read_only: bool = False) -> Engine:
    """An engine on `path`; `read_only` opens the file so that no write can ever reach it."""
    # URL.create, not an f-string: SQLAlchemy percent-decodes a URL string and reads `?` as
    # the start of its query, so a folder named `a%62c` or `q?x=1` opened another file.
    if read_only:
        # immutable=1: no -wal/-shm files are created, so this works in a read-only folder.
        url = URL.create(
            "sqlite", database=read_only_uri(path, immutable=True), query={"uri": "true"}
        )
    else:
        url = URL.create("sqlite", database=str(path))
    engine = create_engine(url)
    event.listen(engine, "connect", _on_connect if read_only else _on_connect_writable)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _on_error)
    return engine


class EarlyCheck:
    """The integrity check of an existing database file, started on a thread of its own as
    soon as the app knows the path. SQLite lets go of Python's lock while it checks, so on a
    second core the check (about 27 ms at 100,000 reviews) runs while Qt loads, instead of
    adding to the start-up. `open_database` then waits for it and acts on it exactly as on a
    check of its own: nothing writes to the file in between."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._revision: str | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="database-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._revision = _inspect(self.path)
        except BaseException as error:  # handed to the thread that opens the database
            self._error = error

    def revision(self) -> str | None:
        """What `_inspect` returned, or the error it raised, raised again here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._revision


def start_check(path: Path) -> EarlyCheck | None:
    """An EarlyCheck of `path`, or None when there is no database there yet to check."""
    try:
        exists = path.stat().st_size > 0
    except OSError:
        return None
    return EarlyCheck(path) if exists else None


def open_database(path: Path, read_only: bool = False, check: EarlyCheck | None = None) -> Engine:
    """Engine for a database at `path`, created or upgraded to HEAD_REVISION as needed.

    Raises NewerDatabaseError without writing a byte when the schema is newer than this
    version knows, CorruptDatabaseError when the file is not a readable, intact SQLite
    database, and DataFolderError when the folder or file cannot be opened at all. With
    `read_only`, the file must exist and already be at HEAD_REVISION. `check`, an EarlyCheck
    of the same file, stands in for the check this would otherwise run.
    """
    try:
        revision = _check_before_opening(path, read_only, check)
    except OSError as error:  # a folder without permission, a name too long, ...
        raise DataFolderError(
            f"The data folder {path.parent} cannot be used ({error.strerror or error})."
        ) from error
    engine = make_engine(path, read_only)
    try:
        engine.connect().close()
    except (DatabaseError, sqlite3.DatabaseError, WriteFailedError) as error:
        engine.dispose()
        raise _open_error(path, error.__cause__ or error) from error
    if revision != HEAD_REVISION:
        if read_only:
            engine.dispose()
            raise DataFolderError(
                f"The progress database {path} needs an upgrade, but its folder is read-only."
            )
        upgrade(engine)
    return engine


def _check_before_opening(path: Path, read_only: bool, check: EarlyCheck | None) -> str | None:
    """The revision of the file at `path` (None: no database yet), after its checks. Read
    with a read-only connection first: a newer database is refused before anything (not
    even the switch to WAL mode) could write to it."""
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DataFolderError(
                f"The data folder {path.parent} cannot be created ({error.strerror})."
            ) from error
    elif not path.is_file():
        raise DataFolderError(f"There is no progress database at {path} to open.")
    if check is not None and check.path == path and not read_only:
        return check.revision()
    return _inspect(path, read_only) if path.exists() and path.stat().st_size else None


# A crash can leave a hot journal (or a WAL without a valid index) that must be replayed
# before anyone can read the file; a read-only connection is not allowed to do that.
_NEEDS_RECOVERY = ("SQLITE_READONLY_ROLLBACK", "SQLITE_READONLY_RECOVERY")


def _inspect(path: Path, immutable: bool = False) -> str | None:
    """The schema revision of an existing file, after checking that it is intact.

    Read through a read-only connection, so that a file this version must refuse is not
    written. The one exception is SQLite's own crash recovery (found by the SIGKILL test: a
    kill while the file was being created left a hot journal that made every later start
    fail): a read-write connection that reads nothing lets SQLite roll back the unfinished
    transaction, which only ever restores the last committed state.
    """
    try:
        return _read_revision(path, immutable)
    except sqlite3.OperationalError as error:
        if immutable or getattr(error, "sqlite_errorname", "") not in _NEEDS_RECOVERY:
            raise _open_error(path, error) from error
    try:
        raw = sqlite3.connect(path)
        try:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            raw.close()
        return _read_revision(path, immutable, recovered=True)
    except sqlite3.Error as error:
        raise _open_error(path, error) from error


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """An SQLite URI that opens `path` so that no write can reach it; `immutable` also
    promises no one else writes, so no -wal/-shm files are made (a read-only folder)."""
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def quick_check(connection: sqlite3.Connection) -> str:
    """'ok', or the first few problems SQLite's quick integrity check reports."""
    return _check(connection, "quick_check")


def integrity_check(connection: sqlite3.Connection) -> str:
    """'ok', or the first few problems of SQLite's full check. Unlike quick_check it also
    compares every index with its table: a damaged index passes quick_check, and a backup
    checked only that way copied the damage over the day's good copy (review D6)."""
    return _check(connection, "integrity_check")


def _check(connection: sqlite3.Connection, pragma: str) -> str:
    # Its report quotes damaged names and values, which need not be valid UTF-8.
    connection.text_factory = _tolerant_text
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchmany(3)
    except UnicodeDecodeError:  # SQLite's own message quoted bytes that are not UTF-8
        return "the check reported damage in a form that cannot be read"
    return "; ".join(str(row[0]) for row in rows)


# The tables every DeepStudy database at a known revision has (head_schema, the migrations).
REQUIRED_TABLES = ("alembic_version", "annotations", "cards", "reviews", "settings")
_REVISION = re.compile(r"^(\d{4})(_\w+)?$")


class SchemaState(NamedTuple):
    """What a file's schema says about it, read without trusting it."""

    revision: str | None  # None: no alembic_version table (a new or a foreign file)
    problem: str | None  # why this version cannot use the file, worded for the person
    newer: bool = False


def schema_state(connection: sqlite3.Connection) -> SchemaState:
    """Read the revision and check the tables, so that a file with a table dropped, an empty
    or garbled version, or one from a newer DeepStudy is told apart before anything uses it
    (review C1, D3, M6, M13): Alembic would otherwise re-run the first migration over it."""
    tables = {
        str(row[0])
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if "alembic_version" not in tables:
        if not tables:
            return SchemaState(None, None)
        if tables & set(REQUIRED_TABLES):
            return SchemaState(None, "its version table is missing")
        return SchemaState(None, "it is not a DeepStudy progress file")
    rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        return SchemaState(None, "its version table is empty or garbled")
    revision = rows[0][0]
    match = _REVISION.match(revision)
    if revision not in KNOWN_REVISIONS:
        if match and int(match.group(1)) > int(HEAD_REVISION):
            return SchemaState(revision, "a newer version of DeepStudy wrote it", newer=True)
        return SchemaState(revision, f"its version {revision[:40]!r} is not one DeepStudy wrote")
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        return SchemaState(revision, f"its table {missing[0]!r} is missing")
    return SchemaState(revision, None)


def full_check_mark(database: Path) -> Path:
    """A file beside the database saying its next open must run the full integrity_check:
    a backup found damage that the start-up's quick_check does not see (an index that no
    longer matches its table), so "start again to recover" must find it too."""
    return database.with_name(database.name + ".needs-full-check")


# What a refusal may promise about the file. After SQLite's own crash recovery has undone an
# interrupted write (review M7), "nothing was changed" is no longer quite true.
UNCHANGED = "nothing was changed."
RECOVERED = (
    "DeepStudy wrote nothing to it; SQLite only undid a write that had been interrupted, "
    "as any program opening it would."
)


def _read_revision(path: Path, immutable: bool, recovered: bool = False) -> str | None:
    mark = full_check_mark(path)
    full = mark.exists()
    raw = sqlite3.connect(read_only_uri(path, immutable), uri=True)
    try:
        detail = integrity_check(raw) if full else quick_check(raw)
        if detail == "ok" and full:
            mark.unlink(missing_ok=True)
        if detail != "ok":
            raise CorruptDatabaseError(
                f"The progress database {path} is damaged: SQLite's integrity check "
                f"failed ({detail})."
            )
        state = schema_state(raw)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError):
            raise
        raise _open_error(path, error) from error
    finally:
        raw.close()
    if state.newer:
        raise NewerDatabaseError(
            f"The progress database {path} was written by a newer version of DeepStudy "
            f"(schema {state.revision}). Install the newer version to open it; "
            + (RECOVERED if recovered else UNCHANGED)
        )
    if state.problem == "it is not a DeepStudy progress file":
        raise DataFolderError(
            f"The file {path} is not a DeepStudy progress file; nothing was changed. Move it "
            "away, or choose another data folder."
        )
    if state.problem is not None:
        raise CorruptDatabaseError(f"The progress database {path} is damaged: {state.problem}.")
    return state.revision


def _open_error(path: Path, error: BaseException) -> StorageError:
    """Damage only when SQLite says so: a locked or unreadable file must never be offered
    for replacement as if it were broken."""
    reason = getattr(error, "orig", None) or error
    name = getattr(reason, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return CorruptDatabaseError(
            f"The progress database {path} is damaged and cannot be read ({reason})."
        )
    if path.is_dir():
        return DataFolderError(
            f"{path} is a folder, not a progress file; move it away or choose another data folder."
        )
    return DataFolderError(f"The progress database {path} cannot be opened ({reason}).")


def current_revision(connection: sqlite3.Connection) -> str | None:
    return schema_state(connection).revision


def upgrade(engine: Engine, target: str = "head") -> None:
    if target == "head" and _create_at_head(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def _create_at_head(engine: Engine) -> bool:
    """Give a new, empty database the head schema from its SQL snapshot (head_schema.py), in
    one transaction, without importing Alembic; False (nothing done) for any other file."""
    from studyapp.storage.head_schema import HEAD_SCHEMA, SCHEMA_REVISION

    if SCHEMA_REVISION != HEAD_REVISION:
        return False  # a migration was added and the snapshot not yet refreshed
    with engine.begin() as connection:
        if connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
            return False
        for statement in HEAD_SCHEMA:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(
            "INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_REVISION,)
        )
    return True


class Store:
    """How the services reach the database: reads on a Core connection, writes in a session.

    Every read returns domain values built from plain rows (storage/repository.py), so it
    needs nothing from the ORM: the first window paints without importing it (about 45 ms),
    and a session that only reads never loads it (about 6 MB). Writes use the typed models'
    unit of work; the ORM is loaded by the first write, or by `warm_up()`, which the quiz
    calls when its page is built so that no rating waits for it.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions: sessionmaker[Session] | None = None

    def reading(self) -> Connection:
        """A connection for one unit of reads (use it in a `with`); it never commits."""
        return self.engine.connect()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose changes are committed together when the block ends, or not at all
        if it raises."""
        with self._session_factory().begin() as session:
            yield session

    @contextmanager
    def writing_rows(self) -> Iterator[Connection]:
        """A Core transaction, committed when the block ends: for small writes of plain rows
        that need no unit of work, where loading the ORM would cost more than the write (the
        window's layout saved as it closes: importing the ORM there took 0.3 s of the quit)."""
        with self.engine.begin() as connection:
            yield connection

    def warm_up(self) -> None:
        """Load the ORM and configure the models now, so that the next write does not pay."""
        from sqlalchemy.orm import configure_mappers

        self._session_factory()
        configure_mappers()

    def _session_factory(self) -> sessionmaker[Session]:
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            import studyapp.storage.models  # noqa: F401  (maps the models onto the tables)

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions
