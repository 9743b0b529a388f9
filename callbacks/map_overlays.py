"""Add and remove the map's overlay layers (showcase, open tickets) with ``Patch()``.

One callback serves every overlay, so two switches never patch the figure at the same time from
stale knowledge of what is on it. The overlays' traces are the last ones of the figure, in the
order they were switched on; ``MapPage.OVERLAYS_ON_MAP`` remembers that order and how many traces
each added, which is all a patch needs to delete exactly one overlay's traces.

The map callback sets ``MapPage.DRAWN_VIEW`` for every new view, and the overlays that are switched
on are drawn again for that view, so a layer stays on while the user drills down or moves the date:
on a new figure (without overlays) they are added; on a patched one (a new metric or language, the
overlays still on it) they are deleted and added again, in the view's language. The overlays
listen to that view's copy among their own tools (``MapPage.OVERLAYS_VIEW``, copied in the
browser): the signed-out aggregate page has no overlay tools, so there this callback has no input
and never fires; and while no overlay is switched on or left on the map, the copy is not made, so
a drill-down posts nothing for the overlays.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, no_update

from dashboard.compose import DrawnView
from dashboard.ids import MapPage
from dashboard.map_overlays import MapOverlay
from layers.identity import drawable, with_stable_uids
from view.inputs import as_choice, as_int_in_range, as_list
from view.resolve import ViewResolver

OnMap = list[tuple[str, int]]
"""Each overlay on the map, in drawing order, with how many traces it added."""

MAX_TRACES = 1000
"""More traces than any overlay adds (one per kind or category): a larger count is not ours."""


def plan_changes(on_map: OnMap, wanted: Sequence[str]) -> tuple[list[int], OnMap, list[str]]:
    """What to delete and add so that exactly ``wanted`` overlays are on the map.

    Returns the negative trace indices to delete one after the other, the overlays that stay
    and the layers to append (in ``wanted`` order).
    """
    deletions: list[int] = []
    kept: OnMap = []
    traces_after = 0  # traces of kept overlays behind the one looked at
    for layer, count in reversed(on_map):
        if layer in wanted:
            kept.insert(0, (layer, count))
            traces_after += count
        else:
            deletions += [-(traces_after + 1)] * count
    present = {layer for layer, _ in kept}
    return deletions, kept, [layer for layer in wanted if layer not in present]


def stored_overlays(stored: object, layers: Collection[str]) -> OnMap | None:
    """``MapPage.OVERLAYS_ON_MAP`` as this callback wrote it (pairs of a known layer and a trace
    count); ``None`` for anything else."""
    if stored is None:
        return []
    entries = as_list(stored)
    if entries is None:
        return None
    on_map: OnMap = []
    for entry in entries:
        pair = as_list(entry)
        if pair is None or len(pair) != 2:
            return None
        layer, count = as_choice(pair[0], layers), as_int_in_range(pair[1], 0, MAX_TRACES)
        if layer is None or count is None:
            return None
        on_map.append((layer, count))
    return on_map


def register(app: Dash, resolver: ViewResolver, overlays: Sequence[MapOverlay]) -> None:
    """Wire every overlay's switch to the map figure."""
    by_layer = {overlay.layer: overlay for overlay in overlays}

    app.clientside_callback(  # assets/map_overlays.js
        ClientsideFunction(namespace="mapOverlays", function_name="followDrawnView"),
        Output(MapPage.OVERLAYS_VIEW, "data"),
        Input(MapPage.DRAWN_VIEW, "data"),
        State(MapPage.OVERLAYS_ON_MAP, "data"),
        *(State(overlay.switch, "value") for overlay in overlays),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(MapPage.MAP, "figure", allow_duplicate=True),
        Output(MapPage.OVERLAYS_ON_MAP, "data"),
        *(Input(overlay.switch, "value") for overlay in overlays),
        Input(MapPage.OVERLAYS_VIEW, "data"),
        State(MapPage.OVERLAYS_ON_MAP, "data"),
        prevent_initial_call=True,
    )
    def patch_overlays(*args: Any) -> tuple[Any, Any]:
        *switches, drawn_store, stored = args
        drawn = DrawnView.from_store(drawn_store)
        new_view = ctx.triggered_id == MapPage.OVERLAYS_VIEW
        on_map = [] if new_view and not (drawn and drawn.patched) else stored_overlays(stored, by_layer)
        if on_map is None:
            return no_update, no_update  # not what this callback stores: what is on the map is unknown
        wanted = [overlay.layer for overlay, on in zip(overlays, switches, strict=True) if on]
        deletions, kept, additions = plan_changes(on_map, [] if new_view else wanted)
        if new_view:
            additions = wanted  # every overlay drawn for the new view
        if not deletions and not additions:
            return no_update, on_map
        figure = Patch()
        for index in deletions:
            del figure["data"][index]
        state = resolver.state(drawn.search if drawn else None)
        for layer in additions:
            traces = with_stable_uids(drawable(by_layer[layer].traces(state)))
            figure["data"].extend(traces)
            kept.append((layer, len(traces)))
        return figure, kept
