"""Colours, fonts and map styles of the dashboard (light) and the briefing-room display (dark)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FONT_FAMILY = "Sarabun, 'Noto Sans Thai', 'Tahoma', sans-serif"


@dataclass(frozen=True)
class MapTheme:
    """How a map figure looks: the base map is a plain background, our boundaries draw the land."""

    background: str
    paper: str
    text: str
    font_size: int
    point_outline: str = "#ffffff"  # around village points: light on both themes' shading

    def map_style(self) -> dict[str, Any]:
        """A MapLibre style with one background layer: no tile server, no glyphs, no sprites to fetch.

        ``sources`` holds an empty GeoJSON source rather than nothing: plotly.js drops empty
        objects when it diffs a new figure's style, and MapLibre then rejects the style
        ("missing required property sources") on every drill-down.
        """
        return {
            "version": 8,
            "sources": {"empty": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
            "layers": [{"id": "background", "type": "background", "paint": {"background-color": self.background}}],
        }


LIGHT_MAP = MapTheme(background="#dce8f0", paper="#ffffff", text="#1d2a36", font_size=13)
DARK_MAP = MapTheme(background="#0b1722", paper="#05090d", text="#f2f5f8", font_size=22)
