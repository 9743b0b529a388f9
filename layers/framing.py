"""What the map frames: an area's bounds, and a first camera for them (Web Mercator, 512-px MapLibre tiles).

The map's real size is known only in the browser: ``assets/map_framing.js`` refits the camera
from the bounds a figure carries (``MapFrame.browser_frame``) to the map's actual width and
height, after every draw of a new view and every resize or rotation. The camera computed here
is only the first guess the figure is drawn with before that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypedDict

TILE_SIZE_PX = 512
MAX_ZOOM = 14.0
GUESS_WIDTH_PX, GUESS_HEIGHT_PX = 900, 760
"""The size the first camera assumes: a desktop map. The browser refits to the real size."""

Bounds = tuple[float, float, float, float]
"""``(min_lon, min_lat, max_lon, max_lat)``"""


class Camera(TypedDict):
    center: dict[str, float]
    zoom: float


class BrowserFrame(TypedDict):
    """``layout.meta.frame`` of a map figure, read by assets/map_framing.js."""

    bounds: list[list[float]]  # [[west, south], [east, north]], as MapLibre's fitBounds takes them
    maxZoom: float
    camera: Camera  # the figure's own camera: when the map shows it, the browser has not refitted yet


def _mercator_y(lat: float) -> float:
    rad = math.radians(max(min(lat, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + rad / 2))


def fit_bounds(
    bounds: Bounds,
    *,
    width_px: int = GUESS_WIDTH_PX,
    height_px: int = GUESS_HEIGHT_PX,
    padding: float = 0.08,
    max_zoom: float = MAX_ZOOM,
) -> Camera:
    """``{"center": {...}, "zoom": z}`` showing ``bounds`` whole in a map of ``width_px`` × ``height_px``."""
    min_lon, min_lat, max_lon, max_lat = bounds
    lon_fraction = max(max_lon - min_lon, 1e-4) / 360
    lat_fraction = max(_mercator_y(max_lat) - _mercator_y(min_lat), 1e-4) / (2 * math.pi)
    usable = 1 - 2 * padding
    zoom_x = math.log2(width_px * usable / TILE_SIZE_PX / lon_fraction)
    zoom_y = math.log2(height_px * usable / TILE_SIZE_PX / lat_fraction)
    centre_y = (_mercator_y(max_lat) + _mercator_y(min_lat)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return {
        "center": {"lat": round(centre_lat, 5), "lon": round((min_lon + max_lon) / 2, 5)},
        "zoom": round(min(zoom_x, zoom_y, max_zoom), 2),
    }


@dataclass(frozen=True)
class MapFrame:
    """The area a map frames: its bounds, and how close the map may come (a village's point has no size)."""

    bounds: Bounds
    max_zoom: float = MAX_ZOOM

    def camera(self) -> Camera:
        """The first camera, for a desktop-sized map."""
        return fit_bounds(self.bounds, max_zoom=self.max_zoom)

    def browser_frame(self) -> BrowserFrame:
        """What the browser refits the camera from, to the map's real size."""
        west, south, east, north = (round(float(value), 5) for value in self.bounds)
        return {"bounds": [[west, south], [east, north]], "maxZoom": self.max_zoom, "camera": self.camera()}
