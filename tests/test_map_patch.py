"""A new metric or language of the same area patches the map: colours, legend and texts travel,
the village coordinates do not; and the patched figure is the one a fresh page load draws."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from dashboard.ids import MapPage
from tests.dash_callback import post_callback
from tests.databases import dashboard
from tests.signed_in import signed_in_client

OUTPUTS = [(MapPage.MAP, "figure"), (MapPage.DRAWN_VIEW, "data")]


@pytest.fixture(scope="module")
def client(demo_database_url):
    return signed_in_client(dashboard(demo_database_url).server)


def show_map(client, search: str, drawn: object) -> tuple[dict[str, Any], int]:
    """The map callback's answer to a new URL, the map showing ``drawn``; and its size in bytes."""
    status, answer = post_callback(
        client,
        OUTPUTS,
        [(MapPage.URL, "search", search)],
        ((MapPage.EMBEDDED_VIEW, "data", None), (MapPage.DRAWN_VIEW, "data", drawn)),
    )
    assert status == 200, answer
    return answer["response"], len(json.dumps(answer))


def drawn(search: str) -> dict[str, object]:
    return {"search": search, "patched": False}


def patched(figure: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``figure`` after the patch's operations, as dash-renderer applies them (only those a map patch uses)."""
    result = copy.deepcopy(figure)
    for operation in patch["operations"]:
        *path, last = operation["location"]
        target = result
        for key in path:
            target = target[key]
        if operation["operation"] == "Assign":
            target[last] = operation["params"]["value"]
        elif operation["operation"] == "Delete":
            del target[last]
        else:
            raise AssertionError(f"unexpected patch operation {operation['operation']}")
    return result


def figure_keys(node: object) -> set[str]:
    """Every key anywhere in a JSON answer."""
    if isinstance(node, dict):
        return set(node) | {key for value in node.values() for key in figure_keys(value)}
    if isinstance(node, list):
        return {key for value in node for key in figure_keys(value)}
    return set()


@pytest.mark.parametrize(
    ("before", "after", "share"),
    [
        ("?metric=hotspot&lang=th", "?metric=volunteer&lang=th", 0.15),  # the country: 24,700 villages
        # a province's and a district's points carry names, which a new language sends again
        ("?area=84&metric=training&lang=th", "?area=84&metric=training&lang=en", 0.5),
        ("?area=8401&metric=hotspot&lang=en", "?area=8401&metric=training&lang=th", 0.8),
    ],
)
def test_a_new_metric_or_language_sends_no_coordinates_and_ends_as_a_fresh_draw(client, before, after, share):
    first = show_map(client, before, drawn("?area=10"))[0]
    old_figure, on_screen = first["map"]["figure"], first[MapPage.DRAWN_VIEW]["data"]
    fresh, fresh_size = show_map(client, after, drawn("?area=10"))
    # the map as this callback drew it (its shape known), and as the page's layout brought it (not known)
    for shown in (on_screen, drawn(before)):
        answer, size = show_map(client, after, shown)
        patch = answer["map"]["figure"]
        assert patch.get("__dash_patch_update") == "__dash_patch_update"
        assert not {"lat", "lon"} & figure_keys(patch)
        assert size < fresh_size * share, (size, fresh_size)
        assert patched(old_figure, patch) == fresh["map"]["figure"]
        assert answer[MapPage.DRAWN_VIEW]["data"]["patched"] is True  # the overlays follow


def test_another_area_or_an_unknown_map_draws_a_new_figure(client):
    for search, on_screen in [("?area=84", drawn("")), ("?area=84", None), ("?area=84", "?area=84")]:
        answer, _ = show_map(client, search, on_screen)
        figure = answer["map"]["figure"]
        assert "__dash_patch_update" not in figure and {"lat", "lon"} <= figure_keys(figure["data"])
        assert answer[MapPage.DRAWN_VIEW]["data"]["patched"] is False


def test_a_date_whose_villages_changed_state_draws_a_new_figure(client):
    """Villages that changed state move to other traces: new coordinates per trace, a new figure."""
    on_screen = show_map(client, "?as_of=2019-02-01", None)[0][MapPage.DRAWN_VIEW]["data"]
    answer, _ = show_map(client, "?as_of=2018-06-01", on_screen)
    assert "__dash_patch_update" not in answer["map"]["figure"]


def test_a_shape_that_is_not_the_new_figures_draws_a_new_figure(client):
    """Data that changed since the map was drawn: the figure on screen is not the one a patch fits."""
    answer, _ = show_map(client, "?metric=volunteer", {"search": "?metric=hotspot", "shape": "0" * 32})
    assert "__dash_patch_update" not in answer["map"]["figure"]
