"""Showcase items on the map: one Scattermap trace per kind, labelled in the legend.

Kinds take the Okabe-Ito colours the village states leave free (sky blue, bluish green, yellow,
reddish purple, black), so an item is never mistaken for a hotspot state; they are larger than
village points and drawn on top of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

SHOWCASE_COLOURS: Final[dict[str, str]] = {
    "product": "#009E73",  # bluish green
    "story": "#CC79A7",  # reddish purple
    "tourist_spot": "#56B4E9",  # sky blue
    "homestay": "#F0E442",  # yellow
    "activity": "#000000",  # black
}
SHOWCASE_MARKER_SIZE: Final = 10.0
SHOWCASE_LAYER: Final = "showcase"
"""``meta.layer`` of the showcase traces, as every overlay tags its traces."""


def showcase_points(
    items: pd.DataFrame, *, kinds: Sequence[str], kind_labels: Mapping[str, str], title_column: str
) -> list[go.Scattermap]:
    """One trace per kind (empty ones too, so the legend always lists every kind with its count).

    Args:
        items: ``id``, ``kind``, ``lat``, ``lon`` and ``title_column`` per item.
        kinds: the kinds in drawing order.
        kind_labels: translated label of each kind.
        title_column: the column of titles shown on hover.
    """
    return [_kind_trace(items[items["kind"] == kind], kind, kind_labels[kind], title_column) for kind in kinds]


def _kind_trace(subset: pd.DataFrame, kind: str, label: str, title_column: str) -> go.Scattermap:
    return go.Scattermap(
        lat=subset["lat"].to_numpy(np.float32),
        lon=subset["lon"].to_numpy(np.float32),
        mode="markers",
        name=f"{label} ({len(subset):,})",
        legendgroup=f"{SHOWCASE_LAYER}:{kind}",
        meta={"layer": SHOWCASE_LAYER, "kind": kind},
        marker={"color": SHOWCASE_COLOURS[kind], "size": SHOWCASE_MARKER_SIZE, "opacity": 0.95},
        text=subset[title_column].to_numpy(),
        customdata=subset["id"].to_numpy(),
        hovertemplate=f"<b>%{{text}}</b><br>{label}<extra></extra>",
    )
