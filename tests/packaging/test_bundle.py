"""The installable app: build the PyInstaller bundle, the .deb and the .tar.gz once per session
(`packaging/linux/dist.sh`, what `./dev.sh dist` runs), then check what a person installing it
would meet: it starts and renders every answer with no Python around, keeps its data in the
user's folder, is small, and installs a valid menu entry with icons.

Slow (a few minutes): deselect with `-m "not packaging"` while iterating on other code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from studyapp import APP_ID, APP_NAME, __version__
from studyapp.content.cache_files import CODE_DIGESTS_FILE

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or shutil.which("dpkg-deb") is None,
        reason="the Linux packages are built on Debian-like systems only",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
PKG = APP_NAME.lower()
SIZE_TARGET_BYTES = 130 * 1024 * 1024
ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512}


@dataclass(frozen=True)
class Built:
    bundle: Path
    deb: Path
    tarball: Path
    log: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    pytest.importorskip("PyInstaller", reason="run ./dev.sh test, which installs the build extra")
    out = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("pyinstaller-work")
    env = dict(
        os.environ,
        PYTHON=sys.executable,
        # Package contents, not compression, are under test; gzip is three times faster.
        DEB_COMPRESSION="gzip",
    )
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "linux" / "dist.sh"), str(out), str(work)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    debs = list(out.glob(f"{PKG}_{__version__}_*.deb"))
    tarballs = list(out.glob(f"{PKG}-{__version__}-linux-*.tar.gz"))
    assert len(debs) == 1 and len(tarballs) == 1, sorted(p.name for p in out.iterdir())
    yield Built(out / APP_NAME, debs[0], tarballs[0], result.stderr)
    # About 500 MB in all (bundle, packages, PyInstaller's work files): pytest keeps the
    # temporary folders of its last three runs, so each run removes its own (newcomer 9).
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under `folder` with its size and modification time."""
    return {
        str(path.relative_to(folder)): (path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in folder.rglob("*")
    }


def _run_app(exe: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=300, cwd=home
    )


def _question_count() -> int:
    return len(list((ROOT / "content" / "questions").glob("*.md")))


def test_smoke_test_passes_from_the_bundle_with_a_fresh_data_folder(
    built: Built, tmp_path: Path
) -> None:
    data = tmp_path / "fresh data"
    before = _snapshot(built.bundle)
    result = _run_app(
        built.bundle / APP_NAME, "--smoke-test", "--data-dir", str(data), home=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test OK" in result.stdout
    assert f"{_question_count()} answers rendered" in result.stdout
    formulas = int(result.stdout.split("answers rendered (")[1].split(" formulas")[0])
    assert formulas > 100, result.stdout  # the answers hold hundreds of formulas
    assert (data / "deepstudy.sqlite3").is_file()
    # Nothing written next to the program: an installed copy under /opt is read-only.
    assert _snapshot(built.bundle) == before


def test_the_bundle_grades_an_answer_with_its_stemmer_and_typo_matching(
    built: Built, tmp_path: Path
) -> None:
    """--grade needs snowballstemmer, rapidfuzz's compiled distance and content/lexicon.yaml;
    a tick for a misspelt, inflected answer shows all three are bundled."""
    from studyapp.content.loader import load_library
    from studyapp.grading.checker import Checker

    answer = "The model keeps learning its own featurres from raw pixels instead of hand-made ones"
    library = load_library(ROOT / "content")
    question = library.question(1)
    assert question is not None
    expected = Checker.for_questions(library.questions).grade(question, answer).covered
    assert expected  # the same answer graded from source ticks something
    (tmp_path / "answer.txt").write_text(answer, encoding="utf-8")
    result = _run_app(built.bundle / APP_NAME, "--grade", "1", "answer.txt", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["covered"] == list(expected)


def test_the_first_start_reads_the_shipped_seed_instead_of_typesetting(
    built: Built, tmp_path: Path
) -> None:
    """The bundle carries every answer prerendered, keyed like the source it was built from:
    a first start on an empty data folder renders every answer without typesetting one
    formula, so nothing goes into the data folder's cache (without the seed, or with keys
    that do not match, the answers and hundreds of formulas would be written there)."""
    internal = built.bundle / "_internal"
    seed = internal / "prerendered"
    assert (seed / "stamp.txt").is_file() and (seed / "content.json").is_file()
    assert (internal / "studyapp" / CODE_DIGESTS_FILE).is_file()
    # An installed copy belongs to root: everyone must be able to read the seed.
    assert all(path.stat().st_mode & 0o444 == 0o444 for path in seed.rglob("*"))
    data = tmp_path / "data"
    result = _run_app(
        built.bundle / APP_NAME, "--smoke-test", "--data-dir", str(data), home=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{_question_count()} answers rendered" in result.stdout
    cached = sorted(str(p.relative_to(data)) for p in (data / "cache").rglob("*") if p.is_file())
    assert cached == [], cached[:5]


def test_the_bundle_keeps_progress_in_the_users_data_folder(built: Built, tmp_path: Path) -> None:
    """Without --data-dir the bundle writes to ~/.local/share/deepstudy, never beside itself."""
    before = _snapshot(built.bundle)
    result = _run_app(built.bundle / APP_NAME, "--rebuild-state", home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / ".local" / "share" / PKG / "deepstudy.sqlite3").is_file()
    assert _snapshot(built.bundle) == before


def test_the_bundle_paints_its_window_on_a_real_x11_display(built: Built, tmp_path: Path) -> None:
    """The offscreen smoke test never loads the xcb plugin; this shows it and the system's X11
    libraries (the .deb's Depends) work: the main window paints on Xvfb, then the app quits."""
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        pytest.skip("xvfb-run not installed (./dev.sh test installs it)")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "xcb",
        "LANG": "C.UTF-8",
    }
    command = [str(built.bundle / APP_NAME), "--data-dir", str(tmp_path / "data")]
    result = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1400x900x24", *command, "--quit-after-paint"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "platform plugin" not in result.stderr, result.stderr
    assert (tmp_path / "data" / "deepstudy.sqlite3").is_file()


def test_bundle_size_is_within_target(built: Built) -> None:
    size = sum(p.lstat().st_size for p in built.bundle.rglob("*") if not p.is_dir())
    print(f"bundle size: {size / 2**20:.1f} MiB")
    assert size <= SIZE_TARGET_BYTES, f"{size / 2**20:.1f} MiB > {SIZE_TARGET_BYTES / 2**20} MiB"


def test_bundle_carries_only_the_plugins_and_libraries_it_needs(built: Built) -> None:
    qt = built.bundle / "_internal" / "PySide6" / "Qt"
    plugins = qt / "plugins"
    assert {p.name for p in (plugins / "platforms").iterdir()} == {
        "libqxcb.so",
        "libqwayland.so",
        "libqoffscreen.so",
    }
    assert {p.name for p in (plugins / "imageformats").iterdir()} == {
        "libqsvg.so",
        "libqjpeg.so",
        "libqico.so",
    }
    assert not (qt / "translations").exists()
    names = {p.name for p in built.bundle.rglob("*")}
    for unwanted in ("torch", "numpy", "libstdc++.so.6", "libglib-2.0.so.0", "libqgtk3.so"):
        assert unwanted not in names
    # Every symbolic link points at a file that is there.
    dangling = [p for p in built.bundle.rglob("*") if p.is_symlink() and not p.exists()]
    assert dangling == []


def _deb_listing(deb: Path) -> dict[str, str]:
    """Path -> the listing line (with link targets), from `dpkg-deb -c`."""
    out = subprocess.run(["dpkg-deb", "-c", str(deb)], check=True, capture_output=True, text=True)
    entries = {}
    for line in out.stdout.splitlines():
        path = line.split(maxsplit=5)[5]
        entries[path.split(" -> ")[0].removeprefix(".")] = line
    return entries


def test_deb_installs_the_app_a_command_a_menu_entry_and_icons(built: Built) -> None:
    entries = _deb_listing(built.deb)
    assert f"/opt/{PKG}/{APP_NAME}" in entries
    assert entries[f"/opt/{PKG}/{APP_NAME}"].startswith("-rwxr-xr-x root/root")
    assert entries[f"/usr/bin/{PKG}"].endswith(f"/usr/bin/{PKG} -> /opt/{PKG}/{APP_NAME}")
    assert f"/usr/share/applications/{APP_ID}.desktop" in entries
    for size in ICON_SIZES:
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in entries
    assert f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg" in entries
    assert f"/usr/share/doc/{PKG}/copyright" in entries
    # Nothing outside /opt/deepstudy and /usr/{bin,share}: the package touches no user data.
    outside = [p for p in entries if p.rstrip("/") and not p.startswith(("/opt/", "/usr/"))]
    assert outside == []


def test_deb_fields_name_the_version_and_the_system_libraries(built: Built) -> None:
    def field(name: str) -> str:
        out = subprocess.run(
            ["dpkg-deb", "-f", str(built.deb), name], check=True, capture_output=True, text=True
        )
        return out.stdout.strip()

    assert field("Package") == PKG
    assert field("Version") == __version__
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert field("Architecture") == arch
    depends = {dep.strip() for dep in field("Depends").split(",")}
    # What the bundle leaves to the system: GL, fonts, keyboard, D-Bus, GLib, X11 window.
    for package in (
        "libgl1",
        "libegl1",
        "libfontconfig1",
        "fontconfig-config",
        "libxkbcommon0",
        "libdbus-1-3",
        "libglib2.0-0",
        "libxcb1",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
    ):
        assert package in depends, f"{package} missing from Depends: {sorted(depends)}"
    assert int(field("Installed-Size")) <= SIZE_TARGET_BYTES // 1024 + 1024


def _validate_desktop_file(path: Path, required: bool = True) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        if required:
            pytest.skip("desktop-file-validate not installed (./dev.sh test installs it)")
        return
    result = subprocess.run([validator, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout  # not even a hint


def test_deb_desktop_entry_is_valid_and_starts_the_installed_command(
    built: Built, tmp_path: Path
) -> None:
    subprocess.run(["dpkg-deb", "-x", str(built.deb), str(tmp_path)], check=True)
    desktop = tmp_path / "usr" / "share" / "applications" / f"{APP_ID}.desktop"
    _validate_desktop_file(desktop)
    lines = desktop.read_text(encoding="utf-8").splitlines()
    assert f"Exec={PKG}" in lines
    assert f"Icon={APP_ID}" in lines
    assert "Terminal=false" in lines


def test_tarball_installs_for_the_current_user_and_uninstalls_cleanly(
    built: Built, tmp_path: Path
) -> None:
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    subprocess.run(["tar", "-xzf", str(built.tarball), "-C", str(unpacked)], check=True)
    (top,) = unpacked.iterdir()
    home = tmp_path / "home"
    home.mkdir()
    progress = home / ".local" / "share" / PKG / "deepstudy.sqlite3"
    progress.parent.mkdir(parents=True)
    progress.write_bytes(b"months of reviews")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}

    installed = subprocess.run(
        ["sh", str(top / "install.sh")], env=env, capture_output=True, text=True, check=True
    )
    assert "installed" in installed.stdout
    command = home / ".local" / "bin" / PKG
    app_dir = home / ".local" / "lib" / PKG
    assert command.is_symlink() and command.resolve() == (app_dir / APP_NAME).resolve()
    desktop = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    _validate_desktop_file(desktop, required=False)
    assert f'Exec="{app_dir / APP_NAME}"' in desktop.read_text(encoding="utf-8").splitlines()
    icons = home / ".local" / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert (icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    version = _run_app(command, "--version", home=home)
    assert version.stdout.strip() == f"{APP_NAME} {__version__}", version.stderr

    removed = subprocess.run(
        ["sh", str(app_dir / "install.sh"), "--uninstall"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "progress is still in" in removed.stdout
    assert not app_dir.exists() and not command.exists() and not desktop.exists()
    assert list(icons.rglob(f"{APP_ID}.*")) == []
    assert progress.read_bytes() == b"months of reviews"
