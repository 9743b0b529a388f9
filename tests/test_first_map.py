"""The first map comes with the page's layout, for the very view the page's URL asks for."""

import json

import pytest

from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = new_database_url(tmp_path_factory.mktemp("first-map"), "small")
    build_small_database(url)
    return signed_in_client(dashboard(url).server)


def find(node, component_id):
    """The props of the component with ``component_id`` in a Dash layout tree."""
    if isinstance(node, list):
        return next((found for child in node if (found := find(child, component_id))), None)
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == component_id:
            return props
        return find(props.get("children"), component_id)
    return None


def layout_for(client, page_url: str | None):
    headers = {"Referer": page_url} if page_url else {}
    return json.loads(client.get("/_dash-layout", headers=headers).data)


def test_layout_carries_the_map_of_the_linked_view(client):
    layout = layout_for(client, "http://localhost/?area=84&metric=training&lang=en")
    assert find(layout, "map-embedded-view")["data"] == "?area=84&metric=training&lang=en&as_of=2019-02-01"
    figure = find(layout, "map")["figure"]
    villages = [trace for trace in figure["data"] if trace.get("meta", {}).get("layer") == "villages"]
    legend = [trace["name"] for trace in sorted(villages, key=lambda trace: trace["legendrank"]) if trace["showlegend"]]
    assert legend == ["Trained (1)", "Not trained yet (1)", "No volunteer (1)"]  # Surat Thani's villages


def test_without_the_page_url_the_map_callback_draws_it(client):
    layout = layout_for(client, None)
    assert find(layout, "map-embedded-view")["data"] is None
    assert not find(layout, "map").get("figure")
