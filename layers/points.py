"""Village points: one Scattermap trace per group of villages that share their state in every metric.

Why groups rather than one trace per state of the metric on screen: a village's coordinates then
sit in the same trace whatever the metric, so switching the metric or the language changes only
each trace's colour, size, legend entry and hover text (``callbacks.map_page`` patches just those)
and never sends the coordinates again. A metric's state is the same for every village of a group,
so each trace still has one colour; the traces of one state share a ``legendgroup``, and only the
first of them shows in the legend, with the state's count.
"""

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
    state_orders: Mapping[str, Sequence[str]],
    state_column: str,
    state_labels: Mapping[str, str],
    name_column: str | None = None,
    size_scale: float = 1.0,
) -> list[go.Scattermap]:
    """Traces of village points coloured and sized by ``state_column``.

    Args:
        villages: one row per village with ``lat``, ``lon``, ``code`` and every column of ``state_orders``.
        state_orders: every metric's state column with its states in drawing order, best first.
            The villages are grouped by all these columns, and the groups drawn in the order of
            the first column, then the next: later traces are drawn over earlier ones, so in the
            first metric an outage is never hidden under healthy neighbours. In the others a worse
            point may lie under a better one of another group; worse states are also larger, so
            it still shows as a ring around it.
        state_column: the column of ``state_orders`` that colours the points and makes the legend.
        state_labels: translated label of each state of ``state_column`` (legend and hover).
        name_column: a column of village names for the hover and ``customdata`` codes for
            clicks; ``None`` for the country view, where 24,700 names would weigh more than the
            points themselves and the click is resolved from the point's coordinates.
        size_scale: marker size factor; the country view draws smaller points so that a few
            hundred outages stand out without painting the whole map in alarm colours.
    """
    columns = list(state_orders)
    shown = columns.index(state_column)
    rows_of_group = villages.groupby(columns, sort=False, observed=True).indices  # positions, in row order
    points = _point_arrays(villages, name_column)
    counts = villages[state_column].value_counts()
    legend_ranks = {state: rank for rank, state in enumerate(state_orders[state_column], start=1)}
    traces, in_legend = [], set()
    for group in sorted(rows_of_group, key=lambda key: drawing_rank(key, state_orders)):
        state, rows = str(group[shown]), rows_of_group[group]
        traces.append(
            go.Scattermap(
                **{name: None if values is None else values[rows] for name, values in points.items()},
                mode="markers",
                name=f"{state_labels[state]} ({counts[state]:,})",
                legendgroup=state,
                showlegend=state not in in_legend,  # one entry per state, for all its groups
                legendrank=legend_ranks[state],
                meta={"layer": VILLAGE_LAYER, "group": "-".join(str(part) for part in group)},
                marker={"color": STATE_COLOURS[state], "size": STATE_MARKER_SIZES[state] * size_scale, "opacity": 0.9},
                hovertemplate=(
                    f"<b>%{{text}}</b><br>{state_labels[state]}<extra></extra>"
                    if name_column
                    else f"{state_labels[state]}<extra></extra>"
                ),
            )
        )
        in_legend.add(state)
    return traces


def drawing_rank(group: tuple[object, ...], state_orders: Mapping[str, Sequence[str]]) -> tuple[int, ...]:
    """Where a group of villages is drawn: by its state in the first column, then the next (best first)."""
    return tuple(
        list(states).index(str(state)) if str(state) in states else len(states)
        for state, states in zip(group, state_orders.values(), strict=True)
    )


def _point_arrays(villages: pd.DataFrame, name_column: str | None) -> dict[str, np.ndarray | None]:
    """Coordinates (float32), and in named views each village's name (hover) and code (clicks)."""
    named = name_column is not None
    return {
        "lat": villages["lat"].to_numpy(np.float32),
        "lon": villages["lon"].to_numpy(np.float32),
        "text": villages[name_column].to_numpy() if named else None,
        "customdata": villages["code"].to_numpy() if named else None,
    }


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
