"""Where uploaded media (showcase images) live: ``MEDIA_DIR`` or ``var/media`` under the project.

Paths in the database are relative to this folder, so the folder can move between machines.
"""

from __future__ import annotations

import os
from pathlib import Path

from store.core.db import PROJECT_ROOT

DEFAULT_MEDIA_DIR = PROJECT_ROOT / "var" / "media"
MEDIA_PREFIX = "/media/"
"""Where the server serves the media folder (``api.showcase.media_blueprint``)."""


def media_root() -> Path:
    """The configured media folder (not created here)."""
    return Path(os.environ.get("MEDIA_DIR") or DEFAULT_MEDIA_DIR)


def media_url(path: str | None) -> str | None:
    """The URL of a file of the media folder (``None`` stays ``None``)."""
    return f"{MEDIA_PREFIX}{path}" if path else None
