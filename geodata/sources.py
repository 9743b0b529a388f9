"""Where the geodata comes from and where its prepared copy lives.

The source files are never committed: a developer machine finds them next to the project, a
deployment points `GEODATA_SRC` at the official files (OCHA COD-AB Thailand boundaries, DOPA codes).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SOURCE_FILES = ("provinces.geojson", "districts.geojson", "tambons.csv")


class GeodataError(RuntimeError):
    """The geodata sources or cache cannot be used; the message says what to fix."""


def geodata_source_dir() -> Path:
    """Folder holding `SOURCE_FILES`: `GEODATA_SRC`, else `<project root>/../shared/geodata`."""
    configured = os.environ.get("GEODATA_SRC")
    folder = Path(configured) if configured else PROJECT_ROOT.parent / "shared" / "geodata"
    if folder.is_dir():
        return folder
    origin = f"GEODATA_SRC={configured!r}" if configured else f"the default {folder}"
    raise GeodataError(
        f"geodata source folder not found ({origin}). Set GEODATA_SRC to a folder holding "
        f"{', '.join(SOURCE_FILES)} (boundaries from OCHA COD-AB Thailand, codes from DOPA; see README)."
    )


def geodata_cache_dir() -> Path:
    """Folder of the prepared layers: `GEODATA_CACHE`, else `<project root>/var/cache/geodata` (git-ignored)."""
    configured = os.environ.get("GEODATA_CACHE")
    folder = Path(configured) if configured else PROJECT_ROOT / "var" / "cache" / "geodata"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
