"""The map page's layout per visitor, against its callbacks as Dash's renderer runs them.

The renderer leaves out a callback none of whose inputs, or none of whose outputs, are on the page;
one with some of them on the page runs, and fails in the browser on the missing ones. With
``PUBLIC_READ=aggregate`` the signed-out page must hold no callback that the gate refuses (the
browser would post it and get 401) and no callback with a part missing; a signed-in person's page
holds every callback whole. The browser's side of it: ``tests/browser/test_public_page.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from auth.gate import PUBLIC_REFUSED_COMPONENTS
from store.core.access import Role
from tests.databases import dashboard, new_database_url
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = new_database_url(tmp_path_factory.mktemp("public"), "small")
    build_small_database(url)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PUBLIC_READ", "aggregate")
        return dashboard(url).server


def component_ids(node: Any) -> Iterator[str]:
    """The string ids of every component in a ``/_dash-layout`` answer (children, tab contents...)."""
    if isinstance(node, list):
        for item in node:
            yield from component_ids(item)
    elif isinstance(node, dict):
        if isinstance(node.get("props", {}).get("id"), str):
            yield node["props"]["id"]
        for value in node.values():
            yield from component_ids(value)


def output_ids(output: str) -> list[str]:
    """The components a callback updates (none for a callback without outputs: its key is a hash)."""
    return [part.split(".", 1)[0] for part in output.strip(".").split("...") if "." in part]


def fixed_ids(dependencies: list[dict[str, Any]]) -> list[str]:
    """The string ids among ``dependencies`` (pattern-matching ids may match nothing: Dash allows it)."""
    return [dependency["id"] for dependency in dependencies if not dependency["id"].startswith("{")]


def callbacks_on_the_page(client: Any) -> tuple[list[tuple[str, set[str]]], list[str]]:
    """Each callback the renderer would run on the page, with the parts it misses; and those it leaves out."""
    on_page = set(component_ids(client.get("/_dash-layout").json))
    running, left_out = [], []
    for callback in client.get("/_dash-dependencies").json:
        outputs, inputs = output_ids(callback["output"]), fixed_ids(callback["inputs"])
        if (outputs and not on_page & set(outputs)) or (inputs and not on_page & set(inputs)):
            left_out.append(callback["output"])
            continue
        parts = {*outputs, *inputs, *fixed_ids(callback["state"])}
        running.append((callback["output"], {part for part in parts if not part.startswith("{")} - on_page))
    return running, left_out


def test_the_signed_out_page_runs_no_refused_callback_and_none_with_a_missing_part(server: Any) -> None:
    running, left_out = callbacks_on_the_page(server.test_client())
    assert [(output, missing) for output, missing in running if missing] == []
    refused = [output for output, _ in running if set(output_ids(output)) & PUBLIC_REFUSED_COMPONENTS]
    assert refused == []
    assert {"kpis", "map", "ranking"} <= {ids for output, _ in running for ids in output_ids(output)}
    assert any(set(output_ids(output)) & PUBLIC_REFUSED_COMPONENTS for output in left_out)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.EXECUTIVE])
def test_a_signed_in_page_runs_every_callback_whole(server: Any, role: Role) -> None:
    client = signed_in_client(server, role, ("84",) if role is Role.OFFICER else ())
    running, left_out = callbacks_on_the_page(client)
    assert left_out == []
    assert [(output, missing) for output, missing in running if missing] == []
