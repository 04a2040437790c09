"""dev.sh's set-up logic, run on a copy in a temporary folder with stand-ins for the system.

The stand-ins (dpkg-query, id, sudo, apt-cache, python3, ldconfig, and a .venv whose python
only writes down how it was called) come first on PATH, so nothing is installed and the
shared .venv is never touched. Newcomer review 2 and 5: a person without root was stopped
four times, each time for a few more packages, with a `sudo` line that does not work where
there is no sudo; switching between run, test and dist reinstalled every time.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="needs bash")


def _script(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _package_lists() -> list[str]:
    """Every package name the arrays at the top of dev.sh list."""
    text = (ROOT / "dev.sh").read_text(encoding="utf-8")
    names: list[str] = []
    for body in re.findall(r"^[A-Z0-9_]+_PKGS=\(([^)]*)\)", text, re.M):
        names += [word for word in body.split() if not word.startswith('"${')]  # other lists
    return names


class Machine:
    """A copy of dev.sh and a PATH of stand-ins; `installed` lists the packages dpkg has."""

    def __init__(self, root: Path, *, root_user: bool, sudo: bool, venv: bool) -> None:
        self.root = root / "checkout"
        self.bin = root / "bin"
        self.log = root / "calls.log"
        self.installed = root / "installed.txt"
        self.installed.write_text("", encoding="utf-8")
        self.root.mkdir()
        shutil.copy(ROOT / "dev.sh", self.root / "dev.sh")
        (self.root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
        _script(
            self.bin / "dpkg-query",
            f'pkg="$3"; grep -qx "$pkg" "{self.installed}" && printf "install ok installed"\n'
            "exit 0\n",
        )
        _script(self.bin / "id", f"echo {0 if root_user else 1000}\n")
        _script(self.bin / "apt-cache", 'case "$2" in python3.11-venv) exit 0;; esac; exit 1\n')
        _script(self.bin / "ldconfig", "exit 0\n")
        _script(self.bin / "apt-get", f'echo "apt-get $*" >> "{self.log}"\n')
        _script(
            self.bin / "python3",
            'case "$*" in\n'
            "  *ensurepip*) exit 1;;\n"
            "  *version_info*) echo 3.11;;\n"
            "  *INSTSONAME*) echo libpython3.11.so.1.0;;\n"
            "  *LIBDIR*) echo /nonexistent;;\n"
            "esac\n",
        )
        if sudo:  # present, but asks for a password: `sudo -n true` fails
            _script(self.bin / "sudo", "exit 1\n")
        if venv:
            _script(self.root / ".venv" / "bin" / "python", f'echo "python $*" >> "{self.log}"\n')

    def have(self, *packages: str) -> None:
        self.installed.write_text("\n".join(packages) + "\n", encoding="utf-8")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert BASH is not None
        env = {"PATH": f"{self.bin}:/usr/bin:/bin", "HOME": str(self.root), "LANG": "C.UTF-8"}
        return subprocess.run(
            [BASH, str(self.root / "dev.sh"), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=self.root,
        )

    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


def test_without_root_one_message_names_every_package_of_every_command(tmp_path: Path) -> None:
    machine = Machine(tmp_path, root_user=False, sudo=False, venv=False)
    done = machine.run("run")
    assert done.returncode == 1
    message = done.stderr
    line = next(part for part in message.splitlines() if "apt-get install" in part).strip()
    assert line.startswith("su -c 'apt-get update && apt-get install -y --no-install-recommends ")
    assert "sudo" not in line
    listed = set(line.removesuffix("'").split("--no-install-recommends ", 1)[1].split())
    assert listed == {*_package_lists(), "python3.11-venv", "libpython3.11"}
    assert machine.calls() == []  # nothing was tried


def test_the_line_uses_sudo_where_there_is_one_and_skips_what_is_installed(
    tmp_path: Path,
) -> None:
    machine = Machine(tmp_path, root_user=False, sudo=True, venv=False)
    machine.have("libgl1", "xvfb")
    line = next(s for s in machine.run("dist").stderr.splitlines() if "apt-get install" in s)
    assert line.strip().startswith("sudo sh -c 'apt-get update && apt-get install -y")
    assert " libgl1 " not in f"{line} " and " xvfb " not in f"{line} "
    assert "libegl1" in line and "espeak-ng" in line


def test_as_root_the_packages_are_installed_after_an_update(tmp_path: Path) -> None:
    machine = Machine(tmp_path, root_user=True, sudo=False, venv=True)
    machine.run("check")  # the one command that needs no system package
    machine.run("bench")
    apt = [call for call in machine.calls() if call.startswith("apt-get")]
    assert apt[0].startswith("apt-get update")
    assert apt[1].startswith("apt-get install -y -q --no-install-recommends libgl1")


def test_switching_commands_installs_each_extra_once(tmp_path: Path) -> None:
    machine = Machine(tmp_path, root_user=False, sudo=False, venv=True)
    machine.have(*_package_lists(), "libpython3.11")

    def installs() -> list[str]:
        return [c for c in machine.calls() if " -e " in c]

    machine.run("check")  # extras: dev
    assert [c.rsplit("[", 1)[1] for c in installs()] == ["dev]"]
    machine.run("dist")  # dev,build: only build is new, the union is installed
    assert [c.rsplit("[", 1)[1] for c in installs()] == ["dev]", "build,dev]"]
    for command in ("check", "dist", "run", "check", "dist"):
        machine.run(command)
    assert len(installs()) == 2, installs()
    (machine.root / "pyproject.toml").write_text("[project]\nname = 'y'\n", encoding="utf-8")
    machine.run("check")  # a changed pyproject.toml installs again
    assert len(installs()) == 3


def test_dev_sh_passes_shellcheck() -> None:
    checker = shutil.which("shellcheck")
    if checker is None:
        pytest.skip("shellcheck is not installed")
    scripts = [ROOT / "dev.sh", *sorted((ROOT / "packaging" / "linux").glob("*.sh"))]
    done = subprocess.run(
        [checker, "--severity=warning", *map(str, scripts)],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stdout
