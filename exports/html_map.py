"""One standalone HTML file of a folium map: Leaflet inlined, no other script, style or tile host.

Government networks may have no internet, so the file must open offline: folium's CDN links
are removed (``default_js``/``default_css`` emptied on the map instance, never on the class),
Leaflet's own script and style are inlined from ``exports/vendor``, and the images its style
refers to become data URIs.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import folium

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"
LEAFLET_DIR = VENDOR_DIR / "leaflet-1.9.3"
EXTERNAL_ASSET = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


class ExternalAssetError(RuntimeError):
    """The rendered map still loads something from another host."""


@lru_cache(maxsize=1)
def _leaflet_style() -> str:
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((LEAFLET_DIR / "images" / match.group(1)).read_bytes()).decode()
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)


@lru_cache(maxsize=1)
def _leaflet_script() -> str:
    return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")


def standalone_html(folium_map: folium.Map) -> str:
    """The whole page as one string; raises ``ExternalAssetError`` if anything external is left."""
    folium_map.default_js = []
    folium_map.default_css = []
    header = folium_map.get_root().header
    header.add_child(folium.Element(f"<style>{_leaflet_style()}</style>"), name="leaflet_css", index=0)
    header.add_child(folium.Element(f"<script>{_leaflet_script()}</script>"), name="leaflet_js", index=1)
    page = folium_map.get_root().render()
    leftover = external_assets(page)
    if leftover:
        raise ExternalAssetError(f"the map still loads {leftover[:3]}")
    return page


def external_assets(page: str) -> list[str]:
    """Tags of ``page`` that load a script, style or image from a network address."""
    return [match.group(0) for match in EXTERNAL_ASSET.finditer(page)]
