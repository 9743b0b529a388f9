"""Serve our partial plotly.js bundle instead of dash's full plotly.min.js.

Why: the full plotly.min.js is ~4.8 MB (~1.4 MB gzipped), our whole first map may send 1.5 MB.
``scripts/build_plotly_bundle.sh`` builds ``var/static/plotly-custom.min.js`` (core + scattermap,
choroplethmap, bar; sent as ~0.68 MB brotli or ~0.9 MB gzip) from ``frontend/``.

How it replaces dash's copy (dash 4.4): dash registers plotly.min.js as an ``async: "eager"``
resource of dcc, so with ``eager_loading=False`` (the default) no page ever gets a ``<script>`` for
it. dcc.Graph's async chunk resolves ``window.Plotly || <load window._dashPlotlyJSURL>``: when a
plain ``<script>`` has set ``window.Plotly`` first, the full copy is never requested. We add that
script to ``app.config.external_scripts`` (after React, before the component bundles) and serve it
pre-compressed (brotli or gzip) from a Flask route, so the server never compresses 3 MB per request.
The bundle also carries the regenerator runtime, so a page that loads it leaves dash's
``@babel/polyfill`` out (``POLYFILL``).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import dash
from flask import Response, request, send_file
from plotly.offline import get_plotlyjs_version

from web.component_libraries import leave_out_dash_scripts

BUNDLE = Path(__file__).resolve().parents[1] / "var" / "static" / "plotly-custom.min.js"
ROUTE = "_plotly/plotly-custom.min.js"
POLYFILL = "deps/polyfill@"
"""dash's @babel/polyfill (97 KB): of it the pages need only ``regeneratorRuntime``, which our bundle
defines before the component bundles run; the rest is built into every browser we serve."""
ONE_YEAR_S = 365 * 24 * 3600  # the URL carries the content hash, so the file may be cached for good

log = logging.getLogger(__name__)


def bundle_version(bundle: Path) -> str | None:
    """plotly.js version in the bundle's banner (``/* plotly.js v4.1.1 (custom: ...) */``), if any."""
    with bundle.open("rb") as f:
        first = f.readline(200).decode("ascii", "replace")
    prefix = "/* plotly.js v"
    return first[len(prefix) :].split(" ", 1)[0] if first.startswith(prefix) else None


def _unusable_reason(app: dash.Dash, bundle: Path) -> str | None:
    """Why the bundle cannot replace dash's copy, or None when it can."""
    if not bundle.is_file():
        return f"{bundle} not built (run scripts/build_plotly_bundle.sh)"
    if app.config.eager_loading:
        return "eager_loading=True: dash would send its full plotly.min.js as well"
    expected = get_plotlyjs_version()
    found = bundle_version(bundle)
    if found != expected:
        return f"bundle is plotly.js {found}, dash's copy is {expected}: rebuild it"
    return None


def _send_bundle(bundle: Path) -> Response:
    """The bundle as its pre-compressed .br or .gz copy, the best the browser accepts."""
    for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
        compressed = bundle.with_name(bundle.name + suffix)
        if encoding in request.accept_encodings and compressed.is_file():
            response = send_file(compressed, mimetype="text/javascript", max_age=ONE_YEAR_S)
            response.headers["Content-Encoding"] = encoding
            break
    else:
        response = send_file(bundle, mimetype="text/javascript", max_age=ONE_YEAR_S)
    response.vary.add("Accept-Encoding")
    return response


def use_custom_plotly_bundle(app: dash.Dash, *, bundle: Path = BUNDLE) -> bool:
    """Make ``app``'s pages load our partial plotly.js instead of dash's full copy.

    Call it once in ``create_app()``, after ``dash.Dash(...)`` (the Flask server must exist).
    Returns True when the custom bundle is in use; False (with a logged reason) when it is
    missing, out of date or cannot replace dash's copy: the app then works with dash's full
    plotly.min.js, just with a heavier first load.
    """
    reason = _unusable_reason(app, bundle)
    if reason:
        log.warning("custom plotly.js bundle not used: %s", reason)
        return False
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()[:12]
    app.server.add_url_rule(
        f"{app.config.routes_pathname_prefix}{ROUTE}",
        f"plotly_custom_bundle{app.config.routes_pathname_prefix}",  # one per Dash app of the server
        lambda: _send_bundle(bundle),
    )
    app.config.external_scripts = [
        *app.config.external_scripts,
        f"{app.config.requests_pathname_prefix}{ROUTE}?v={digest}",
    ]
    leave_out_dash_scripts(app, {POLYFILL})  # the bundle defines regeneratorRuntime (frontend/src)
    return True
