"""Every registered callback of the three Dash apps, posted what a real page never sends.

The callbacks are enumerated from each app's ``callback_map`` (``tests.callback_requests``), so a
new callback is fuzzed without a line here. Each input and state slot gets each value of
``BAD_VALUES`` while the other slots hold values the page itself could send (from its layout and
``PLAUSIBLE``), and hypothesis draws whole bodies of nested JSON. A callback must answer 200 or
204 by itself: the server's last-resort guard (a 400 with a warning) must never be what saved it,
and nothing may be logged at error level or with a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.core.access import Role
from tests.callback_requests import CallbackSpec, callback_specs, layout_values, plausible_values
from tests.databases import dashboard, new_database_url
from tests.showcase_small import add_showcase
from tests.signed_in import signed_in_client
from tests.small_db import build_small_database
from tests.small_tickets import add_small_tickets
from web.request_guards import dash_apps

BAD_VALUES: list[Any] = [
    None,
    0,
    -1,
    1.5,
    1e20,
    -1e20,
    2**70,
    float("nan"),
    float("inf"),
    True,
    "",
    "abc",
    "²",
    "9" * 30,
    "?area=84",
    [],
    [None],
    ["abc"],
    [[[]]],
    {},
    {"a": 1},
    {"startRow": 1e20, "endRow": 2e20},
    {"startRow": "abc"},
    {"sortModel": [{"colId": 5, "sort": []}]},
    {"sortModel": "id"},
    {"rowId": "abc"},
    {"rowId": 2**70},
    {"points": "x"},
    {"points": [{"location": 12}]},
    {"points": [{"lat": "a", "lon": None}]},
    {"points": [{"lat": 1e308, "lon": -1e308}]},
    {"n": "abc"},
    {"column": ["x"]},
    [["showcase", "abc"]],
    [["nonsense", 1]],
    "ก" * 5000,
]

PLAUSIBLE: dict[tuple[str, str], list[Any]] = {
    ("*", "search"): [
        "?area=84&lang=en",
        "?area=84010101&as_of=2019-01-15",
        "?area=8401&metric=training",
        "?area=840101",
    ],
    ("tickets-grid", "getRowsRequest"): [{"startRow": 0, "endRow": 100, "sortModel": [{"colId": "id", "sort": "asc"}]}],
    ("tickets-grid", "cellClicked"): [{"rowId": "2", "colId": "title_th"}],
    ("tickets-selected", "data"): [2],
    ("tickets-new-status", "value"): ["in_progress"],
    ("tickets-save", "n_clicks"): [1],
    ("tickets-change-key", "data"): ["fuzz-change-1"],
    ("as-of-slider", "value"): [400],
    ("map", "clickData"): [{"points": [{"location": "84"}]}, {"points": [{"lat": 9.1, "lon": 99.3}]}],
    ("display-request", "data"): [{"n": 1, "at": 0}],
    ("map-overlays-on-map", "data"): [[["showcase", 5]], [["tickets", 1]]],
    ("ranking-sort", "data"): [{"column": "villages", "descending": True, "show_all": True}],
    ("ranking-click", "data"): [
        {"button": {"type": "ranking-sort-button", "column": "villages"}, "at": 1},
        {"button": {"type": "ranking-show-all", "index": "ranking"}, "at": 2},
    ],
}
VARIANTS = 3
"""How many sets of plausible values the other slots take in turn (reaching deeper branches)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    url = new_database_url(tmp_path_factory.mktemp("fuzz"), "small")
    engine = build_small_database(url)
    add_small_tickets(engine)
    add_showcase(engine)
    return dashboard(url).server


@pytest.fixture(scope="module")
def callbacks(server: Any) -> list[tuple[CallbackSpec, dict[tuple[str, str], list[Any]]]]:
    """Each server-side callback of each app with what its page's widgets can send."""
    found = []
    for app in dash_apps(server):
        layout = layout_values(app)
        for key, values in PLAUSIBLE.items():
            layout[key] = [*values, *layout.get(key, [])]
        found += [(spec, layout) for spec in callback_specs(app) if spec.server_side]
    return found


