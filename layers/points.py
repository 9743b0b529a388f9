"""Village points: one Scattermap trace per state, the worst state drawn last (on top)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from layers.palette import STATE_COLOURS, STATE_MARKER_SIZES

VILLAGE_LAYER = "villages"
"""``meta.layer`` of the village traces, which the browser counts to know every village is drawn."""
SELECTED_VILLAGE_LAYER = "selected-village"
OUTLINE_LAYER = "village-outlines"


def village_points(
    villages: pd.DataFrame,
    *,
    state_column: str,
    states: Sequence[str],
    state_labels: Mapping[str, str],
    name_column: str | None = None,
    size_scale: float = 1.0,
) -> list[go.Scattermap]:
    """Traces of village points coloured and sized by ``state_column``.

    Args:
        villages: one row per village with ``lat``, ``lon``, ``code`` and ``state_column``.
        states: the states in drawing order, best first: later traces are drawn over earlier
            ones, so an outage is never hidden under healthy neighbours. Every state gets a
            trace, empty or not, so the legend always lists all of them with their counts.
        state_labels: translated label of each state (legend and hover).
        name_column: a column of village names for the hover and ``customdata`` codes for
            clicks; ``None`` for the country view, where 24,700 names would weigh more than the
            points themselves and the click is resolved from the point's coordinates.
        size_scale: marker size factor; the country view draws smaller points so that a few
            hundred outages stand out without painting the whole map in alarm colours.
    """
    # Only the columns a trace reads, grouped once: comparing 24,700 states once per state and
    # filtering every column cost more than building the traces.
    drawn = villages[["lat", "lon", "code", state_column, *([name_column] if name_column else [])]]
    rows_by_state = drawn.groupby(state_column, sort=False).indices
    no_rows = np.empty(0, dtype=np.intp)
    return [
        _state_trace(drawn.iloc[rows_by_state.get(state, no_rows)], state, state_labels[state], name_column, size_scale)
        for state in states
    ]


def _state_trace(
    subset: pd.DataFrame, state: str, label: str, name_column: str | None, size_scale: float
) -> go.Scattermap:
    named = name_column is not None
    return go.Scattermap(
        lat=subset["lat"].to_numpy(np.float32),
        lon=subset["lon"].to_numpy(np.float32),
        mode="markers",
        name=f"{label} ({len(subset):,})",
        legendgroup=state,
        meta={"layer": VILLAGE_LAYER, "state": state},
        marker={"color": STATE_COLOURS[state], "size": STATE_MARKER_SIZES[state] * size_scale, "opacity": 0.9},
        text=subset[name_column].to_numpy() if named else None,
        customdata=subset["code"].to_numpy() if named else None,
        hovertemplate=(f"<b>%{{text}}</b><br>{label}<extra></extra>" if named else f"{label}<extra></extra>"),
    )


def village_outlines(
    villages: pd.DataFrame, *, state_column: str, colour: str, size_scale: float = 1.0, width: float = 2.5
) -> go.Scattermap:
    """One trace of discs in ``colour``, each ``width`` px wider than its village's point, to go
    under all the state traces: an outline, which MapLibre circles lack in Plotly.

    Why: the best state's colour is the colour of a 100 % area, so on a fully trained province
    its points vanished into the shading. Under every point, outlines never cover a worse state.
    """
    sizes = villages[state_column].astype(str).map(STATE_MARKER_SIZES).to_numpy(np.float32) * size_scale + width
    return go.Scattermap(
        lat=villages["lat"].to_numpy(np.float32),
        lon=villages["lon"].to_numpy(np.float32),
        mode="markers",
        marker={"size": sizes, "color": colour},
        hoverinfo="skip",
        showlegend=False,
        meta={"layer": OUTLINE_LAYER},
    )


def selected_village_halo(village: pd.Series, *, colour: str, size: float = 34) -> go.Scattermap:
    """A translucent disc under the open village's point: among its neighbours on the map, the one
    the panel describes. (MapLibre circles have no outline in Plotly, so a halo stands in for a ring.)"""
    return go.Scattermap(
        lat=np.array([village["lat"]], dtype="float32"),
        lon=np.array([village["lon"]], dtype="float32"),
        mode="markers",
        marker={"size": size, "color": colour, "opacity": 0.3},
        hoverinfo="skip",
        showlegend=False,
        meta={"layer": SELECTED_VILLAGE_LAYER},
    )
