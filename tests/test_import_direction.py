"""Imports run one way between the folders (the README's "Code layout" draws the same arrows).

The data layer knows no UI, the layers know no database, the layouts know no callbacks: each of
these keeps a folder usable and testable on its own. A new import against the arrows fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

ALLOWED: dict[str, set[str]] = {
    "store": set(),
    "geodata": set(),
    "layers": set(),
    "view": {"store"},
    "dashboard": {"layers", "store", "view"},
    "exports": {"dashboard", "geodata", "layers", "store", "view"},
    "callbacks": {"dashboard", "exports", "layers", "store", "view"},
    "api": {"auth", "exports", "geodata", "ingest", "store", "view"},
    "auth": {"store", "view"},
    "web": {"api", "auth", "callbacks", "dashboard", "exports", "geodata", "ingest", "layers", "store", "view"},
    "demo": {"geodata", "store"},
    "cli": {"auth", "demo", "geodata", "ingest", "store"},
    "ingest": {"geodata", "store"},
    "app": {"web"},
}
"""Our packages each folder may import (besides itself)."""

FORBIDDEN_LIBRARIES: dict[str, set[str]] = {
    "store": {
        "dash",
        "dash_bootstrap_components",
        "flask",
        "flask_security",
        "plotly",
        "folium",
        "geopandas",
        "shapely",
    },
    "auth": {"dash", "dash_bootstrap_components", "plotly"},
    "ingest": {"dash", "dash_bootstrap_components", "flask", "plotly"},
    "layers": {"dash", "dash_bootstrap_components", "flask", "sqlalchemy"},
    "view": {"dash", "dash_bootstrap_components", "plotly"},
    "geodata": {"dash", "sqlalchemy"},
}
"""Libraries a folder must not use: the data layer draws nothing, the layers read no database."""


def imported_tops(path: Path) -> set[str]:
    """The top-level names of every module ``path`` imports (at any depth of the file)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def files_of(folder: str) -> list[Path]:
    single = REPO / f"{folder}.py"
    return [single] if single.exists() else sorted((REPO / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_imports_run_one_way(folder: str) -> None:
    ours = set(ALLOWED)
    wrong = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in files_of(folder)
        for name in imported_tops(path) & ours
        if name != folder and name not in ALLOWED[folder]
    }
    assert not wrong, f"{folder}/ may import only {sorted(ALLOWED[folder])}: " + "; ".join(sorted(wrong))


@pytest.mark.parametrize("folder", sorted(FORBIDDEN_LIBRARIES))
def test_folders_keep_to_their_libraries(folder: str) -> None:
    wrong = {
        f"{path.relative_to(REPO)} imports {name}"
        for path in files_of(folder)
        for name in imported_tops(path) & FORBIDDEN_LIBRARIES[folder]
    }
    assert not wrong, "; ".join(sorted(wrong))


def test_every_package_has_a_rule() -> None:
    """A new top-level package must say where it stands."""
    packages = {path.parent.name for path in REPO.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages <= set(ALLOWED), f"no import rule for {sorted(packages - set(ALLOWED))}"