def post_and_check(client: Any, spec: CallbackSpec, body: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    answer = client.post(spec.url, json=body)
    refused = [record.getMessage() for record in caplog.records if record.name == "web.request_guards"]
    assert answer.status_code in (200, 204), (spec.name, body, answer.status_code, refused, answer.get_data()[:300])
    assert not refused, (spec.name, body, refused)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], (spec.name, body)


def test_every_app_and_callback_is_enumerated(callbacks: list[Any]) -> None:
    urls = {spec.url for spec, _ in callbacks}
    assert urls == {"/_dash-update-component", "/tickets/_dash-update-component", "/display/_dash-update-component"}
    assert len(callbacks) >= 20  # 14 + 6 + 1 server callbacks today; a new one joins by itself


def test_each_slot_of_each_callback_rejects_what_a_page_never_sends(
    server: Any, callbacks: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    client = signed_in_client(server, Role.OFFICER, ("84",))
    caplog.set_level(logging.WARNING)
    for spec, layout in callbacks:
        for variant in range(VARIANTS):
            plausible = plausible_values(spec, layout, variant)
            for trigger in range(len(spec.inputs)) if variant == 0 else range(1):  # every trigger once
                post_and_check(client, spec, spec.body(plausible, trigger), caplog)
                for slot in range(spec.slot_count):
                    for bad in BAD_VALUES:
                        post_and_check(client, spec, spec.body({**plausible, slot: bad}, trigger), caplog)


STORE_KEYS = ("startRow", "endRow", "sortModel", "colId", "sort", "rowId", "points", "location", "customdata")
KEYS = st.sampled_from([*STORE_KEYS, "lat", "lon", "n", "column", "descending", "show_all", "value", "a"])
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["showcase", "tickets", "done", "in_progress", "84", "84010101", "?area=84", "2019-01-15"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(KEYS, children, max_size=3),
    max_leaves=6,
)


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_json_in_every_slot_never_breaks_a_callback(
    server: Any, callbacks: list[Any], caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    spec, layout = data.draw(st.sampled_from(callbacks), label="callback")
    plausible = plausible_values(spec, layout, data.draw(st.integers(0, VARIANTS - 1), label="variant"))
    slots = data.draw(st.sets(st.integers(0, spec.slot_count - 1), min_size=1), label="mutated slots")
    values = {**plausible, **{slot: data.draw(JSON_VALUES, label=f"slot {slot}") for slot in slots}}
    trigger = data.draw(st.integers(0, len(spec.inputs) - 1), label="trigger")
    caplog.set_level(logging.WARNING)
    post_and_check(signed_in_client(server, Role.OFFICER, ("84",)), spec, spec.body(values, trigger), caplog)


ENVELOPE_KEYS = st.sampled_from(["output", "outputs", "inputs", "state", "changedPropIds"])


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_malformed_envelope_is_a_json_400_never_a_500(
    server: Any, callbacks: list[Any], caplog: pytest.LogCaptureFixture, data: st.DataObject
) -> None:
    """Whole bodies that are no callback request: the guard answers 400 (a warning, no traceback)."""
    spec, _layout = data.draw(st.sampled_from(callbacks), label="callback")
    body = spec.body()
    for key in data.draw(st.sets(ENVELOPE_KEYS, min_size=1), label="replaced keys"):
        body[key] = data.draw(JSON_VALUES | st.just(spec.output_key), label=key)
    caplog.clear()
    caplog.set_level(logging.WARNING)
    answer = signed_in_client(server, Role.OFFICER, ("84",)).post(spec.url, json=body)
    assert answer.status_code < 500, (body, answer.get_data()[:300])
    if answer.status_code >= 400:
        assert answer.json["error"]["status"] == answer.status_code
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], body
