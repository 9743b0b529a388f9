"""Centre and zoom that fit a bounding box into the map (Web Mercator, 512-px MapLibre tiles)."""

from __future__ import annotations

import math

TILE_SIZE_PX = 512


def _mercator_y(lat: float) -> float:
    rad = math.radians(max(min(lat, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + rad / 2))


def fit_bounds(
    bounds: tuple[float, float, float, float], *, width_px: int = 900, height_px: int = 760, padding: float = 0.08
) -> dict[str, object]:
    """``{"center": {...}, "zoom": z}`` showing ``(min_lon, min_lat, max_lon, max_lat)`` whole."""
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
        "zoom": round(min(zoom_x, zoom_y, 14.0), 2),
    }
