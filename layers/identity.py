"""Stable identities for map traces, so Plotly replaces a trace instead of morphing it into another.

Plotly matches the traces of a new figure to the drawn ones by ``uid``, or by position when there
is none. The map's trace list differs by level (a district view has an outline, outlined points
and named points; the country view has none of them), so matching by position turned an outline
into a points trace, or named points (MapLibre draws their text in a symbol layer) into plain
ones; MapLibre then refused to remove a layer that was never made ("Map error.") and the map
stayed as it was. With a uid naming what a trace is, a trace that is the same thing in both views
is updated, and anything else is removed and drawn anew.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import plotly.graph_objects as go


def drawable(traces: Sequence[go.BaseTraceType]) -> list[go.BaseTraceType]:
    """The traces less the point traces without a point.

    plotly.js makes no MapLibre layers for an empty ``scattermap`` trace but tries to remove them
    when the trace goes ("Cannot remove non-existing layer …-symbol"): the map then stops
    updating. An empty state showed nothing anyway (Plotly leaves it out of the legend too).
    """
    return [
        trace for trace in traces if not (trace.type == "scattermap" and (trace.lat is None or len(trace.lat) == 0))
    ]


def trace_identity(trace: go.BaseTraceType) -> str:
    """What a trace is: its type, its ``meta`` (layer, state, kind) or name, and whether it carries text.

    Letters, digits and dashes only: Plotly puts the uid into CSS class names and MapLibre layer ids.
    """
    meta = trace.meta if isinstance(trace.meta, dict) else {}
    what = "/".join(str(value) for value in meta.values()) or str(trace.name or "")
    variant = "named" if getattr(trace, "text", None) is not None else "plain"
    return re.sub(r"[^a-z0-9]+", "-", f"{trace.type}-{what}-{variant}".lower()).strip("-")


def with_stable_uids(traces: Sequence[go.BaseTraceType]) -> list[go.BaseTraceType]:
    """The traces with a ``uid`` from their identity (numbered when one identity repeats)."""
    seen: Counter[str] = Counter()
    for trace in traces:
        identity = trace_identity(trace)
        trace.uid = identity if not seen[identity] else f"{identity}-{seen[identity]}"
        seen[identity] += 1
    return list(traces)
