"""The core must stay free of Qt so it can be tested and reused without a display."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "studyapp"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_package_imports_pyside6() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and "PySide6" in _imports(path)
    ]
    assert offenders == []


def test_the_check_itself_sees_pyside6_in_the_ui() -> None:
    assert "PySide6" in _imports(PACKAGE / "ui" / "main_window.py")
