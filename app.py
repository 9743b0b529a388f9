"""The entry point: ``server`` is the WSGI app for gunicorn; ``python app.py`` serves it directly.

PYTHONPATH=. python app.py                 # http://127.0.0.1:8050 (HOST / PORT override)
gunicorn -w 2 -b 127.0.0.1:8050 app:server  # production

The app itself is built by ``web.factory.create_app``.
"""

from __future__ import annotations

import os

from flask import Flask

from web.factory import app_or_exit, create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Flask:
    """``app:server`` for gunicorn, built on first access rather than at import (PEP 562)."""
    if name == "server":
        server = app_or_exit().server
        globals()["server"] = server
        return server
    raise AttributeError(name)


if __name__ == "__main__":
    app_or_exit().run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=False)
