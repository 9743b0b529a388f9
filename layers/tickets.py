"""Open tickets on the map: sized circles per province (country view) or per village (deeper).

The circles take Okabe-Ito reddish purple, a colour no village state uses, over a slightly
larger dark circle so they stand out on any choropleth shade. Their area grows with the count
(size with its square root), so a province with four times the backlog looks four times as
big, not sixteen. Every trace carries ``meta={"layer": "tickets"}`` so figure patches and the
browser can tell them from the village traces.

MapLibre draws text on the map only with a glyph server (``glyphs`` in the style), which the
offline base style has not: the counts are in the hover, in the legend's total and in the
Tickets tab's backlog table rather than printed on the circles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

TICKET_LAYER: Final = "tickets"
TICKET_COLOUR: Final = "#CC79A7"  # Okabe-Ito reddish purple
OUTLINE_COLOUR: Final = "#2b2b2b"
OUTLINE_WIDTH: Final = 3.0
"""How much larger (in px of diameter) the dark circle under each coloured circle is."""
PROVINCE_SIZES: Final = (12.0, 44.0)
VILLAGE_SIZES: Final = (9.0, 24.0)


def circle_sizes(counts: np.ndarray, smallest: float, largest: float) -> np.ndarray:
    """Diameters whose areas follow ``counts``: the largest count gets ``largest``, none below ``smallest``."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.size == 0 or counts.max() <= 0:
        return np.full(counts.shape, smallest, dtype=np.float32)
    sizes: np.ndarray = np.clip(largest * np.sqrt(counts / counts.max()), smallest, largest).astype(np.float32)
    return sizes


def province_ticket_circles(provinces: pd.DataFrame, *, name_column: str, label: str) -> list[go.Scattermap]:
    """One circle per province with open tickets, at ``lat``/``lon`` (its villages' mean position).

    Args:
        provinces: ``code``, ``lat``, ``lon``, ``open`` and ``name_column``; rows with no open
            ticket are left out.
        name_column: the column of province names shown on hover.
        label: translated name of the layer ("Open tickets"); the legend adds the total.
    """
    shown = provinces[provinces["open"] > 0]
    hover = [
        f"<b>{name}</b><br>{label}: {count:,}" for name, count in zip(shown[name_column], shown["open"], strict=True)
    ]
    return _circles(shown, hover, label, PROVINCE_SIZES)


def village_ticket_markers(
    tickets: pd.DataFrame, *, name_column: str, label: str, category_labels: Mapping[str, str]
) -> list[go.Scattermap]:
    """One marker per village with open tickets, sized by their number, the hover listing them by category.

    Args:
        tickets: one row per village and category: ``code``, ``lat``, ``lon``, ``category``,
            ``open`` and ``name_column``.
        name_column: the column of village names shown on hover.
        label: translated name of the layer; the legend adds the total.
        category_labels: translated label of each category, in the order the hover lists them.
    """
    open_tickets = tickets[tickets["open"] > 0]
    order = {category: rank for rank, category in enumerate(category_labels)}
    rows = []
    for code, village in open_tickets.groupby("code", sort=True):
        village = village.sort_values("category", key=lambda c: c.map(order))
        lines = "<br>".join(
            f"{category_labels.get(c, c)}: {n:,}" for c, n in zip(village["category"], village["open"], strict=True)
        )
        total = int(village["open"].sum())
        first = village.iloc[0]
        rows.append(
            (code, first["lat"], first["lon"], total, f"<b>{first[name_column]}</b><br>{label}: {total:,}<br>{lines}")
        )
    villages = pd.DataFrame(rows, columns=["code", "lat", "lon", "open", "hover"])
    return _circles(villages, villages["hover"].tolist(), label, VILLAGE_SIZES)


def _circles(places: pd.DataFrame, hover: list[str], label: str, sizes: tuple[float, float]) -> list[go.Scattermap]:
    """The dark outline circles, then the coloured ones with the legend entry, hover and click codes."""
    lat = places["lat"].to_numpy(np.float32)
    lon = places["lon"].to_numpy(np.float32)
    size = circle_sizes(places["open"].to_numpy(), *sizes)
    meta = {"layer": TICKET_LAYER}
    outline = go.Scattermap(
        lat=lat,
        lon=lon,
        mode="markers",
        marker={"color": OUTLINE_COLOUR, "size": size + OUTLINE_WIDTH, "opacity": 0.9},
        hoverinfo="skip",
        showlegend=False,
        legendgroup=TICKET_LAYER,
        meta=meta,
    )
    circles = go.Scattermap(
        lat=lat,
        lon=lon,
        mode="markers",
        name=f"{label} ({int(places['open'].sum()):,})",
        legendgroup=TICKET_LAYER,
        meta=meta,
        marker={"color": TICKET_COLOUR, "size": size, "opacity": 0.95},
        hovertext=hover,
        customdata=places["code"].to_numpy(),
        hovertemplate="%{hovertext}<extra></extra>",
    )
    return [outline, circles]
